import GRDB
import Testing

@testable import OrderFlowPipeline

/// `Statement.run` binds as GRDB binds, and reports SQLite's errors as GRDB's.
@Suite struct StatementRunTests {
    @Test func bindsEachKindOfValueAsGRDBDoes() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, s TEXT, n INTEGER, b BOOLEAN, o TEXT)")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (k, s, n, b, o) VALUES (?, ?, ?, ?, ?)")
            try insert.run(1 as Int64, "", Int64?.none, true, String?.none)
            try insert.run(2 as Int64, "a\u{0}b", Int64?(-5), false, String?("×/é"))
            try db.execute(
                sql: "INSERT INTO t (k, s, n, b, o) VALUES (?, ?, ?, ?, ?)",
                arguments: [3, "a\u{0}b", -5, false, "×/é"])
            let rows = try Row.fetchAll(db, sql: "SELECT s, n, b, o, typeof(s), typeof(n), typeof(o) FROM t ORDER BY k")
            #expect(rows[0] == ["s": "", "n": nil, "b": 1, "o": nil, "typeof(s)": "text", "typeof(n)": "null", "typeof(o)": "null"])
            #expect(rows[1] == rows[2])
        }
    }

    @Test func aConstraintViolationThrowsADatabaseError() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY)")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (k) VALUES (?)")
            try insert.run("x")
            #expect {
                try insert.run("x")
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
            }
            // The statement is reset and usable again.
            try insert.run("y")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 2)
        }
    }
}
