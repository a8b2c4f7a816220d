import Foundation
import MCIPGenerate

/// The fuzz target for the input loaders and the slot-template parser. `make fuzz` builds it
/// with `-sanitize=fuzzer,address -D MCIP_LIBFUZZER`, and `main` hands control to libFuzzer;
/// built plainly, it replays inputs: `swift run mcip-fuzz Fuzz/corpus`.
enum FuzzTarget {
    /// The repository's seeds and taxonomy (from `MCIP_SEEDS` and `MCIP_TEMPLATES`, default
    /// `Seeds` and `Templates`), so task and template inputs reach the checks against real
    /// servers, pools and roles, and templates are generated from.
    static let context = InputProbe.Context(
        seeds: try? SeedLoader.load(from: URL(fileURLWithPath: environment["MCIP_SEEDS"] ?? "Seeds")),
        taxonomy: try? TaxonomyLoader.load(URL(fileURLWithPath: environment["MCIP_TEMPLATES"] ?? "Templates").appendingPathComponent("taxonomy.yaml")))

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Runs one input; a broken promise about the reported place stops the process, which
    /// libFuzzer records as a crash with the input that caused it.
    static func test(_ bytes: [UInt8]) -> InputProbe.Outcome {
        let outcome = InputProbe.run(bytes, context: context)
        if let first = outcome.violations.first {
            FileHandle.standardError.write(Data("mcip-fuzz: \(outcome.kind) input: \(first)\n".utf8))
            abort()
        }
        return outcome
    }
}

#if MCIP_LIBFUZZER
    /// libFuzzer's entry point for a program with its own `main` (compiler-rt's FuzzerInterface.h).
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32
#endif

@main struct FuzzMain {
    static func main() {
        #if MCIP_LIBFUZZER
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            _ = FuzzTarget.context
            exit(
                LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                    _ = FuzzTarget.test(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
                    return 0
                })
        #else
            replay(CommandLine.arguments.dropFirst())
        #endif
    }

    /// Runs the files, and the files of the folders, given as arguments through the target.
    static func replay(_ arguments: ArraySlice<String>) {
        var files: [URL] = []
        for arg in arguments {
            let url = URL(fileURLWithPath: arg)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            files += names.isEmpty ? [url] : names.sorted().map { url.appendingPathComponent($0) }
        }
        var valid = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            if FuzzTarget.test([UInt8](data)).problems.isEmpty { valid += 1 }
        }
        print("replayed \(files.count) inputs: \(valid) valid files, \(files.count - valid) refused with located problems, no crash")
    }
}
