import Foundation

/// A message Kannel delivered to fakesmsc, as fakesmsc printed it (`Got message N: <from to type text>`).
public struct KannelFakeSMSCMessage: Sendable, Equatable {
    public var sender: String
    public var receiver: String
    /// `text`, `ucs-2`, `data`, … as fakesmsc names the coding.
    public var type: String
    /// The text decoded: fakesmsc prints `text` as it is and `ucs-2` as URL-encoded UTF-16BE.
    public var text: String

    public init(sender: String, receiver: String, type: String, text: String) {
        self.sender = sender
        self.receiver = receiver
        self.type = type
        self.text = text
    }

    /// Parses one line of fakesmsc's log; `nil` for lines that are not a received message.
    public init?(logLine line: Substring) {
        guard let marker = line.range(of: "Got message "),
            let open = line[marker.upperBound...].firstIndex(of: "<"),
            let close = line.lastIndex(of: ">"), open < close
        else { return nil }
        let fields = line[line.index(after: open)..<close].split(
            separator: " ",
            maxSplits: 3,
            omittingEmptySubsequences: false
        )
        guard fields.count == 4 else { return nil }
        self.sender = String(fields[0])
        self.receiver = String(fields[1])
        self.type = String(fields[2])
        if self.type == "ucs-2" {
            guard let text = Self.decodeUCS2(fields[3]) else { return nil }
            self.text = text
        } else {
            self.text = String(fields[3])
        }
    }

    /// URL-decodes (`+` is a space) to bytes and reads them as UTF-16BE.
    static func decodeUCS2(_ encoded: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(encoded.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            default:
                bytes.append(byte)
            }
        }
        guard bytes.count.isMultiple(of: 2) else { return nil }
        let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return String(validating: units, as: UTF16.self)
    }
}
