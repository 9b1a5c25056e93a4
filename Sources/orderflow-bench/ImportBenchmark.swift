import Foundation
import OrderFlowFormats

/// The import job end to end on one generated drop: claim, SHA-256, header, one-transaction
/// commit of every order (judged against the ledger), publish. Compared with
/// `xmllint --stream --noout --schema` on the same file: the goal is an import bound by XML
/// parsing, within 3× of xmllint, in constant memory.
struct ImportBenchmark {
    var orders: Int
    var format: String
    var keep: Bool

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-import-bench-\(getpid())")
        let inbox = folder.appendingPathComponent("inbox/R-ACME")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let xmlPath = folder.appendingPathComponent("bench.xml").path
        let csvPath = folder.appendingPathComponent("bench.csv").path
        let xsdPath = folder.appendingPathComponent("orders.xsd").path
        try OrdersSchema.xsd.write(toFile: xsdPath, atomically: true, encoding: .utf8)
        try DropGenerator.write(orders: orders, xmlPath: xmlPath, csvPath: csvPath)
        let drop = format == "csv" ? csvPath : xmlPath
        try FileManager.default.moveItem(atPath: drop, toPath: inbox.appendingPathComponent("bench.\(format)").path)

        let me = URL(fileURLWithPath: CommandLine.arguments[0])
        let orderflow = me.deletingLastPathComponent().appendingPathComponent("orderflow").path
        let catalog = me.deletingLastPathComponent().appendingPathComponent("../../Fixtures/catalog/demo.xml").standardized.path
        let pipeline = folder.appendingPathComponent("bench.yaml").path
        try """
            kind: import
            catalog: \(FileManager.default.fileExists(atPath: catalog) ? catalog : FileManager.default.currentDirectoryPath + "/Fixtures/catalog/demo.xml")
            ledger: sqlite:ledger.sqlite
            folders: {inbox: inbox, processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            lease: 10m
            asOf: 2026-11-22
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)

        let bench = Benchmark(orders: orders, keep: keep)
        var results: [Benchmark.Measurement] = []
        if format == "xml", let xmllint = bench.which("xmllint") {
            let source = inbox.appendingPathComponent("bench.xml").path
            var lint = try bench.measure("xmllint --stream --noout --schema", xmllint, ["--stream", "--noout", "--schema", xsdPath, source])
            lint.peakRSSKiB = bench.childrenPeakRSSKiB()
            results.append(lint)
        }
        var run = try bench.measure("orderflow run (\(format))", orderflow, ["run", pipeline])
        run.peakRSSKiB = bench.childrenPeakRSSKiB()
        results.append(run)
        let receipt = folder.appendingPathComponent("outbox/R-ACME/bench/receipt.json")
        let accepted = (try? String(contentsOf: receipt, encoding: .utf8))?.components(separatedBy: "\"accepted\": ").dropFirst().first?
            .prefix { $0.isNumber } ?? "?"
        print("| | wall s | peak RSS MB | orders/s |")
        print("|---|---|---|---|")
        for result in results {
            let rate = result.seconds > 0 ? Int(Double(orders) / result.seconds) : 0
            print("| \(result.name) | \(String(format: "%.2f", result.seconds)) | \(String(format: "%.1f", Double(result.peakRSSKiB) / 1024)) | \(rate) |")
        }
        print("accepted orders: \(accepted) of \(orders); run exit status \(run.status)")
        if results.count == 2 {
            print("orderflow run / xmllint: wall \(bench.ratio(results[1].seconds, results[0].seconds))×")
        }
    }
}
