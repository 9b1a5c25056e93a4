import GRDB

@testable import OrderFlowPipeline

/// A ledger's schema as comparable lines per table, read from SQLite's catalog or PostgreSQL's,
/// so that PostgresSchemaTests can require the two engines' schemas to be the same:
///
///     column 2 token text NOT NULL
///     primary key (reseller)
///     unique (reseller, sha256)
///     index file_claims_open (reseller, finished, claimed_at)
///     foreign key (batch_key) → batches
///
/// Columns keep their order; the other lines are sorted. Primary key columns are NOT NULL
/// (PostgreSQL makes them so; SQLite's rowid key cannot be NULL either).
enum SchemaShape {
    typealias Tables = [String: [String]]

    /// SQLite's declared types as PostgresSchema maps them.
    static let sqliteTypes = ["INTEGER": "bigint", "TEXT": "text", "BOOLEAN": "boolean", "JSONTEXT": "text"]

    static func sqlite(_ db: Database) throws -> Tables {
        let names = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name <> 'grdb_migrations'
                """)
        var tables: Tables = [:]
        for table in names {
            var lines: [String] = []
            var primaryKey: [(Int, String)] = []
            for row in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.quotedDatabaseIdentifier))") {
                let name: String = row["name"]
                let declared: String = row["type"]
                let key: Int = row["pk"]
                if key > 0 { primaryKey.append((key, name)) }
                let notNull = (row["notnull"] as Int) == 1 || key > 0
                let type = sqliteTypes[declared.uppercased()] ?? "unmapped \(declared)"
                let hasDefault = row["dflt_value"] != nil
                lines.append(column(row["cid"] as Int + 1, name, type, notNull: notNull, hasDefault: hasDefault))
            }
            var others: Set<String> = []
            if !primaryKey.isEmpty {
                let columns = primaryKey.sorted { $0.0 < $1.0 }.map(\.1)
                others.insert("primary key (\(columns.joined(separator: ", ")))")
            }
            for index in try Row.fetchAll(db, sql: "PRAGMA index_list(\(table.quotedDatabaseIdentifier))") {
                let name: String = index["name"]
                let columns = try String.fetchAll(
                    db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name])
                switch index["origin"] as String {
                case "pk": continue  // listed from table_info, which also covers the rowid key
                case "u": others.insert("unique (\(columns.joined(separator: ", ")))")
                default:
                    let unique = index["unique"] as Int == 1
                    others.insert(indexLine(name, columns, unique: unique, partial: index["partial"] as Int == 1))
                }
            }
            var foreignKeys: [Int: (table: String, columns: [String])] = [:]
            for key in try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(table.quotedDatabaseIdentifier))") {
                foreignKeys[key["id"], default: (key["table"], [])].columns.append(key["from"])
            }
            for key in foreignKeys.values { others.insert(foreignKeyLine(key.columns, key.table)) }
            tables[table] = lines + others.sorted()
        }
        return tables
    }

    static func postgres(_ connection: PostgresConnection) throws -> Tables {
        var tables: Tables = [:]
        let columns = try connection.execute("""
            SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default
            FROM information_schema.columns c
            WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
            AND table_name IN (SELECT table_name FROM information_schema.tables
                               WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
            ORDER BY table_name, ordinal_position
            """)
        for row in columns {
            tables[try row.requiredString("table_name"), default: []].append(
                column(
                    Int(try row.requiredInt64("ordinal_position")), try row.requiredString("column_name"),
                    try row.requiredString("data_type"), notNull: try row.string("is_nullable") == "NO",
                    hasDefault: try row.string("column_default") != nil))
        }
        var others: [String: Set<String>] = [:]
        // The indexes (pg_index, which pg_indexes shows as text), and whether a constraint owns them.
        let indexes = try connection.execute("""
            SELECT t.relname AS table_name, c.relname AS index_name, i.indisunique AS is_unique,
                i.indisprimary AS is_primary, i.indpred IS NOT NULL AS partial, con.contype AS constraint_type,
                (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u')
            WHERE n.nspname = current_schema() AND t.relname <> 'schema_migrations'
            """)
        for row in indexes {
            let table = try row.requiredString("table_name")
            let columns = try row.requiredString("columns")
            let line = switch try row.string("constraint_type") {
            case "p": "primary key (\(columns))"
            case "u": "unique (\(columns))"
            default:
                indexLine(
                    try row.requiredString("index_name"), columns.components(separatedBy: ", "),
                    unique: try row.string("is_unique") == "t", partial: try row.string("partial") == "t")
            }
            others[table, default: []].insert(line)
        }
        let foreignKeys = try connection.execute("""
            SELECT t.relname AS table_name, r.relname AS referenced,
                (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                 FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns
            FROM pg_constraint con
            JOIN pg_class t ON t.oid = con.conrelid
            JOIN pg_class r ON r.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE con.contype = 'f' AND n.nspname = current_schema()
            """)
        for row in foreignKeys {
            let columns = try row.requiredString("columns").components(separatedBy: ", ")
            others[try row.requiredString("table_name"), default: []].insert(
                foreignKeyLine(columns, try row.requiredString("referenced")))
        }
        for (table, lines) in others { tables[table, default: []] += lines.sorted() }
        return tables
    }

    private static func column(
        _ position: Int, _ name: String, _ type: String, notNull: Bool, hasDefault: Bool
    ) -> String {
        "column \(position) \(name) \(type)" + (notNull ? " NOT NULL" : "") + (hasDefault ? " DEFAULT" : "")
    }

    private static func indexLine(_ name: String, _ columns: [String], unique: Bool, partial: Bool) -> String {
        let kind = unique ? "unique index" : "index"
        return "\(kind) \(name) (\(columns.joined(separator: ", ")))" + (partial ? " WHERE …" : "")
    }

    private static func foreignKeyLine(_ columns: [String], _ table: String) -> String {
        "foreign key (\(columns.joined(separator: ", "))) → \(table)"
    }
}
