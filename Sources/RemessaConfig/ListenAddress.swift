/// `HOST:PORT` as the `http.listen` key writes it; an IPv6 host is bracketed: `[::1]:8080`.
struct ListenAddress: Equatable {
    var host: String
    var port: Int

    init?(parsing text: String) {
        let text = text.trimmingSpaces()
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                return nil
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let afterClose = text[text.index(after: close)...]
            guard afterClose.hasPrefix(":") else {
                return nil
            }
            portPart = afterClose.dropFirst()
            guard hostPart.contains(":") else {
                return nil
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return nil
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !hostPart.contains(":") else {
                return nil
            }
        }
        guard
            !hostPart.isEmpty, !hostPart.contains(" "), !portPart.isEmpty, portPart.count <= 6,
            portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart)
        else {
            return nil
        }
        self.host = String(hostPart)
        self.port = port
    }
}
