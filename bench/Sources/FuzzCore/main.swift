// libFuzzer target over decoding + CSV + layouts + validation: `bench/run fuzz [seconds]`.
// Built with `-sanitize=fuzzer,address`; SwiftPM owns `main`, so it hands control to libFuzzer's driver.
// The first input byte picks the layout, the chunking and the options, so one corpus explores all of them.
// Any crash, hang or sanitizer report is a bug.
import Glibc
import RemessaCore

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let layouts: [LayoutChoice] = [.auto, .forced(.base), .forced(.sinch), .forced(.engage)]
    var options = ValidationOptions(
        layout: layouts[Int(control & 3)],
        template: control & 4 == 0 ? "Olá @PrimeiroNome, {{loja}} @Coringa1 @@ {{ destino }}" : nil,
        transliterate: control & 8 == 0,
        onMissingField: control & 16 == 0 ? .reject : .blank,
        maxRecordBytes: control & 32 == 0 ? 1 << 16 : 64
    )
    options.phonePolicy.countryCode = control & 64 == 0 ? .auto : .absent
    let chunkSize = control & 128 == 0 ? max(1, input.count) : 1 + Int(control % 7)

    var validator = FileValidator(fileName: "PROJETO1.20261121.01.txt", options: options)
    var rows = 0
    var offset = 0
    while offset < input.count {
        let end = min(input.count, offset + chunkSize)
        try? validator.feed(UnsafeRawBufferPointer(rebasing: input[offset..<end])) { _ in rows += 1 }
        offset = end
    }
    guard let summary = try? validator.finish(emit: { _ in rows += 1 }) else { return 0 }
    // Invariants every verdict keeps, whatever the input.
    precondition(summary.accepted + summary.rejected == summary.rows || !summary.isAccepted)
    precondition(summary.isAccepted || summary.accepted == 0)
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, { data, size in fuzzOneInput(data, size) }))
