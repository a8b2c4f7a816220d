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
    /// requests as samples; drawn uniformly per set of tasks a template accepts, 825 for 1,332
    /// samples here; coupled across nested sets, 628 for 1,332.)
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
        #expect(Double(made) < 0.55 * Double(fellBack), "\(made) fallback requests for \(fellBack) samples")
    }

    /// A fallback task is uniform over the template's own tasks, and templates whose task sets
    /// nest draw the same task at odds |smaller| / |larger|.
    @Test func fallbackTasksAreUniformAndNestedSetsShareThem() {
        let tasks = 100
        let inner = (0..<tasks).filter { $0 % 7 == 0 }  // 15 tasks
        let outer = (0..<tasks).filter { $0 % 7 == 0 || $0 % 3 == 0 }  // 44 tasks, inner among them
        func accepts(_ set: [Int]) -> [Bool] { (0..<tasks).map(set.contains) }
        let acceptsInner = accepts(inner), acceptsOuter = accepts(outer)
        let draws = 6000
        var same = 0
        var hits = [Int](repeating: 0, count: tasks)
        for index in 0..<draws {
            let a = SampleGenerator.fallbackTask(seed: 3, index: index, attempt: 1, eligible: inner, accepts: acceptsInner)
            let b = SampleGenerator.fallbackTask(seed: 3, index: index, attempt: 1, eligible: outer, accepts: acceptsOuter)
            #expect(acceptsInner[a] && acceptsOuter[b])
            if a == b { same += 1 }
            hits[a] += 1
        }
        // 15 / 44 = 0.341; the standard error of the share is 0.006.
        #expect(abs(Double(same) / Double(draws) - 15.0 / 44.0) < 0.03, "shared \(same) of \(draws)")
        // 400 expected per task, standard deviation 19: within five of them.
        for t in inner { #expect(abs(hits[t] - draws / inner.count) < 100, "task \(t): \(hits[t])") }
    }
}
