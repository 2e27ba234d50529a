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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Pure domain: decoding, CSV, layouts, validation, phones, templates, SMS encoding. No I/O, no clock.
        .target(name: "RemessaCore"),

        // libssh2 from Debian, seen through a module map and a shim of its function-like macros.
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
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
        // Test support used by tests, scripts and the demo: a throwaway OpenSSH sshd, file builders.
        .target(
            name: "RemessaTesting",
            dependencies: [
                "RemessaSFTP",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        .executableTarget(
            name: "remessa",
            dependencies: [
                "RemessaCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "RemessaCoreTests", dependencies: ["RemessaCore"]),
        .testTarget(name: "RemessaCLITests", dependencies: ["remessa", "RemessaCore"]),
        .testTarget(
            name: "RemessaSFTPTests",
            dependencies: [
                "RemessaSFTP",
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
