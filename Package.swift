// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mcip",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mcip", targets: ["mcip"]),
        // The fuzz target; `make fuzz` builds it with libFuzzer.
        .executable(name: "mcip-fuzz", targets: ["MCIPFuzz"]),
        .library(name: "MCIPPipeline", targets: ["MCIPPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "MCIPModel", dependencies: ["CCrypto"]),
        .target(name: "MCIPGenerate", dependencies: ["MCIPModel", .product(name: "Yams", package: "Yams")]),
        .target(name: "MCIPAudit", dependencies: ["MCIPModel"]),
        .target(name: "CMinHash"),
        .target(name: "MCIPStore", dependencies: ["MCIPModel", "CSQLite", "CMinHash"]),
        .target(name: "MCIPExport", dependencies: ["MCIPModel", "MCIPStore"]),
        .target(name: "MCIPServe", dependencies: ["MCIPModel", "MCIPStore", .product(name: "MCP", package: "swift-sdk")]),
        .target(name: "MCIPPipeline", dependencies: ["MCIPModel", "MCIPGenerate", "MCIPAudit", "MCIPStore", "MCIPExport"]),
        .target(name: "MCIPReport", dependencies: ["MCIPModel", "MCIPStore", "MCIPExport", "MCIPPipeline"]),
        .executableTarget(name: "mcip", dependencies: [
            "MCIPPipeline", "MCIPAudit", "MCIPReport", "MCIPServe", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "MCP", package: "swift-sdk"),
        ]),
        .executableTarget(name: "mcip-bench", dependencies: [
            "MCIPPipeline", "MCIPGenerate", "MCIPAudit", "MCIPStore", "MCIPModel", "CSQLite", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "MCIPFuzz", dependencies: ["MCIPGenerate"]),
        // Temporary folders the test targets share, removed when the test process exits.
        .target(name: "TestScratch", path: "Tests/TestScratch"),
        .testTarget(name: "MCIPModelTests", dependencies: ["MCIPModel"]),
        .testTarget(name: "MCIPGenerateTests", dependencies: ["TestScratch", "MCIPGenerate", "MCIPModel"]),
        .testTarget(name: "MCIPStoreTests", dependencies: ["TestScratch", "MCIPStore", "MCIPModel"]),
        .testTarget(name: "MCIPAuditTests", dependencies: ["TestScratch", "MCIPAudit", "MCIPModel"]),
        .testTarget(name: "MCIPPipelineTests", dependencies: ["TestScratch", "MCIPPipeline", "MCIPModel", "MCIPGenerate", "MCIPStore", "MCIPExport", "MCIPAudit", "MCIPReport"]),
        .testTarget(name: "MCIPServeTests", dependencies: ["TestScratch", "MCIPServe", "MCIPPipeline", "MCIPModel", "MCIPStore", .product(name: "MCP", package: "swift-sdk")]),
    ]
)
