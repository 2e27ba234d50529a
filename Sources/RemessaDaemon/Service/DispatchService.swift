import ServiceLifecycle

/// Runs the dispatcher in the daemon's `ServiceGroup`: on graceful shutdown it stops handing out messages,
/// waits for the submissions in flight to be committed, then closes the gateways' clients.
struct DispatchService: Service {
    let dispatcher: Dispatcher

    func run() async throws {
        await withGracefulShutdownHandler {
            await dispatcher.run()
        } onGracefulShutdown: {
            Task { await dispatcher.stop() }
        }
        await dispatcher.shutdown()
    }
}
