import PostgresNIO

/// An array parameter whose elements may be NULL, for `unnest(…)` (PostgresNIO's own array parameters cannot hold
/// NULL): `text[]` of `[String?]`, `double precision[]` of `[Double?]`, in PostgreSQL's binary array format.
struct PostgresNullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>:
    PostgresNonThrowingEncodable, Sendable
where Element: Sendable {
    var elements: [Element?]

    init(_ elements: [Element?]) {
        self.elements = elements
    }

    static var psqlType: PostgresDataType { Element.psqlArrayType }

    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)  // dimensions
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)  // has NULLs
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))  // length
        buffer.writeInteger(1, as: Int32.self)  // lower bound
        for element in elements {
            if let element {
                let start = buffer.writerIndex
                buffer.writeInteger(0, as: Int32.self)  // length, set below
                element.encode(into: &buffer, context: context)
                buffer.setInteger(Int32(buffer.writerIndex - start - 4), at: start)
            } else {
                buffer.writeInteger(-1, as: Int32.self)
            }
        }
    }
}
