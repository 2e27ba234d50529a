/// What one client may cost the daemon's HTTP listener, which anyone who reaches its port can call.
package struct HTTPListenerLimits: Sendable, Hashable {
    /// A connection with no request in progress for this long is closed (also one that never finishes its head).
    package var idleTimeout: Duration
    /// Connections served at once; further ones wait in the kernel's backlog until one closes.
    package var maxConnections: Int
    /// The most bytes of one header field, the request line included.
    package var maxHeaderFieldSize: Int
    /// The most bytes of a request's head: request line and every header field.
    package var maxHeaderListSize: Int
    /// The most header fields in a request.
    package var maxHeaderFieldCount: Int
    /// The most bytes of a request body: a webhook answers 413 beyond it (before reading a body whose
    /// `Content-Length` says so), and the connection is closed once the answer is written.
    package var maxBodySize: Int

    package init(
        idleTimeout: Duration = .seconds(30),
        maxConnections: Int = 256,
        maxHeaderFieldSize: Int = 16 * 1024,
        maxHeaderListSize: Int = 32 * 1024,
        maxHeaderFieldCount: Int = 100,
        maxBodySize: Int = 2 * 1024 * 1024
    ) {
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxHeaderFieldSize = maxHeaderFieldSize
        self.maxHeaderListSize = maxHeaderListSize
        self.maxHeaderFieldCount = maxHeaderFieldCount
        self.maxBodySize = maxBodySize
    }
}
