import MCIPModel
import Testing

@testable import MCIPGenerate

/// The classes made at one index share requests: the first one, and the fallbacks of classes
/// that cannot host it.
struct SharedRequestTests {
    /// Sharing only saves work: every sample is the same made with the other classes at its
    /// index as made alone.
    @Test func samplesMadeTogetherEqualSamplesMadeAlone() throws {
        let generator = SampleGenerator(inputs: try repoInputs.get())
        for index in 0..<60 {
            var shared = SampleGenerator.SharedRequests()
            for category in MCIPClass.allCases {
                let together = try generator.build(seed: 7, category: category, index: index, shared: &shared).sample
                let alone = try generator.sample(seed: 7, category: category, index: index)
                #expect(SampleCodec.encode(together).core == SampleCodec.encode(alone).core, "\(together.id)")
            }
        }
    }

    /// Classes that fall back at an index mostly fall back on the same request: fewer
    /// fallback requests are made than there are samples built on them, and each such sample
    /// carries the group of one of them. (Made one per class, there would be at least as many
    /// requests as samples: 825 for 1,332 samples here.)
    @Test func classesThatFallBackShareTheirRequests() throws {
        let generator = SampleGenerator(inputs: try repoInputs.get())
        var fellBack = 0, made = 0
        for index in 0..<300 {
            var shared = SampleGenerator.SharedRequests()
            let samples = try MCIPClass.allCases.map { try generator.build(seed: 11, category: $0, index: index, shared: &shared).sample }
            let first = shared.first?.group
            let fallbackGroups = Set(shared.fallbacks.map(\.request.group))
            for s in samples where s.group != first {
                fellBack += 1
                #expect(fallbackGroups.contains(s.group), "\(s.id)")
            }
            made += shared.fallbacks.count
        }
        #expect(fellBack > 300)
        #expect(Double(made) < 0.75 * Double(fellBack), "\(made) fallback requests for \(fellBack) samples")
    }
}
