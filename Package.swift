// swift-tools-version: 6.1
import PackageDescription

// Dependencies point inward: orderflow (CLI) → OrderFlowFormats → OrderFlowCore.
// OrderFlowCore is pure (no I/O, no third-party code) so it builds and tests in seconds.
let package = Package(
    name: "OrderFlow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "orderflow", targets: ["orderflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "OrderFlowCore",
            exclude: ["CodeLists/generate-codelists.py"]
        ),
        .target(
            name: "OrderFlowFormats",
            dependencies: ["OrderFlowCore", "CLibXML2"]
        ),
        .executableTarget(
            name: "orderflow",
            dependencies: [
                "OrderFlowCore",
                "OrderFlowFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "OrderFlowTestSupport",
            dependencies: ["OrderFlowCore", "OrderFlowFormats"],
            path: "Tests/OrderFlowTestSupport"
        ),
        .testTarget(
            name: "OrderFlowCoreTests",
            dependencies: ["OrderFlowCore", "OrderFlowTestSupport"]
        ),
        .testTarget(
            name: "OrderFlowFormatsTests",
            dependencies: ["OrderFlowFormats", "OrderFlowTestSupport"]
        ),
        .testTarget(
            name: "OrderFlowCLITests",
            dependencies: ["orderflow", "OrderFlowTestSupport"]
        ),
    ]
)
