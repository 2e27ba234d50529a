import Foundation

/// Runs a setup tool (`ssh-keygen`, `useradd`, …) and returns its standard output.
enum SystemCommand {
    /// Runs `executable` with `arguments`, feeding `input` on stdin; throws with its stderr if it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do {
            try process.run()
        } catch {
            throw SSHDSandboxError("cannot run \(executable): \(error)")
        }
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let name = URL(fileURLWithPath: executable).lastPathComponent
            throw SSHDSandboxError("\(name) failed (\(process.terminationStatus)): \(message)")
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}

/// Why a sandbox could not be set up or started.
public struct SSHDSandboxError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the fix where one is known.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
