import CLibPQ
import Foundation
import Synchronization

/// A throwaway PostgreSQL server for the test process: Debian's `postgresql` binaries, a fresh
/// private data folder, a free loopback port, trust authentication for this cluster only.
///
/// ```
/// initdb -D <folder>/data -U orderflow -A trust      (as `postgres` or `nobody` when root)
/// postgres -D <folder>/data -p <free port> -k <folder> -c listen_addresses=127.0.0.1
///   → PQping until it accepts connections → CREATE DATABASE test_<n> per test
/// exit (atexit), or the test process killed (a watcher) → fast shutdown, <folder> removed
/// ```
///
/// The binaries are found on the `PATH`, else under `/usr/lib/postgresql/<version>/bin` (where
/// Debian puts them; the newest version wins). PostgreSQL refuses to run as root, so a root test
/// process runs it as the `postgres` user (Debian's package makes it) or `nobody`, with `setpriv`.
///
/// Never skipped silently: when the server cannot start, every test that asks for it fails with
/// the reason. Only `ORDERFLOW_SKIP_POSTGRES=1` (for a machine where PostgreSQL cannot be installed;
/// CI never sets it) turns those tests into skipped ones, through ``skipRequested``:
///
///     @Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: no PostgreSQL tests"))
public final class TestPostgres: Sendable {
    /// Why no server could be had: the step, and the end of its log.
    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public static var skipRequested: Bool { ProcessInfo.processInfo.environment["ORDERFLOW_SKIP_POSTGRES"] == "1" }

    /// The server shared by the whole test process, started on first use.
    public static func shared() throws(Unavailable) -> TestPostgres { try sharedServer.get() }

    /// A new, empty database on the shared server: its `postgres://orderflow@127.0.0.1:<port>/<name>`.
    public static func database() throws(Unavailable) -> String { try shared().makeDatabase() }

    private static let sharedServer: Result<TestPostgres, Unavailable> = Result { () throws(Unavailable) in
        try TestPostgres.start()
    }

    public let port: Int
    /// The superuser every test connects as.
    public let user = "orderflow"
    /// How long initdb and the first start took.
    public let startedIn: Duration
    /// Holds `data/`, the socket and the logs; owned by the server's user.
    let folder: String
    let launch: Launch
    private let state: Mutex<State>

    private struct State {
        var server: pid_t?
        var watcher: pid_t?
        var databases = 0
    }

    /// A server of its own, for a test that stops or restarts it; ``shutDown()`` it at the end (at
    /// exit it is shut down anyway).
    public static func start() throws(Unavailable) -> TestPostgres {
        let clock = ContinuousClock()
        let began = clock.now
        let launch = try Launch.find()
        let folder = try makeFolder(for: launch)
        var failure: Unavailable?
        do {
            try launch.run(
                ["initdb", "-D", "\(folder)/data", "-U", "orderflow", "-A", "trust", "-E", "UTF8", "--no-locale",
                 "--no-sync"],
                in: folder, log: "\(folder)/initdb.log", step: "initdb")
            // Another process may take the free port before the server binds it: try a few.
            for _ in 1...3 {
                let port = try freePort()
                let pid = try launch.startServer(folder: folder, port: port)
                do {
                    try waitUntilReady(pid: pid, port: port, folder: folder)
                } catch {
                    failure = error
                    if (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8))?
                        .contains("Address already in use") == true
                    {
                        continue
                    }
                    break
                }
                let server = TestPostgres(
                    port: port, folder: folder, launch: launch, server: pid, startedIn: clock.now - began)
                server.watch()
                Self.live.withLock { $0.append(server) }
                _ = Self.registerExitHandler
                return server
            }
        } catch {
            failure = error
        }
        try? FileManager.default.removeItem(atPath: folder)
        throw failure ?? Unavailable("PostgreSQL did not start")
    }

    private init(port: Int, folder: String, launch: Launch, server: pid_t, startedIn: Duration) {
        self.port = port
        self.folder = folder
        self.launch = launch
        self.startedIn = startedIn
        state = Mutex(State(server: server))
    }

    /// `postgres://orderflow@127.0.0.1:<port>/<database>`.
    public func url(database: String) -> String { "postgres://\(user)@127.0.0.1:\(port)/\(database)" }

    /// Creates `test_<n>`, empty, and returns its URL.
    public func makeDatabase() throws(Unavailable) -> String {
        let name = state.withLock { state in
            state.databases += 1
            return "test_\(state.databases)"
        }
        try adminCommand("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// Runs one SQL command as the superuser in the `postgres` database.
    public func adminCommand(_ sql: String) throws(Unavailable) {
        try Self.command(sql, on: "host=127.0.0.1 port=\(port) user=\(user) dbname=postgres", server: "the test server")
    }

    /// Runs one SQL command through `conninfo` (libpq's `key=value` string or a `postgres://` URL);
    /// `server` names it in an error. `orderflow-bench workers` creates its databases with it too.
    public static func command(_ sql: String, on conninfo: String, server: String) throws(Unavailable) {
        guard let connection = PQconnectdb(conninfo) else {
            throw Unavailable("libpq could not allocate a connection")
        }
        defer { PQfinish(connection) }
        guard PQstatus(connection) == CONNECTION_OK else {
            throw Unavailable("cannot connect to \(server): \(String(cString: PQerrorMessage(connection)))")
        }
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK else {
            throw Unavailable("\(sql): \(String(cString: PQerrorMessage(connection)))")
        }
    }

    /// Stops the server (a fast shutdown: sessions are ended, as when an operator restarts it).
    public func stop() {
        state.withLock { state in
            guard let pid = state.server else { return }
            Self.terminate(pid, signal: SIGINT, within: .seconds(30))
            state.server = nil
        }
    }

    /// Starts the server again on the same port and data, after ``stop()``, or stops it first.
    public func restart() throws(Unavailable) {
        stop()
        try state.withLock { (state: inout State) throws(Unavailable) in
            let pid = try launch.startServer(folder: folder, port: port)
            state.server = pid
            try Self.waitUntilReady(pid: pid, port: port, folder: folder)
        }
    }

    /// Stops the server and its watcher and removes its folder.
    public func shutDown() {
        stop()
        state.withLock { state in
            if let watcher = state.watcher { Self.terminate(watcher, signal: SIGTERM, within: .seconds(5)) }
            state.watcher = nil
        }
        try? FileManager.default.removeItem(atPath: folder)
        Self.live.withLock { $0.removeAll { $0 === self } }
    }

    // MARK: - Starting

    private static func waitUntilReady(pid: pid_t, port: Int, folder: String) throws(Unavailable) {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        let probe = "host=127.0.0.1 port=\(port) user=orderflow dbname=postgres connect_timeout=2"
        while clock.now < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw Unavailable("postgres \(ended(status)) at start:\n\(tail("\(folder)/server.log"))")
            }
            if PQping(probe) == PQPING_OK { return }
            usleep(50_000)
        }
        terminate(pid, signal: SIGQUIT, within: .seconds(5))
        throw Unavailable("postgres did not accept connections within 60 s:\n\(tail("\(folder)/server.log"))")
    }

    /// A private folder the server's user owns, under a temporary folder that user can reach.
    private static func makeFolder(for launch: Launch) throws(Unavailable) -> String {
        var candidates = [FileManager.default.temporaryDirectory.path]
        if launch.user != nil {
            candidates = (candidates + ["/tmp", "/var/tmp"]).filter(WorldReachableFolder.everyoneMaySearch)
        }
        guard let base = candidates.first else {
            throw Unavailable("no temporary folder that the postgres user may enter (each has a private ancestor)")
        }
        var template = Array("\(base)/orderflow-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Unavailable("mkdtemp under \(base): \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: made)
        if let user = launch.user, chown(folder, user.uid, user.gid) != 0 {
            throw Unavailable("chown \(folder) to \(user.name): \(String(cString: strerror(errno)))")
        }
        return folder
    }

    /// A loopback port no one listens on now.
    private static func freePort() throws(Unavailable) -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Unavailable("socket: \(String(cString: strerror(errno)))") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw Unavailable("bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: - Stopping

    private static let live = Mutex<[TestPostgres]>([])

    /// Runs once: every server still running is shut down when the test process exits.
    private static let registerExitHandler: Void = {
        atexit { for server in TestPostgres.live.withLock({ $0 }) { server.shutDown() } }
    }()

    /// A shell that outlives a test process killed before its exit handler ran (a crash, SIGKILL)
    /// and then stops the server and removes its folder, so no server is left behind.
    private func watch() {
        let script = """
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            pid=$(head -n 1 "$2/data/postmaster.pid" 2>/dev/null) || exit 0
            tr '\\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$2/data" && kill -INT "$pid"
            i=0
            while [ -e "$2/data/postmaster.pid" ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
            rm -rf "$2"
            """
        let pid = try? Launch.spawn(
            ["/bin/sh", "-c", script, "orderflow-pg-watch", String(getpid()), folder], in: "/", log: "/dev/null")
        state.withLock { $0.watcher = pid }
    }

    /// Sends `signal`, waits for the process to end (reaping it), then kills it if it has not.
    private static func terminate(_ pid: pid_t, signal: Int32, within limit: Duration) {
        kill(pid, signal)
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var status: Int32 = 0
        while clock.now < deadline {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    /// `exited with 1`, `was killed by signal 9`: a wait status in words.
    static func ended(_ status: Int32) -> String {
        status & 0x7f == 0 ? "exited with \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
    }

    /// The last lines of a log, for a failure's message.
    static func tail(_ path: String, lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no \(path))" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
