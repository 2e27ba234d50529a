import ServiceLifecycle

/// Runs the dispatcher in the daemon's `ServiceGroup`: on graceful shutdown it stops handing out messages and
/// returns once the submissions in flight are committed (within the dispatch machine's stop bounds).
struct DispatchService: Service {
    let dispatcher: Dispatcher

    func run() async throws {
        await withGracefulShutdownHandler {
            await dispatcher.run()
        } onGracefulShutdown: {
            dispatcher.stop()
        }
    }
}
