// swift-tools-version:6.2

import PackageDescription

let package = Package(
    name: "remessa",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "remessa", targets: ["remessa"]),
        .library(name: "RemessaCore", targets: ["RemessaCore"]),
        .library(name: "RemessaSFTP", targets: ["RemessaSFTP"]),
        .library(name: "RemessaTesting", targets: ["RemessaTesting"]),
        .library(name: "RemessaConfig", targets: ["RemessaConfig"]),
        .library(name: "RemessaStore", targets: ["RemessaStore"]),
        .library(name: "RemessaPostgres", targets: ["RemessaPostgres"]),
        .library(name: "RemessaProviders", targets: ["RemessaProviders"]),
        .library(name: "RemessaDaemon", targets: ["RemessaDaemon"]),
        .executable(name: "remessad", targets: ["remessad"]),
        .executable(name: "remessa-test-gateway", targets: ["remessa-test-gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Pure domain: decoding, CSV, layouts, validation, phones, templates, SMS encoding. No I/O, no clock.
        .target(name: "RemessaCore"),

        // libssh2 from Debian, seen through a module map and a shim of its function-like macros.
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev", "libssl-dev"])]
        ),
        // The only module that imports CLibSSH2: a safe async SFTP client that knows nothing of SMS.
        .target(
            name: "RemessaSFTP",
            dependencies: [
                "CLibSSH2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Test support used by tests, scripts and the demo: a throwaway OpenSSH sshd, file builders, and the one
        // test kit (manual clock, log capture, temporary directories, a loopback server runner, a store fixture).
        .target(
            name: "RemessaTesting",
            dependencies: [
                "RemessaSFTP", "RemessaCore", "RemessaStore", "RemessaPostgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The daemon's configuration: YAML (contract section 8) to typed values, every error naming its path.
        .target(
            name: "RemessaConfig",
            dependencies: ["RemessaCore", .product(name: "Yams", package: "Yams")]
        ),
        // Debian's SQLite, for the process-wide settings only a variadic C call makes.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The durable store on SQLite: files, batches, messages, events, publications, suppressions.
        .target(
            name: "RemessaStore",
            dependencies: [
                "RemessaCore",
                "CSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The cluster store's groundwork on PostgreSQL (contract section 13): connection settings, a scoped client
        // pool, the same schema as the SQLite store, migrated by one node under an advisory lock, and the cluster's
        // leases with fencing.
        .target(
            name: "RemessaPostgres",
            dependencies: [
                "RemessaCore", "RemessaStore", "RemessaConfig",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Linux file calls for the local drop transport (renameat2, fstat/fstatat) behind types of our own.
        .target(name: "CLinux"),
        // The drop transports (a local folder, SFTP) and the local file calls under them (durable writes, errno
        // failures), shared by the daemon and the `remessa` CLI.
        .target(
            name: "RemessaDrops",
            dependencies: [
                "RemessaCore", "RemessaSFTP", "RemessaConfig", "CLinux",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // systemd's notify protocol (READY, STATUS, STOPPING, WATCHDOG) over $NOTIFY_SOCKET, no libsystemd.
        .target(name: "RemessaSystemd"),
        // The daemon's Prometheus metrics, recorded by polling, ingestion and dispatch, and rendered for /metrics.
        .target(
            name: "RemessaMetrics",
            dependencies: [
                .product(name: "Prometheus", package: "swift-prometheus")
            ]
        ),
        // The daemon's HTTP listener: /healthz, /readyz, /metrics (and, with dispatch, provider webhooks).
        .target(
            name: "RemessaHTTP",
            dependencies: [
                "RemessaCore", "RemessaMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One client per SMS gateway (simulator, Kannel, generic JSON over HTTP) and their delivery reports,
        // mapped to the contract's statuses. No throttling and no persistence.
        .target(
            name: "RemessaProviders",
            dependencies: [
                "RemessaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The daemon: drop transports, poller, ingestion, dispatcher, publisher, lifecycle.
        .target(
            name: "RemessaDaemon",
            dependencies: [
                "RemessaCore", "RemessaSFTP", "RemessaConfig", "RemessaStore", "RemessaSystemd", "RemessaHTTP",
                "RemessaMetrics", "RemessaProviders", "RemessaDrops", "RemessaPostgres",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "remessad",
            dependencies: [
                "RemessaDaemon", "RemessaConfig", "RemessaCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "remessa",
            dependencies: [
                "RemessaCore", "RemessaConfig", "RemessaStore", "RemessaDrops", "RemessaDaemon", "RemessaPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // A real HTTP gateway speaking the `http` provider's wire format (contract section 9), for tests,
        // benchmarks and the demo: counts idempotency keys, pushes back, fails or slows down on request, and
        // posts signed delivery reports back.
        .executableTarget(
            name: "remessa-test-gateway",
            dependencies: [
                "RemessaCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "RemessaCoreTests", dependencies: ["RemessaCore"]),
        .testTarget(
            name: "RemessaCLITests",
            dependencies: [
                "remessa", "RemessaCore", "RemessaStore", "RemessaConfig", "RemessaPostgres", "RemessaTesting",
            ]
        ),
        .testTarget(name: "RemessaConfigTests", dependencies: ["RemessaConfig", "RemessaCore", "RemessaTesting"]),
        .testTarget(
            name: "RemessaStoreTests",
            dependencies: [
                "RemessaStore", "RemessaPostgres", "RemessaCore", "RemessaTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RemessaPostgresTests",
            dependencies: [
                "RemessaPostgres", "RemessaStore", "RemessaTesting", "RemessaCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "RemessaSystemdTests", dependencies: ["RemessaSystemd", "RemessaTesting"]),
        .testTarget(
            name: "RemessaHTTPTests",
            dependencies: [
                "RemessaHTTP", "RemessaMetrics", "RemessaTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "RemessaProvidersTests",
            dependencies: [
                "RemessaProviders", "RemessaConfig", "RemessaCore", "RemessaTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RemessaDaemonTests",
            dependencies: [
                "RemessaDaemon", "RemessaDrops", "RemessaSFTP", "RemessaTesting", "RemessaStore", "RemessaConfig",
                "RemessaCore", "RemessaPostgres",
                "remessad", "remessa-test-gateway", "RemessaHTTP", "RemessaMetrics", "RemessaProviders",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RemessaSFTPTests",
            dependencies: [
                "RemessaSFTP", "CLibSSH2",
                "RemessaTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("NonisolatedNonsendingByDefault"))
    target.swiftSettings = settings
}
