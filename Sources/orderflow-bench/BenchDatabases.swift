import Foundation
import OrderFlowTestSupport

/// A fresh, empty PostgreSQL database for each `workers` run: on a throwaway server the tests'
/// own ``TestPostgres`` starts (shut down at exit), or on the server of `--postgres URL`, where
/// the bench creates `orderflow_bench_<pid>_<n>` through URL's database and drops them again.
final class BenchDatabases {
    private let server: TestPostgres?
    private let base: URLComponents?
    private var made: [String] = []
    /// The throwaway server's CPU time (`--postgres`'s server may be elsewhere: not measured).
    let serverCPU: ServerCPU?

    init(url: String?) throws {
        if let url {
            guard let components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true else {
                throw BenchFailure("--postgres \(url): not a postgres://user@host:port/database URL.")
            }
            base = components
            server = nil
            serverCPU = nil
        } else {
            do {
                server = try TestPostgres.start()
            } catch {
                throw BenchFailure("cannot start a throwaway PostgreSQL server (or pass --postgres URL): \(error)")
            }
            base = nil
            serverCPU = server.flatMap { ServerCPU(port: $0.port) }
        }
    }

    /// Where the databases are, for the report.
    var serverName: String {
        if let server { return "throwaway server on 127.0.0.1:\(server.port) (fsync off)" }
        return "\(base?.host ?? "localhost"):\(base?.port.map(String.init) ?? "5432")"
    }

    /// A new empty database's URL.
    func fresh() throws -> String {
        if let server {
            do { return try server.makeDatabase() } catch { throw BenchFailure("\(error)") }
        }
        var url = base!
        let name = "orderflow_bench_\(getpid())_\(made.count + 1)"
        try command("CREATE DATABASE \(name)")
        made.append(name)
        url.path = "/" + name
        return url.string ?? ""
    }

    /// Drops the databases made on `--postgres`'s server (a throwaway server goes whole).
    func removeAll() {
        for name in made { try? command("DROP DATABASE IF EXISTS \(name)") }
        made = []
        server?.shutDown()
    }

    /// One statement through `--postgres URL` itself (libpq reads its password as orderflow does).
    private func command(_ sql: String) throws {
        do {
            try TestPostgres.command(sql, on: base?.string ?? "", server: "--postgres's server")
        } catch {
            throw BenchFailure("\(error)")
        }
    }
}
