import RemessaConfig
import RemessaCore

/// What `--check-config` prints: every drop and route as the daemon understood them, no secrets.
struct ConfigurationReport {
    let configuration: RemessaConfiguration
    let path: String

    var text: String {
        var lines = [
            "\(path): ok", "state: \(configuration.state.path)",
            "http: \(configuration.http.host):\(configuration.http.port)",
        ]
        for route in configuration.routes.values.sorted(by: { $0.name < $1.name }) {
            lines.append(
                "route \(route.name): \(route.provider.rawValue), \(route.rate)/s, burst \(route.burst), in flight \(route.maxInFlight)"
            )
        }
        for drop in configuration.drops.values.sorted(by: { $0.name < $1.name }) {
            let place: String
            switch drop.transport {
            case .local: place = "local \(drop.path ?? ".")"
            case .sftp(let sftp):
                place = "sftp \(sftp.user)@\(sftp.host):\(sftp.port)\(drop.path.map { " \($0)" } ?? "")"
            }
            lines.append(
                "drop \(drop.name): \(place), poll every \(drop.pollInterval), readiness \(drop.readiness.rawValue), route \(drop.route), layout \(drop.validation.layout)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
