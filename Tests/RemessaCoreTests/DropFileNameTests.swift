import Testing

@testable import RemessaCore

@Suite("Names in drop folders (contract section 14)")
struct DropFileNameTests {
    @Test("A name longer than 255 bytes less the longest output suffix and a variant is NAME_TOO_LONG")
    func tooLong() {
        #expect(DropFileName.maxInputBytes == 237)
        #expect(!DropFileName.isTooLong(String(repeating: "a", count: 233) + ".csv"))
        #expect(DropFileName.isTooLong(String(repeating: "a", count: 234) + ".csv"))
        // Bytes, not characters: 119 `ç` are 238 bytes.
        #expect(DropFileName.isTooLong(String(repeating: "ç", count: 119)))
        // Every output name of an accepted name fits, variants included.
        let longest = String(repeating: "a", count: 237)
        for suffix in [".result.csv", ".error.csv", ".dlr.10000.csv", ".final.csv", ".summary.json"] {
            #expect((longest + "-999" + suffix).utf8.count <= DropFileName.maxBytes)
        }
    }

    @Test("A name that fits is kept; a long one is cut at a character, marked with its hash, and fits")
    func fitting() {
        #expect(DropFileName.fitting("clientes.csv", suffix: ".error.csv") == "clientes.csv.error.csv")
        let long = String(repeating: "relatório-", count: 30) + ".csv"
        let fitted = DropFileName.fitting(long, suffix: ".error.csv")
        #expect(fitted.utf8.count <= DropFileName.maxBytes - 4)
        #expect(fitted.hasSuffix(".error.csv"))
        #expect(fitted.hasPrefix("relatório-relatório-"))
        #expect(fitted.contains("~" + DropFileName.hashHex(long)))
        let other = String(repeating: "relatório-", count: 30) + ".txt"
        #expect(DropFileName.fitting(other, suffix: ".error.csv") != fitted)
        #expect(String(validating: Array(fitted.utf8), as: UTF8.self) != nil)
        #expect(DropFileName.fitting(long, suffix: "").utf8.count <= 251)
    }

    @Test("A name that is not UTF-8 reads as Windows-1252 and keeps its bytes")
    func windows1252Names() {
        let latin1: [UInt8] = Array("relat".utf8) + [0xF3] + Array("rio.csv".utf8)
        let (name, raw) = DropFileName.readable(latin1)
        #expect(name == "relatório.csv")
        #expect(raw == latin1)
        let utf8 = DropFileName.readable(Array("relatório.csv".utf8))
        #expect(utf8.name == "relatório.csv")
        #expect(utf8.rawBytes == nil)
        // 0x80 is the euro sign in Windows-1252; 0x81 is unassigned and keeps its C1 value.
        #expect(DropFileName.readable([0x80, 0x81, 0x2E, 0x63]).name == "€\u{81}.c")
    }

    @Test("Control characters in names are escaped for logs and terminals")
    func escaping() {
        #expect(ControlCharacterEscaping.escaped("clientes.csv") == "clientes.csv")
        #expect(ControlCharacterEscaping.escaped("a\nb\rc\td") == "a\\nb\\rc\\td")
        #expect(ControlCharacterEscaping.escaped("x\u{1B}[2Jy") == "x\\u{1b}[2Jy")
        #expect(ControlCharacterEscaping.escaped("\u{7F}\u{85}\u{2028}") == "\\u{7f}\\u{85}\\u{2028}")
        #expect(ControlCharacterEscaping.escaped("back\\slash\n") == "back\\\\slash\\n")
        #expect(ControlCharacterEscaping.escaped("relatório €") == "relatório €")
    }

    @Test("A claimed file is <id>-<name> in processing/, cut to fit; the prefix is undone only for its own id")
    func processingNames() {
        #expect(DropFileName.processing("clientes.csv", fileID: 42) == "42-clientes.csv")
        #expect(DropFileName.claimed("42-clientes.csv", fileID: 42) == "clientes.csv")
        #expect(DropFileName.claimed("43-clientes.csv", fileID: 42) == nil)
        let long = String(repeating: "á", count: 118) + ".csv"
        let claimed = DropFileName.processing(long, fileID: 1_234_567)
        #expect(claimed.hasPrefix("1234567-"))
        #expect(claimed.utf8.count <= DropFileName.maxBytes - 4)
        #expect(DropFileName.processing(long, fileID: 1_234_568) != claimed)
    }
}

@Suite("Readiness markers")
struct MarkerReadinessTests {
    private func tracker() -> ReadinessTracker {
        ReadinessTracker(rule: .marker, eligibility: InboxEligibility(include: ["*.csv"]))
    }

    @Test("A file is ready once a marker at least as new as the file is beside it")
    func freshMarker() {
        var tracker = tracker()
        let file = InboxFile(name: "a.csv", size: 10, modification: 100)
        #expect(tracker.observe([file], at: .seconds(0)).ready.isEmpty)
        let marker = InboxFile(name: "a.csv.ok", size: 0, modification: 100)
        #expect(tracker.observe([file, marker], at: .seconds(1)).ready == [file])
    }

    @Test("A marker older than the file (left by a crash after an earlier claim) does not make it ready")
    func staleMarker() {
        var tracker = tracker()
        let file = InboxFile(name: "a.csv", size: 10, modification: 200)
        let stale = InboxFile(name: "a.csv.ok", size: 0, modification: 150)
        let verdict = tracker.observe([stale, file], at: .seconds(0))
        #expect(verdict.ready.isEmpty)
        #expect(verdict.waiting == [file])
        let fresh = InboxFile(name: "a.csv.ok", size: 0, modification: 201)
        #expect(tracker.observe([fresh, file], at: .seconds(1)).ready == [file])
    }
}
