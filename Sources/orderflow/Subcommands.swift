import ArgumentParser

extension OrderFlowCommand {
    /// Every subcommand, in the order `--help` lists them.
    static let allSubcommands: [any ParsableCommand.Type] = [
        RunCommand.self, ValidateCommand.self, QuoteCommand.self, CatalogCommand.self, SchemaCommand.self,
        LedgerCommand.self,
    ]
}
