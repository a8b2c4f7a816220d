import Foundation
import MCIPGenerate
import MCIPModel
import Testing

/// The fuzz corpus (`Fuzz/corpus`, the seeds `make fuzz` starts from plus every input that
/// once crashed a loader) replayed through the fuzz target's checks on every test run.
@Suite struct FuzzCorpusTests {
    static let corpus = Repo.root.appendingPathComponent("Fuzz/corpus")

    static func inputs() throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map {
            ($0, [UInt8](try Data(contentsOf: corpus.appendingPathComponent($0))))
        }
    }

    @Test func everyInputIsReadAndEveryProblemLiesInsideIt() throws {
        let seeds = try SeedLoader.load(from: Repo.seeds)
        let taxonomy = try TaxonomyLoader.load(Repo.templates.appendingPathComponent("taxonomy.yaml"))
        let context = InputProbe.Context(seeds: seeds, taxonomy: taxonomy)
        let inputs = try Self.inputs()
        #expect(inputs.count >= 30)
        var kinds: Set<UInt8> = []
        for (name, bytes) in inputs {
            let outcome = InputProbe.run(bytes, context: context)
            kinds.insert(outcome.kind.rawValue)
            #expect(outcome.violations.isEmpty, "\(name): \(outcome.violations)")
            // Seeds taken from the repository's own files are valid files of their kind.
            if ["taxonomy", "identities", "pools-c", "server-github", "tasks-", "template-"].contains(where: name.hasPrefix) {
                #expect(outcome.problems.isEmpty, "\(name): \(outcome.problems)")
            }
        }
        #expect(kinds.count == InputProbe.Kind.allCases.count, "a kind of input has no seed in the corpus")
    }

    @Test func probeReportsThePlaceOfAProblem() {
        let input: [UInt8] = [InputProbe.Kind.pools.rawValue, 0] + Array("pools:\n  a: [x]\n  b: {range: [9, 3]}\n".utf8)
        let outcome = InputProbe.run(input, context: InputProbe.Context(seeds: nil))
        #expect(outcome.kind == .pools)
        #expect(outcome.problems.map(\.description) == ["\(InputProbe.path):3:6: range of pool 'b' is empty (9 > 3)"])
        #expect(outcome.violations.isEmpty)
    }
}
