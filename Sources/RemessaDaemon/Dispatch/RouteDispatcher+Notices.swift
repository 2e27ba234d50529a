import Logging
import RemessaConfig
import RemessaCore
import RemessaHTTP

/// What the machine reports, in the log and the metrics.
extension RouteDispatcher {
    func note(_ notice: DispatchNotice, lastCommitError: String) {
        switch notice {
        case .failed(let status):
            metrics.messageFailed(route: route.name, status: status.rawValue)
        case .retried:
            metrics.messageRetried(route: route.name)
        case .slowedDown(let rate):
            metrics.routePushedBack(route: route.name)
            logger.notice("The gateway pushes back: slowing down", metadata: ["remessa.rate": "\(Int(rate.rounded()))"])
        case .circuitOpened(let pause):
            logger.warning(
                "Circuit open: the gateway keeps failing, pausing the route",
                metadata: ["remessa.pauseSeconds": "\(Int(pause.inSeconds.rounded()))"]
            )
        case .circuitClosed:
            logger.notice("Circuit closed: the gateway answers again")
        case .commitFailed:
            metrics.routeCommitFailed(route: route.name)
        case .commitsFailing(let held):
            logger.error(
                "Cannot record outcomes: the route stops sending until the store takes them",
                metadata: ["remessa.error": "\(lastCommitError)", "remessa.outcomes": "\(held)"]
            )
        case .commitsRecovered(let recorded, let failedFor):
            logger.notice(
                "Outcomes recorded: the route sends again",
                metadata: [
                    "remessa.outcomes": "\(recorded)", "remessa.failedForSeconds": "\(Int(failedFor.inSeconds))",
                ]
            )
        }
    }

    func noteStopped(unrecorded: Int, abandoned: Int, settings: DispatchSettings) {
        if abandoned > 0 {
            logger.critical(
                "Submissions unanswered at stop: their messages may be sent again after a restart",
                metadata: [
                    "remessa.messages": "\(abandoned)", "remessa.waitedSeconds": "\(Int(settings.stopGrace.inSeconds))",
                ]
            )
        }
        if unrecorded > 0 {
            logger.critical(
                "Outcomes not recorded at stop: their messages may be sent again after a restart",
                metadata: [
                    "remessa.outcomes": "\(unrecorded)",
                    "remessa.retriedForSeconds": "\(Int(settings.stopRetryLimit.inSeconds))",
                ]
            )
        }
    }

    func publishGauges(_ machine: DispatchMachine<RouteGate>, at time: DispatchTime) {
        metrics.setRouteState(
            route: route.name,
            inFlight: machine.inFlight,
            tokens: machine.tokens(at: time),
            rate: machine.currentRate,
            circuitOpen: machine.isCircuitOpen,
            uncommitted: machine.uncommittedCount
        )
    }
}
