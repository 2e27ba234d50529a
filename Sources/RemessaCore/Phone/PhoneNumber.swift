/// A valid destination: E.164 digits without "+" (`5511987654321`).
///
/// Only ``PhoneNumberParser`` makes one. `description` is the masked form, so a number interpolated into a log
/// line or an error never shows in full; use `digits` where the full number is meant (provider requests, output).
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// The country calling code the number starts with: found in the ITU table for numbers written with their
    /// code, the policy's `defaultCountry` for national ones.
    public let callingCode: Int
    /// The digits packed four bits each (digit 0 lowest) with their count in the top four bits: one word that
    /// differs between any two numbers, so a number is keyed or hashed without reading `digits`.
    let packedWord: UInt64

    /// A number from its digits packed four bits each, digit 0 lowest; `count` is 8 to 15.
    init(packedDigits: UInt64, count: Int, callingCode: Int) {
        assert((8...15).contains(count), "E.164 numbers here have 8 to 15 digits")
        packedWord = packedDigits & ((1 &<< UInt64(count &* 4)) &- 1) | UInt64(count) &<< 60
        self.callingCode = callingCode
    }

    /// The E.164 digits without "+", e.g. `5511987654321`: made from the packed word when asked for, since
    /// most numbers a file check reads are never written out.
    public var digits: String {
        let count = Int(truncatingIfNeeded: packedWord &>> 60)
        let head = Self.asciiDigits(UInt32(truncatingIfNeeded: packedWord))
        let high = UInt32(truncatingIfNeeded: packedWord &>> 32) & 0x0FFF_FFFF
        let ascii = UInt128(Self.asciiDigits(high)) &<< 64 | UInt128(head)
        // The last 8 bytes, which overlap the first 8 when there are fewer than 16.
        let tail = UInt64(truncatingIfNeeded: ascii &>> UInt128(truncatingIfNeeded: (count &- 8) &* 8))
        // At most 15 bytes, so the string is stored inline: two 8-byte stores, no copy loop, no allocation.
        return String(unsafeUninitializedCapacity: count) { buffer in
            let bytes = UnsafeMutableRawBufferPointer(buffer)
            bytes.storeBytes(of: head.littleEndian, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: tail.littleEndian, toByteOffset: count &- 8, as: UInt64.self)
            return count
        }
    }

    /// Eight packed digits spread to eight ASCII bytes, digit 0 in the lowest byte.
    @inline(__always)
    private static func asciiDigits(_ nibbles: UInt32) -> UInt64 {
        var spread = UInt64(nibbles)
        spread = (spread | spread &<< 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread &<< 8) & 0x00FF_00FF_00FF_00FF
        spread = (spread | spread &<< 4) & 0x0F0F_0F0F_0F0F_0F0F
        return spread | 0x3030_3030_3030_3030
    }

    /// The Brazilian area code (DDD) when the number is Brazilian, e.g. 11 for `5511987654321`.
    public var ddd: Int? {
        guard callingCode == 55 else { return nil }
        var utf8 = digits.utf8.dropFirst(2).makeIterator()
        guard let tens = utf8.next(), let units = utf8.next() else { return nil }
        return Int(tens &- UInt8(ascii: "0")) * 10 + Int(units &- UInt8(ascii: "0"))
    }

    /// The number with all but its first and last 4 digits replaced by `*`: `5511*****4321`.
    public var masked: String { PersonalDataMask.phone(digits) }

    public var description: String { masked }
}
