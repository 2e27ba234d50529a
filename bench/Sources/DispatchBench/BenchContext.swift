import BenchSupport
import Foundation

/// What every scenario needs: the binaries, a work directory of its own, and how to run remessad.
struct BenchContext {
    let remessad: String
    let gateway: String
    let work: String

    /// A fresh directory `<work>/<name>`.
    func directory(_ name: String) throws -> String {
        let path = work + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts remessad on `configuration` (in the background; `untilIdle` makes it exit by itself).
    func startDaemon(_ configuration: DaemonConfiguration, untilIdle: Bool) throws -> Spawned {
        try Spawned(
            [remessad, "--config", configuration.path, "--log-level", "notice"] + (untilIdle ? ["--until-idle"] : []),
            logPath: configuration.root + "/remessad.log"
        )
    }

    /// Runs `remessad --until-idle` to its end; throws unless it exits 0 within `timeout` seconds.
    func runUntilIdle(_ configuration: DaemonConfiguration, timeout: Double) throws -> Spawned {
        let daemon = try startDaemon(configuration, untilIdle: true)
        guard let status = daemon.wait(timeout: timeout) else {
            daemon.terminate()
            throw BenchFailure("remessad --until-idle did not finish within \(Int(timeout)) s:\n\(daemon.tail())")
        }
        guard status == 0 else {
            throw BenchFailure("remessad --until-idle exited with \(status):\n\(daemon.tail())")
        }
        return daemon
    }

    /// Starts remessa-test-gateway on a free port with `arguments`; answers it and its port.
    func startGateway(_ arguments: [String], root: String, name: String) throws -> (Spawned, Int) {
        let gateway = try Spawned([gateway, "--port", "0"] + arguments, logPath: root + "/\(name).log")
        let port = try gateway.awaitLine(prefix: "listening on ", timeout: 30)
        guard let number = Int(port.trimmingCharacters(in: .whitespaces)) else {
            gateway.terminate()
            throw BenchFailure("remessa-test-gateway printed \"listening on \(port)\"")
        }
        return (gateway, number)
    }
}

/// Formats a number with thousands separators: 12,345.
func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var text = ""
    for (offset, character) in digits.reversed().enumerated() {
        if offset > 0, offset % 3 == 0, character != "-" { text.append(",") }
        text.append(character)
    }
    return String(text.reversed())
}

func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
