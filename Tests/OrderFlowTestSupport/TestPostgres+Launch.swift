import Foundation

extension TestPostgres {
    /// Where PostgreSQL's programs are and whom they run as.
    struct Launch: Sendable {
        /// The user the server runs as when the tests run as root (PostgreSQL refuses root).
        struct User: Sendable {
            let name: String
            let uid: uid_t
            let gid: gid_t
        }

        /// The folder that holds `initdb` and `postgres`.
        let binaries: String
        /// nil: the server runs as this process's user.
        let user: User?
        /// `setpriv` (util-linux) when ``user`` is set.
        let setpriv: String?

        static func find() throws(Unavailable) -> Launch {
            let binaries = try findBinaries()
            guard geteuid() == 0 else { return Launch(binaries: binaries, user: nil, setpriv: nil) }
            guard let entry = getpwnam("postgres") ?? getpwnam("nobody") else {
                throw Unavailable("the tests run as root, and there is no postgres or nobody user to run PostgreSQL as")
            }
            let setprivs = ["/usr/bin/setpriv", "/bin/setpriv"]
            guard let setpriv = setprivs.first(where: FileManager.default.isExecutableFile) else {
                throw Unavailable("the tests run as root, and setpriv (util-linux), which drops root, is missing")
            }
            let user = User(
                name: String(cString: entry.pointee.pw_name), uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
            return Launch(binaries: binaries, user: user, setpriv: setpriv)
        }

        /// The first folder on the `PATH`, then the newest `/usr/lib/postgresql/*/bin`, that has both
        /// `initdb` and `postgres`.
        private static func findBinaries() throws(Unavailable) -> String {
            let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
                .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            let candidates = path + versions.map { "/usr/lib/postgresql/\($0)/bin" }
            let has = { (folder: String) in
                ["initdb", "postgres"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
            }
            guard let folder = candidates.first(where: has) else {
                throw Unavailable("""
                    PostgreSQL's initdb and postgres are neither on the PATH nor under /usr/lib/postgresql/*/bin: \
                    install them (Debian: apt-get install postgresql), or set ORDERFLOW_SKIP_POSTGRES=1 to skip \
                    the tests that need them
                    """)
            }
            return folder
        }

        /// Runs a PostgreSQL program to its end as the server's user; throws with its log when it fails.
        func run(_ arguments: [String], in folder: String, log: String, step: String) throws(Unavailable) {
            let pid = try Self.spawn(command(arguments), in: folder, log: log)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            guard status == 0 else {
                throw Unavailable("\(step) \(TestPostgres.ended(status)):\n\(TestPostgres.tail(log))")
            }
        }

        /// Starts `postgres` on 127.0.0.1:`port` with the data in `folder/data`; its pid.
        func startServer(folder: String, port: Int) throws(Unavailable) -> pid_t {
            // The socket goes to the private folder, not /var/run/postgresql (root's); a path too long
            // for a Unix socket gets none: the tests connect over TCP.
            let socketFolder = "\(folder)/.s.PGSQL.\(port)".utf8.count < 100 ? folder : ""
            return try Self.spawn(
                command([
                    "postgres", "-D", "\(folder)/data", "-p", String(port), "-k", socketFolder,
                    "-c", "listen_addresses=127.0.0.1",
                    // A throwaway cluster: nothing to keep across a crash of the machine.
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                ]),
                in: folder, log: "\(folder)/server.log")
        }

        /// The program's full path, behind `setpriv` when the server runs as another user.
        private func command(_ arguments: [String]) -> [String] {
            let program = ["\(binaries)/\(arguments[0])"] + arguments.dropFirst()
            guard let user, let setpriv else { return program }
            return [setpriv, "--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "--"] + program
        }

        /// posix_spawn: standard input from /dev/null, output appended to `log`, no other descriptor
        /// of the test process (another test may be waiting for the end of a pipe it holds), default
        /// signal handling and mask, the C locale, in `folder` (`env -C`: the server's user may not
        /// enter the test's working folder, and glibc's addchdir_np is not visible to Swift).
        static func spawn(_ arguments: [String], in folder: String, log: String) throws(Unavailable) -> pid_t {
            let arguments = ["/usr/bin/env", "-C", folder] + arguments
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for descriptor in openDescriptors() where descriptor > 2 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)

            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2] {
                sigaddset(&defaults, signal)
            }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

            var environment = ProcessInfo.processInfo.environment.filter {
                !$0.key.hasPrefix("PG") && !$0.key.hasPrefix("LC_") && $0.key != "LANG"
            }
            environment["LC_ALL"] = "C"
            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }

            var pid: pid_t = 0
            let error = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
            guard error == 0 else {
                throw Unavailable("cannot run \(arguments[3]): \(String(cString: strerror(error)))")
            }
            return pid
        }

        /// This process's open file descriptors (`/proc/self/fd`).
        private static func openDescriptors() -> [Int32] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        }
    }
}
