// swift-tools-version:6.2

import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, and a clone may have any folder name.
let remessa = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

// Benchmarks and the fuzz target, built in release mode only (`bench/run`). They print figures; they never
// assert timings.
let package = Package(
    name: "remessa-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Running a command with its wall time and peak RSS, for the benchmarks that compare against a baseline.
        .target(name: "BenchSupport"),
        // A throwaway PostgreSQL cluster (RemessaTesting's sandbox) for the benchmarks on PostgreSQL: psql as
        // Remessa's role, the server's CPU time and slow statements.
        .target(
            name: "BenchPostgres",
            dependencies: ["BenchSupport", .product(name: "RemessaTesting", package: remessa)]
        ),
        // `remessa check` on a generated 1,000,000-row base file beside Python's csv.reader.
        .executableTarget(
            name: "CheckBench",
            dependencies: ["BenchSupport", .product(name: "RemessaCore", package: remessa)]
        ),
        // remessad's one pass over a local drop holding the 1,000,000-row base file (claim, spool, validate, store,
        // result file) beside `sqlite3 .import` of the same file; with --postgres, on a PostgreSQL store beside
        // `psql \copy`.
        .executableTarget(
            name: "IngestBench",
            dependencies: [
                "BenchSupport", "BenchPostgres",
                .product(name: "RemessaDaemon", package: remessa),
                .product(name: "RemessaConfig", package: remessa),
                .product(name: "RemessaStore", package: remessa),
                .product(name: "RemessaPostgres", package: remessa),
                .product(name: "RemessaCore", package: remessa),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Commit latency of a small writer (dispatch outcomes, delivery reports) while a 1,000,000-row file is
        // ingested through the same Store, beside the writer alone.
        .executableTarget(
            name: "IngestLatencyBench",
            dependencies: [
                .product(name: "RemessaStore", package: remessa),
                .product(name: "RemessaCore", package: remessa),
                .product(name: "RemessaTesting", package: remessa),
            ]
        ),
        // remessad's dispatcher under load (simulator, http provider, throttle accuracy, DLR webhook intake), run as
        // child processes beside remessa-test-gateway, wrk and the sqlite3 shell; the simulator also on a
        // PostgreSQL store.
        .executableTarget(
            name: "DispatchBench",
            dependencies: [
                "BenchSupport", "BenchPostgres",
                .product(name: "RemessaTesting", package: remessa),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Purging 1,000,000 finished messages through the Store (longest transaction), beside sqlite3's one UPDATE.
        .executableTarget(
            name: "PurgeBench",
            dependencies: [
                "BenchSupport",
                .product(name: "RemessaStore", package: remessa),
                .product(name: "RemessaCore", package: remessa),
                .product(name: "RemessaTesting", package: remessa),
            ]
        ),
        // The bare CSV reader's split speed, for tuning it.
        .executableTarget(
            name: "CSVSplitBench",
            dependencies: [.product(name: "RemessaCore", package: remessa)]
        ),
        // RemessaSFTP download/upload beside OpenSSH's sftp, over loopback against the sandbox sshd.
        .executableTarget(
            name: "SFTPBench",
            dependencies: [
                .product(name: "RemessaSFTP", package: remessa),
                .product(name: "RemessaTesting", package: remessa),
            ]
        ),
        // Several remessad nodes on one PostgreSQL (failover under kill -9, the cluster's rate, one node vs two),
        // child processes beside remessa-test-gateway and RemessaTesting's PostgresSandbox.
        .executableTarget(
            name: "ClusterBench",
            dependencies: ["BenchSupport", .product(name: "RemessaTesting", package: remessa)]
        ),
        // libFuzzer target over decoding + CSV + layouts (built with -sanitize=fuzzer).
        .executableTarget(
            name: "FuzzCore",
            dependencies: [.product(name: "RemessaCore", package: remessa)]
        ),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
