#if canImport(Glibc)
import Glibc
#endif

/// Serializes schema migration between processes opening the same SQLite ledger.
///
/// GRDB's `DatabaseMigrator` decides which migrations are missing before it holds SQLite's write
/// lock, so two workers opening a new ledger at once both try `CREATE TABLE` and the loser
/// fails. An exclusive `flock` on `<ledger>.lock` around the migration makes the second one find
/// the schema in place. SQLite ledgers live on one host's local disk (Operations.md), where
/// `flock` is reliable.
enum MigrationLock {
    static func withLock<T>(beside databasePath: String, _ body: () throws -> T) throws -> T {
        let fd = open(databasePath + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return try body() }  // a read-only folder: nothing to migrate into anyway
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { return try body() }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
