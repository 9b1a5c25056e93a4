// swift-tools-version: 6.1
import PackageDescription

// Dependencies point inward: orderflow (CLI) → OrderFlowPipeline → OrderFlowFormats → OrderFlowCore.
// OrderFlowCore is pure (no I/O, no third-party code) so it builds and tests in seconds.
let package = Package(
    name: "OrderFlow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "orderflow", targets: ["orderflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation --target orderflow` builds Sources/orderflow/Documentation.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // libpq, PostgreSQL's C client, for the PostgreSQL ledger (Sources/OrderFlowPipeline/Postgres/):
        // a C library from the system rather than a Swift driver, so a clean build stays as fast as it is.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "OrderFlowCore",
            exclude: ["CodeLists/generate-codelists.py"]
        ),
        .target(
            name: "OrderFlowFormats",
            dependencies: ["OrderFlowCore", "CLibXML2"]
        ),
        // Folders, claiming, the ledger, the stages of a batch and the jobs built from them.
        .target(
            name: "OrderFlowPipeline",
            dependencies: [
                "OrderFlowCore",
                "OrderFlowFormats",
                "CLibPQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for binding the commit's per-order rows directly (StatementRun.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "orderflow",
            dependencies: [
                "OrderFlowCore",
                "OrderFlowFormats",
                "OrderFlowPipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // OrderFlowTestSupport: `orderflow-bench workers` starts the tests' throwaway PostgreSQL server
        // (TestPostgres) and creates its databases with it.
        .executableTarget(
            name: "orderflow-bench",
            dependencies: ["OrderFlowCore", "OrderFlowFormats", "OrderFlowTestSupport"]
        ),
        // libFuzzer targets: they fuzz only when built with `-sanitize=fuzzer,address -D FUZZING`
        // (BENCHMARKS.md, "Fuzzing"); a plain build links them as stubs that say so.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "fuzz-orders-xml", dependencies: ["FuzzSupport", "OrderFlowFormats"]),
        .executableTarget(name: "fuzz-orders-csv", dependencies: ["FuzzSupport", "OrderFlowFormats"]),
        .executableTarget(name: "fuzz-catalog", dependencies: ["FuzzSupport", "OrderFlowFormats"]),
        .executableTarget(name: "fuzz-statement", dependencies: ["FuzzSupport", "OrderFlowFormats"]),
        .target(
            name: "OrderFlowTestSupport",
            // CLibPQ: TestPostgres creates each test's database with libpq itself.
            dependencies: ["OrderFlowCore", "OrderFlowFormats", "OrderFlowPipeline", "CLibPQ"],
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
            name: "OrderFlowPipelineTests",
            dependencies: ["OrderFlowPipeline", "OrderFlowTestSupport"]
        ),
        .testTarget(
            name: "OrderFlowCLITests",
            // orderflow-bench: BenchTests run it, so the test build must build it.
            dependencies: ["orderflow", "orderflow-bench", "OrderFlowCore", "OrderFlowTestSupport"]
        ),
    ]
)
