import Logging
import OrderFlowCore
import OrderFlowFormats

/// The `import` job's drops: order files judged and stored request by request (Operations.md).
struct ImportDrops: DropHandler {
    let config: PipelineConfig
    let catalog: Catalog
    let ledger: any Ledger
    let hooks: CrashHooks
    let progress: (@Sendable (String, Int) -> Void)?
    /// The `trials` job's drops (Trials.md): CSV, new trial orders only.
    var trialsOnly = false

    func format(ofFileNamed name: String) throws -> BatchHeader.Format {
        trialsOnly ? try Self.csvOnly(name, what: "trial requests") : try DropFile.format(ofFileNamed: name)
    }

    func batchId(of claim: FileClaim, path: String) throws -> PreparedDrop {
        let header = try readHeader(path: path, fileName: claim.fileName, folderReseller: claim.reseller)
        let (_, batchId) = try DropReader.checkHeader(header, catalog: catalog, inboxOwner: claim.reseller)
        return PreparedDrop(batchId: batchId, location: header.location, headerSource: header.headerSource)
    }

    /// The file's header, read against the folder's reseller. When the reader finds the file names
    /// another one, a reseller the catalog does not have is `UNKNOWN_RESELLER` rather than the
    /// mismatch (ErrorCodes.md, UNKNOWN_RESELLER).
    private func readHeader(path: String, fileName: String, folderReseller: String) throws -> BatchHeader {
        do {
            return try DropReader.header(path: path, fileName: fileName, expectedReseller: folderReseller)
        } catch let mismatch as FileError where mismatch.diagnostics.contains(where: { $0.code == .resellerMismatch }) {
            if let named = try? DropReader.header(path: path, fileName: fileName, expectedReseller: nil) {
                _ = try DropFile.reseller(of: named, catalog: catalog, inboxOwner: nil)
            }
            throw mismatch
        }
    }

    func commit(_ batch: NewBatch, claim: FileClaim, path: String, lease: ResellerLease) throws -> BatchRecord {
        var batch = batch
        batch.trialsOnly = trialsOnly
        return try ledger.commitBatch(batch, catalog: catalog, claimId: claim.claimId, under: lease) { sink in
            var count = 0
            let (fileName, resellerId) = (claim.fileName, batch.reseller)
            // The file is parsed on a second thread while this one judges and stores.
            try ReadAhead.run(
                read: { emit in
                    // The reading thread's CPU time, for the batch's `seconds` (StageClock).
                    let start = StageClock.threadCPU()
                    defer { StageClock.read.add(StageClock.threadCPU() &- start, ordering: .relaxed) }
                    try DropReader.read(
                        path: path, fileName: fileName, expectedReseller: resellerId, header: { _ in }, request: emit)
                },
                request: { raw in
                    try sink(raw)
                    hooks.reach(.duringCommit)
                    count += 1
                    if count % ImportJob.Options.progressEvery == 0 { progress?(claim.fileName, count) }
                })
        }
    }

    /// Renders from the ledger while streaming it (constant memory whatever the batch's size).
    func render(_ record: BatchRecord, into files: StagedFiles) throws -> RenderedDrop {
        let batch = record.batch
        var tally = ReceiptFile.Tally()
        var rejected = 0
        var documents = BatchReport.Documents(), rejections = BatchReport.Rejections()
        let stream = RejectedFile.Stream(batch: batch)
        try files.append(ResultsFile.header, to: ResultsFile.name)
        try files.append(PaymentsFile.header, to: PaymentsFile.name)
        try ledger.streamOutputs(
            ofBatch: record.key,
            result: { result, request in
                try files.append(ResultsFile.row(result), to: ResultsFile.name)
                tally.add(result)
                guard let request else { return }
                if rejected == 0 { try files.append(stream.head, to: stream.name) }
                rejected += 1
                try files.append(stream.piece(request), to: stream.name)
                rejections.add(.init(ref: result.ref, line: request.line, errors: request.diagnostics))
            },
            payment: { payment in
                try files.append(PaymentsFile.row(payment), to: PaymentsFile.name)
                tally.add(payment)
            })
        if rejected > 0 { try files.append(stream.tail, to: stream.name) }
        try files.append(ProvisioningFile.header, to: ProvisioningFile.name)
        try ledger.streamImportEvents(ofBatch: record.key) { event in
            try files.append(ProvisioningFile.row(event), to: ProvisioningFile.name)
        }
        try DocumentsFolder(catalog: catalog).write(ofBatch: record.key, ledger: ledger, into: files) { number, kind in
            tally.add(document: number, kind: kind)
            documents.add(number, kind: kind == .invoice ? .invoice : .creditNote)
        }
        try files.append(ReceiptFile.render(record, tally), to: ReceiptFile.name)
        try files.append(
            ReportFile.render(
                record, tally, resellerName: catalog.reseller(id: batch.reseller)?.name ?? batch.reseller,
                documents: documents, rejections: rejections, rejectedFile: rejected > 0 ? stream.name : nil),
            to: ReportFile.name)
        return RenderedDrop(items: tally.requests, rejected: rejected)
    }
}
