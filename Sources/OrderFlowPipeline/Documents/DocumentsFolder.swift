import OrderFlowCore
import OrderFlowFormats

/// `invoices/` of a batch (Outputs.md; Invoices.md): each invoice and credit note the batch
/// allocated, rendered from the ledger one at a time and staged with the batch's other files.
/// No folder is made for a batch without documents.
struct DocumentsFolder {
    static let name = "invoices"
    let catalog: Catalog

    func write(
        ofBatch key: Int64, ledger: any Ledger, into files: StagedFiles, each: (String, DocumentSource.Kind) -> Void
    ) throws {
        let builder = InvoiceBuilder(catalog: catalog)
        let writer = UBLWriter()
        var folder: StagedFolder?
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * 1024)
        try ledger.streamDocuments(ofBatch: key) { source in
            let invoice = try builder.build(source)
            bytes.removeAll(keepingCapacity: true)
            try writer.write(invoice, to: &bytes)
            if folder == nil { folder = try files.folder(Self.name) }
            try folder?.write(bytes, to: source.number + ".xml")
            each(source.number, source.kind)
        }
    }
}
