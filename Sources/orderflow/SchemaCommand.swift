import ArgumentParser
import OrderFlowFormats

/// `orderflow schema orders|catalog`: the XSD OrderFlow validates with.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the XML schema of order drops or of the catalog.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case orders, catalog
    }

    @Argument(help: "orders or catalog.") var kind: Kind

    func run() {
        switch kind {
        case .orders: Stdout.write(Array(OrdersSchema.xsd.utf8))
        case .catalog: Stdout.write(Array(CatalogSchema.xsd.utf8))
        }
    }
}
