// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "baton",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "baton", targets: ["baton"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "BatonModel"),
        .target(name: "BatonCore", dependencies: ["BatonModel"]),
        .systemLibrary(
            name: "CJavaScriptCore", pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]),
        .systemLibrary(name: "CJQ", providers: [.apt(["libjq-dev"])]),
        .target(name: "BatonScript", dependencies: ["BatonCore", "CJavaScriptCore", "CJQ"]),
        .target(name: "BatonStore", dependencies: ["BatonCore"]),
        .target(name: "BatonSQLite", dependencies: [
            "BatonStore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "BatonPostgres", dependencies: [
            "BatonStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "BatonEngine", dependencies: [
            "BatonCore", "BatonStore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "BatonHTTP", dependencies: [
            "BatonEngine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "BatonServer", dependencies: [
            "BatonEngine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .target(name: "BatonClient", dependencies: [
            "BatonModel",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .target(name: "BatonWorker", dependencies: [
            "BatonClient",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "BatonCLI", dependencies: [
            "BatonClient",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(
            name: "order-saga-workers",
            dependencies: [
                "BatonWorker", "BatonClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "examples/order-saga/swift"
        ),
        .executableTarget(name: "baton", dependencies: [
            "BatonCLI", "BatonServer", "BatonHTTP", "BatonSQLite", "BatonPostgres", "BatonScript",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "BatonCoreTests", dependencies: ["BatonCore"]),
        .testTarget(name: "BatonScriptTests", dependencies: ["BatonScript"]),
        .target(
            name: "BatonTestSupport",
            dependencies: [
                "BatonStore", "BatonSQLite", "BatonPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/BatonTestSupport"
        ),
        .testTarget(name: "BatonStoreTests", dependencies: [
            "BatonStore", "BatonSQLite", "BatonPostgres", "BatonTestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "BatonCLITests", dependencies: [
            "BatonCLI", "BatonClient",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "BatonServerTests", dependencies: [
            "BatonServer", "BatonHTTP", "BatonClient", "BatonWorker", "BatonTestSupport", "BatonScript",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)
