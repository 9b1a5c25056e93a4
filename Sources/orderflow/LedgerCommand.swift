import ArgumentParser

/// `orderflow ledger show|import-subscriptions` (PipelineFiles.md): look into a pipeline's ledger, and
/// bring subscriptions that exist before OrderFlow into it.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Inspect a pipeline's ledger, or import existing subscriptions into it.",
        subcommands: [LedgerShowCommand.self, ImportSubscriptionsCommand.self])
}
