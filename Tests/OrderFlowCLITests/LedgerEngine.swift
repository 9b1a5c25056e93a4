import OrderFlowTestSupport
import Testing

/// The two ledgers a pipeline can name: the import's crash, concurrency and cross-batch tests run
/// on each, against the same expected outputs. PostgreSQL is a fresh database of the test server
/// (TestPostgres), left out only when `ORDERFLOW_SKIP_POSTGRES=1` says so.
enum LedgerEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var all: [LedgerEngine] { TestPostgres.skipRequested ? [.sqlite] : allCases }

    /// The pipeline file's `ledger` value: a new, empty ledger.
    func ledger() throws -> String {
        switch self {
        case .sqlite: "sqlite:ledger.sqlite"
        case .postgres: try TestPostgres.database()
        }
    }

    var testDescription: String { rawValue }
}
