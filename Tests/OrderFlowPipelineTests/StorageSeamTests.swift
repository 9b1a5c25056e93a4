import Foundation
import OrderFlowTestSupport
import Testing

/// The batch commit, the statement commit, the provision job and the billing job speak to the ledger only
/// through ``BatchStore`` and ``MovedOnStore`` (``ProvisionStore``, ``BillingStore``): their stage files hold no
/// engine and no SQL, so a second engine can serve them. SQL belongs in the stores' implementations
/// (`Ledger/SQLiteBatchStore*.swift`, `Postgres/PostgresBatchStore*.swift`).
@Suite struct StorageSeamTests {
    static let enginelessFiles = [
        "Stages/BatchCommit.swift", "Stages/BatchCommit+Effects.swift", "Stages/LedgerRows.swift",
        "Stages/DropEvaluation.swift", "Ledger/LedgerIdentifiers.swift", "Ledger/BatchStore.swift",
        "Ledger/BatchStoreRows.swift", "Ledger/MovedOnStore.swift", "Ledger/MovedOnStoreRows.swift",
        "Stages/StatementCommit.swift", "Stages/MovedOnWriter.swift", "Stages/MovedOnWriter+Start.swift",
        "Stages/PaidOrderStep.swift", "Stages/DebtCheck.swift", "Ledger/ProvisionStore.swift",
        "Stages/ProvisionDay.swift", "Stages/TrialEnds.swift", "Stages/ApprovalCommit.swift",
        "Stages/BillingRun.swift", "Stages/BilledSubscription.swift", "Stages/UsageCommit.swift",
        "Ledger/BillingStore.swift", "Ledger/BillRow.swift", "Ledger/JobCommits.swift",
    ]
    static let engineWords = ["import GRDB", "import CLibPQ", "INSERT INTO", "SELECT ", "UPDATE ", "DELETE FROM"]

    /// The words of `engineWords` in the file, each with its line number.
    static func engineWords(in file: String) throws -> [String] {
        let url = TestPaths.packageRoot.appendingPathComponent("Sources/OrderFlowPipeline/" + file)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().flatMap { number, line in
            engineWords.filter { line.contains($0) }.map { "\(file):\(number + 1): \($0)" }
        }
    }

    @Test(arguments: enginelessFiles) func theCommitStageHoldsNoEngineAndNoSQL(_ file: String) throws {
        let found = try Self.engineWords(in: file)
        #expect(found.isEmpty, "move these into the store (Ledger/SQLiteBatchStore*.swift): \(found)")
    }
}
