import OrderFlowCore
import OrderFlowFormats

/// `invoices/` of a batch (Outputs.md; Invoices.md): each invoice and credit note the batch
/// allocated as its e-invoice (`<number>.xml`) and its printable page (`<number>.html`),
/// rendered from the ledger and staged with the batch's other files. No folder is made for a
/// batch without documents.
///
/// Two threads, as when reading a drop (``ReadAhead``): one reads the ledger and renders each
/// document, the caller's creates and writes the files, so that rendering and the file system's
/// work overlap on two cores (BENCHMARKS.md, invoices).
struct DocumentsFolder {
    static let name = "invoices"
    let catalog: Catalog

    /// One rendered document on its way to its file.
    struct Rendered: Sendable {
        var number: String
        var kind: DocumentSource.Kind
        var bytes: [UInt8]
        var page: [UInt8]
    }

    func write(
        ofBatch key: Int64, ledger: any Ledger, into files: StagedFiles, each: (String, DocumentSource.Kind) -> Void
    ) throws {
        let catalog = catalog
        var folder: StagedFolder?
        try ReadAhead.run(
            read: { emit in
                let builder = InvoiceBuilder(catalog: catalog)
                let writer = UBLWriter()
                try ledger.streamDocuments(ofBatch: key) { source in
                    let invoice = try builder.build(source)
                    var bytes: [UInt8] = [], page: [UInt8] = []
                    bytes.reserveCapacity(8 * 1024)
                    page.reserveCapacity(8 * 1024)
                    try writer.write(invoice, to: &bytes)
                    InvoicePage.write(invoice, to: &page)
                    try emit(Rendered(number: source.number, kind: source.kind, bytes: bytes, page: page))
                }
            },
            request: { document in
                if folder == nil { folder = try files.folder(Self.name) }
                try folder?.write(document.bytes, to: document.number + ".xml")
                try folder?.write(document.page, to: document.number + ".html")
                each(document.number, document.kind)
            })
    }
}
