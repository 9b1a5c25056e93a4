import ArgumentParser

/// `orderflow`: the command-line edge. Each subcommand parses arguments, calls the pipeline or
/// the core, prints, and decides the exit code once at the end (sysexits, PipelineFiles.md).
@main
struct OrderFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderflow",
        abstract: "Turns reseller order drops into priced sales orders, payments and invoices.",
        subcommands: OrderFlowCommand.allSubcommands
    )
}
