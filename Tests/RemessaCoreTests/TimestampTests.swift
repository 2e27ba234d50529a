import RemessaCore
import Testing

@Suite struct TimestampTests {
    @Test func formatsWithTheOffsetNeverZ() {
        // 2026-11-21T17:03:07Z.
        let instant = 1_795_280_587
        #expect(Timestamp.iso8601(secondsSince1970: instant, utcOffset: -3 * 3600) == "2026-11-21T14:03:07-03:00")
        #expect(Timestamp.iso8601(secondsSince1970: instant, utcOffset: 0) == "2026-11-21T17:03:07+00:00")
        #expect(Timestamp.iso8601(secondsSince1970: instant, utcOffset: 5 * 3600 + 1800) == "2026-11-21T22:33:07+05:30")
    }

    @Test func crossesDaysLeapYearsAndTheEpoch() {
        #expect(Timestamp.iso8601(secondsSince1970: 0, utcOffset: -3600) == "1969-12-31T23:00:00-01:00")
        #expect(Timestamp.iso8601(secondsSince1970: 951_782_400, utcOffset: 0) == "2000-02-29T00:00:00+00:00")
        #expect(Timestamp.iso8601(secondsSince1970: 1_709_251_199, utcOffset: 0) == "2024-02-29T23:59:59+00:00")
    }
}
