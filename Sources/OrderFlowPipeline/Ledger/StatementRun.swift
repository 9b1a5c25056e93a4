import GRDB
import GRDBSQLite

/// A value bound straight to an SQLite statement parameter, the way GRDB binds it.
protocol SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int64: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Int: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

extension Bool: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }
}

extension String: SQLiteBindable {
    /// As GRDB does: the C string (up to a first NUL), copied by SQLite.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withCString { sqlite3_bind_text(statement, index, $0, -1, sqliteTransient) }
    }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .some(let value): return value.bind(to: statement, at: index)
        case .none: return sqlite3_bind_null(statement, index)
        }
    }
}

/// SQLITE_TRANSIENT: SQLite copies the bytes before the bind call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension Statement {
    /// Runs this cached INSERT/UPDATE once with `values`, bound through SQLite's C API.
    ///
    /// The per-order writes of a commit (a dozen statements per order) spent more time in GRDB's
    /// `StatementArguments` — an array of existentials per row, each converted to a
    /// `DatabaseValue` — than in SQLite. Binding typed values directly skips that; it also skips
    /// GRDB's per-statement bookkeeping, which only matters for database observation, suspension
    /// and region tracking, none of which the ledger's write transaction uses.
    func run<each Value: SQLiteBindable>(_ values: repeat each Value) throws {
        var code = bind(repeat each values)
        if code == SQLITE_OK {
            code = sqlite3_step(sqliteStatement)
            while code == SQLITE_ROW { code = sqlite3_step(sqliteStatement) }
        }
        try finish(code, expected: SQLITE_DONE)
    }

    /// True when this cached query returns a row for `values` (its first row only is read).
    ///
    /// For the judge's lookups that almost always miss in an import (a new ref, a free domain):
    /// the probe costs one index search, without building GRDB rows and arguments.
    func hasRow<each Value: SQLiteBindable>(_ values: repeat each Value) throws -> Bool {
        var code = bind(repeat each values)
        if code == SQLITE_OK { code = sqlite3_step(sqliteStatement) }
        try finish(code, expected: code == SQLITE_ROW ? SQLITE_ROW : SQLITE_DONE)
        return code == SQLITE_ROW
    }

    private func bind<each Value: SQLiteBindable>(_ values: repeat each Value) -> Int32 {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var index: Int32 = 0
        var code = SQLITE_OK
        for value in repeat each values {
            index += 1
            if code == SQLITE_OK { code = value.bind(to: statement, at: index) }
        }
        precondition(index == sqlite3_bind_parameter_count(statement), "wrong number of values for: \(sql)")
        return code
    }

    /// Resets the statement; throws SQLite's error unless the last step returned `expected`.
    private func finish(_ code: Int32, expected: Int32) throws {
        guard code == expected else {
            let message = sqlite3_db_handle(sqliteStatement).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_reset(sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
        sqlite3_reset(sqliteStatement)
    }
}
