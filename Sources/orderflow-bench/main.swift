#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OrderFlowCore
import OrderFlowFormats

/// `orderflow-bench xml --orders N [--keep]`: times the XML reader, the CSV reader and
/// `xmllint --stream --schema` on the same generated drop, each in its own child process so that
/// each peak RSS (`ru_maxrss`) is its own.
///
/// `orderflow-bench import --orders N [csv] [--catalog PATH]`: the whole import job (`orderflow run`)
/// on one generated drop of valid orders, against `xmllint --stream --schema` on the same XML. The
/// demo catalog is found above the executable or its sources, wherever the bench is started from.
///
/// `orderflow-bench reconcile --entries N [--keep] [--catalog PATH]`: imports N generated orders
/// (untimed), pays them with a generated camt.053 statement of N lines (9 in 10 in full, 1 in 10
/// half) and times `orderflow run` of the `reconcile` job on it, and on its first tenth in a copy
/// of the ledger; each peak RSS is that run's own (`wait4`).
///
/// `orderflow-bench trials --rows N [--keep] [--catalog PATH]`: times `orderflow run` of the
/// `trials` job on a generated campaign file of N new companies' CRM Team trials, each accepted,
/// on a fresh ledger, and on the file's first tenth on another fresh ledger; each peak RSS is that
/// run's own (`wait4`).
///
/// `orderflow-bench billing --subscriptions N [--keep] [--catalog PATH]`: imports N postpaid Cloud
/// Servers orders started across November and a usage drop for most of them (untimed), then times
/// `orderflow run` of the `billing` job on 2026-12-01 (the usage committed, November billed: a
/// bill, payment, e-invoice and page each), and the same for N/10 on a ledger of their own; each
/// peak RSS is that run's own (`wait4`).
///
/// `orderflow-bench workers --orders N [--files 100] [--resellers 8] [--workers 1,2,4]
/// [--engine sqlite|postgres|both] [--postgres URL] [--keep] [--catalog PATH]`: the import's
/// throughput with several worker processes on one inbox and one ledger (Operations.md, leases).
/// N generated orders in `--files` XML drops dealt round-robin to `--resellers` resellers (R-ACME
/// and copies of it in a catalog of the bench's own); for each engine and worker count a fresh
/// ledger (a SQLite file, or a new database on a throwaway PostgreSQL server, or on `--postgres`'s
/// server) and a fresh copy of the drops, then that many workers at once, each running `orderflow
/// run` until nothing is left. One table row each: wall time until the last worker ends, orders/s,
/// speed-up against 1 worker, the runs' CPU time, the throwaway server's, the largest peak RSS.
///
/// `orderflow-bench table --orders N [--files F] [--seed S] [--jobs] [--keep] [--catalog PATH]`: realistic
/// nightly drops of three resellers (a third of the requests rejected, cancels, duplicates, every
/// tax mode; F files a reseller, deterministic for the seed), and in one table: `xmllint --stream
/// --schema` over their XML (the floor), `orderflow quote` of each XML file, and the import of the
/// XML files (also by two worker processes at once) and of the same requests as CSV, each with
/// its ratio to the floor, peak RSS and the time of each stage (read, judge, store, commit,
/// publish) its log reports. `--jobs` adds the XML import on a throwaway PostgreSQL server and
/// the reconcile, trials and billing jobs with N items each (their own benchmarks' runs and checks).
///
/// A benchmark whose child fails, or whose run does not accept every order, prints the child's
/// error and exits 1 instead of a rate.
///
/// Internal modes, run as children: `read-xml PATH`, `read-csv PATH`.
/// This process's peak resident set size, in KiB (Linux `ru_maxrss` unit).
func peakRSSKiB() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Int(usage.ru_maxrss)
}

let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("orderflow-bench: \(message)\n".utf8))
    exit(64)
}

switch arguments.first {
case "read-xml":
    guard arguments.count == 2 else { fail("read-xml PATH") }
    var count = 0
    try XMLRequestReader(path: arguments[1], expectedReseller: nil).read(
        header: { _ in }, request: { raw in if raw.readerErrors.isEmpty { count += 1 } })
    print(count, peakRSSKiB())
case "read-csv":
    guard arguments.count == 2 else { fail("read-csv PATH") }
    var count = 0
    try CSVRequestReader(path: arguments[1], batchId: "bench", expectedReseller: nil).read(
        header: { _ in }, request: { raw in if raw.readerErrors.isEmpty { count += 1 } })
    print(count, peakRSSKiB())
case "xml", "import":
    let options = BenchOptions.parse(
        arguments.dropFirst(), countFlag: "--orders", flags: ["csv", "--keep"],
        usage: "usage: orderflow-bench xml|import [--orders N] [csv] [--keep] [--catalog PATH]")
    BenchOptions.running {
        if arguments[0] == "xml" {
            try Benchmark(orders: options.count, keep: options.keep).run()
        } else {
            try ImportBenchmark(
                orders: options.count, format: arguments.contains("csv") ? "csv" : "xml", keep: options.keep,
                catalog: options.catalog
            ).run()
        }
    }
case "reconcile":
    let options = BenchOptions.parse(
        arguments.dropFirst(), countFlag: "--entries", flags: ["--keep"],
        usage: "usage: orderflow-bench reconcile [--entries N] [--keep] [--catalog PATH]")
    BenchOptions.running {
        try ReconcileBenchmark(entries: options.count, keep: options.keep, catalog: options.catalog).run()
    }
case "trials":
    let options = BenchOptions.parse(
        arguments.dropFirst(), countFlag: "--rows", flags: ["--keep"],
        usage: "usage: orderflow-bench trials [--rows N] [--keep] [--catalog PATH]")
    BenchOptions.running {
        try TrialsBenchmark(rows: options.count, keep: options.keep, catalog: options.catalog).run()
    }
case "workers":
    let options = BenchOptions.parse(
        arguments.dropFirst(), countFlag: "--orders", flags: ["--keep"],
        valueFlags: ["--files", "--resellers", "--workers", "--engine", "--postgres"], usage: WorkersBenchmark.usage)
    BenchOptions.running { try WorkersBenchmark(options).run() }
case "billing":
    let options = BenchOptions.parse(
        arguments.dropFirst(), countFlag: "--subscriptions", flags: ["--keep"],
        usage: "usage: orderflow-bench billing [--subscriptions N] [--keep] [--catalog PATH]")
    BenchOptions.running {
        try BillingBenchmark(subscriptions: options.count, keep: options.keep, catalog: options.catalog).run()
    }
case "table":
    let options = BenchOptions.parse(
        arguments.dropFirst(), countFlag: "--orders", flags: ["--keep", "--jobs"], valueFlags: ["--files", "--seed"],
        usage: TableBenchmark.usage)
    BenchOptions.running { try TableBenchmark(options).run() }
default:
    fail(
        "usage: orderflow-bench xml|import [--orders N] [csv] [--keep] [--catalog PATH]\n"
            + "       orderflow-bench reconcile [--entries N] [--keep] [--catalog PATH]\n"
            + "       orderflow-bench trials [--rows N] [--keep] [--catalog PATH]\n"
            + "       orderflow-bench billing [--subscriptions N] [--keep] [--catalog PATH]\n"
            + "       " + WorkersBenchmark.usage.dropFirst("usage: ".count) + "\n"
            + "       " + TableBenchmark.usage.dropFirst("usage: ".count))
}
