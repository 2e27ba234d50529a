/// Runs `body` on the UTF-8 bytes of `text`, copying them only when they are not stored contiguously (never for
/// native strings and substrings).
@inlinable
func withContiguousUTF8<Result>(
    _ text: some StringProtocol,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) {
        return result
    }
    return Array(text.utf8).withUnsafeBufferPointer(body)
}
