import Foundation
import MCIPGenerate
import MCIPModel
import MCIPStore
import Testing

@testable import MCIPPipeline

/// Random 64-bit shingle sets with an exact, known Jaccard similarity.
func pair(similarity j: Double, size: Int = 200, rng: inout RNG) -> (a: [UInt64], b: [UInt64]) {
    // |A ∩ B| = c, |A ∪ B| = size: J = c / size; A and B split the rest evenly.
    let common = Int((j * Double(size)).rounded())
    let own = (size - common) / 2
    let shared = (0..<common).map { _ in rng.next() }
    let a = shared + (0..<own).map { _ in rng.next() }
    let b = shared + (0..<(size - common - own)).map { _ in rng.next() }
    return (a.sorted(), b.sorted())
}

struct MinHashTests {
    /// The SIMD signature is the plain definition: per permutation, the least
    /// high half of a·x + b over the shingles.
    @Test(arguments: [8, 13, 128])
    func signatureIsTheMinimumOfEachPermutation(permutations: Int) {
        var rng = RNG(seed: 5)
        let hasher = MinHasher(permutations: permutations, seed: 99)
        var keys = RNG(seed: 99)
        let a = (0..<permutations).map { _ in keys.next() | 1 }, b = (0..<permutations).map { _ in keys.next() }
        for size in [0, 1, 7, 43, 200] {
            let shingles = (0..<size).map { _ in rng.next() }
            let expected = (0..<permutations).map { k in
                shingles.map { UInt32(truncatingIfNeeded: (a[k] &* $0 &+ b[k]) >> 32) }.min() ?? .max
            }
            #expect(hasher.signature(shingles) == expected)
        }
    }

    /// One sort gives the distinct shingles (any order) and the folded set: the same
    /// signature and set as the sorted, distinct shingles, with and without repeats.
    @Test func distinctAndFoldedMatchTheSortedSet() {
        var rng = RNG(seed: 8)
        let hasher = MinHasher(permutations: 128)
        for length in [0, 1, 3, 5, 40, 300] {
            // A small vocabulary, so n-grams repeat; and two values that fold to one.
            let tokens = (0..<length).map { _ in UInt64(rng.next() % 4) }
            let grams = Shingles.grams(tokens, n: 2) + [0x0000_0001_0000_0002, 0x0000_0002_0000_0001]
            let sorted = Array(Set(grams)).sorted()
            let sets = Shingles.distinctAndFolded(grams)
            #expect(sets.shingles.sorted() == sorted)
            // Folded by the definition: high half ^ low half, sorted, distinct.
            let folded = Set(sorted.map { UInt32(truncatingIfNeeded: $0 >> 32) ^ UInt32(truncatingIfNeeded: $0) }).sorted()
            #expect(sets.folded == folded)
            #expect(hasher.signature(sets.shingles) == hasher.signature(sorted))
        }
    }

    @Test(arguments: [0.2, 0.5, 0.7, 0.85, 0.95])
    func estimatesStayWithinTheirStandardError(similarity: Double) {
        var rng = RNG(seed: 11)
        let hasher = MinHasher(permutations: 128)
        // The estimate is a mean of 128 Bernoulli(J) draws: standard error sqrt(J(1-J)/128).
        let sigma = (similarity * (1 - similarity) / 128).squareRoot()
        var worst = 0.0, total = 0.0
        for _ in 0..<50 {
            let (a, b) = pair(similarity: similarity, rng: &rng)
            let exact = Shingles.jaccard(a, b)
            let error = abs(MinHasher.estimate(hasher.signature(a), hasher.signature(b)) - exact)
            worst = max(worst, error)
            total += error
        }
        #expect(worst <= 4 * sigma + 0.01, "worst error \(worst), sigma \(sigma)")
        // Mean absolute error of a normal estimate is about 0.8 sigma.
        #expect(total / 50 <= 1.2 * sigma + 0.005, "mean error \(total / 50), sigma \(sigma)")
    }

    @Test func lshFindsPairsAboveTheThresholdAndFewFarBelow() {
        var rng = RNG(seed: 12)
        let config = DedupConfig(threshold: 0.85)
        let hasher = MinHasher(permutations: config.permutations)
        func candidates(_ a: [UInt64], _ b: [UInt64]) -> Bool {
            let x = config.lsh.bandKeys(hasher.signature(a)), y = config.lsh.bandKeys(hasher.signature(b))
            return zip(x, y).contains { $0 == $1 }
        }
        var found = 0, above = 0, far = 0
        for i in 0..<400 {
            let (a, b) = pair(similarity: 0.85 + 0.15 * Double(i) / 400, rng: &rng)
            if Shingles.jaccard(a, b) >= 0.85 {
                above += 1
                if candidates(a, b) { found += 1 }
            }
            let (c, d) = pair(similarity: 0.5, rng: &rng)
            if candidates(c, d) { far += 1 }
        }
        #expect(above >= 390)
        #expect(Double(found) >= 0.95 * Double(above), "\(found) of \(above) pairs above the threshold found")
        #expect(far <= 8, "\(far) of 400 pairs at Jaccard 0.5 became candidates")
    }
}

/// Near-duplicate decisions on real samples, through the index a generation run uses.
struct KeptSamplesTests {
    /// The pruned merge gives exactly the plain Jaccard whenever that passes the bars, and nil
    /// otherwise, on random sets of every overlap.
    @Test func prunedJaccardAgreesWithThePlainOne() {
        var rng = RNG(seed: 7)
        for _ in 0..<2000 {
            let universe = UInt32(8 + rng.next() % 120)
            let a = Set((0..<(rng.next() % 60)).map { _ in UInt32(rng.next() % UInt64(universe)) }).sorted()
            let b = Set((0..<(rng.next() % 60)).map { _ in UInt32(rng.next() % UInt64(universe)) }).sorted()
            let plain = Shingles.jaccard(a, b)
            for (floor, bar) in [(0.0, -1.0), (0.85, -1.0), (0.5, 0.7), (0.3, plain), (plain, -1.0), (1.0, -1.0)] {
                let pruned = Shingles.jaccard(a[...], b[...], atLeast: floor, above: bar)
                #expect(pruned == (plain >= floor && plain > bar ? plain : nil), "\(a) \(b) \(floor) \(bar)")
            }
        }
    }

    /// Sets filed with gaps between seqs read back by seq; this run's samples are named,
    /// earlier runs' are left to the database.
    @Test func setsAndNamesAreFiledBySeq() {
        var kept = KeptSamples(samples: 4, shingles: 3)
        kept.add(seq: 2, [1, 2, 3, 4])
        kept.add(seq: 5, [3, 4, 5, 6], seed: 42, index: 17)
        #expect(kept.jaccard([1, 2, 3, 4], seq: 2, atLeast: 0, above: -1) == 1)
        #expect(kept.jaccard([1, 2, 3, 4], seq: 5, atLeast: 0, above: -1) == 2.0 / 6.0)
        #expect(kept.jaccard([1, 2], seq: 3, atLeast: 0, above: -1) == 0)
        #expect(kept.jaccard([1, 2], seq: 9, atLeast: 0, above: -1) == 0)
        #expect(kept.jaccard([1, 2, 3, 4], seq: 5, atLeast: 0.5, above: -1) == nil)
        #expect(kept.id(seq: 5, category: .dataInjection) == "42-data_injection-17")
        #expect(kept.id(seq: 2, category: .dataInjection) == nil)
        #expect(kept.id(seq: 4, category: .dataInjection) == nil)
    }
}

struct DedupDecisionTests {
    let inputs: GeneratorInputs
    let generator: SampleGenerator
    let known: SampleCodec.KnownServers

    init() throws {
        inputs = try GeneratorInputs.load(templates: Repo.templates, seeds: Repo.seeds)
        generator = SampleGenerator(inputs: inputs)
        known = SampleCodec.KnownServers(inputs.seeds.servers.map(\.definition))
    }

    func stored(_ sample: Sample, _ config: DedupConfig, _ hasher: MinHasher) -> StoredSample {
        let fingerprint = DedupIndex.fingerprint(sample, config: config, hasher: hasher)
        return StoredSample(
            sample: sample, encoded: SampleCodec.encode(sample, known: known), verdict: sample.category,
            bandKeys: fingerprint.bandKeys, shingleSet: fingerprint.shingleSet)
    }

    /// Runs samples through a fresh index in order and returns each decision.
    func decisions(_ samples: [Sample]) throws -> [String] {
        let dir = temporaryFolder("dedup")
        let store = try SampleStore(path: dir.appendingPathComponent("d.sqlite").path, create: true)
        let run = try store.beginRun(seed: 1, perClass: 1, options: [:], taxonomyVersion: "1", inputsHash: "h")
        let index = try DedupIndex(config: DedupConfig(), store: store, jobs: 1)
        return try store.database.transaction {
            try samples.map { sample in
                let s = stored(sample, index.config, index.hasher)
                switch try index.decide(s) {
                case .keep:
                    index.add(s, seq: try store.insert(s, run: run))
                    return "keep"
                case .duplicate(let kept): return "duplicate of \(kept)"
                case .nearDuplicate(let kept, _): return "near-duplicate of \(kept)"
                }
            }
        }
    }

    /// The same sample with one argument value of its first call changed, everywhere it appears.
    func withOneArgumentChanged(_ sample: Sample) -> Sample? {
        var s = sample
        guard let i = s.trajectory.callIndices.first, case .call(var call) = s.trajectory.steps[i],
            let key = call.arguments.keys.sorted().first(where: { call.arguments[$0]?.stringValue != nil })
        else { return nil }
        call.arguments[key] = .string(call.arguments[key]!.stringValue! + "x")
        s.trajectory.steps[i] = .call(call)
        s.id = SampleID.make(seed: 1, category: s.category, index: 99_999)
        return s
    }

    @Test func aSampleWithOneArgumentChangedIsANearDuplicate() throws {
        var checked = 0
        for index in 0..<40 {
            let sample = try generator.sample(seed: 3, category: .appropriate, index: index)
            guard let twin = withOneArgumentChanged(sample) else { continue }
            #expect(try decisions([sample, twin]) == ["keep", "near-duplicate of \(sample.id)"])
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test func theSameContentTwiceIsAnExactDuplicate() throws {
        let sample = try generator.sample(seed: 3, category: .replayInjection, index: 0)
        var again = sample
        again.id = SampleID.make(seed: 3, category: .replayInjection, index: 1)
        again.rationale = "Other words."
        #expect(try decisions([sample, again]) == ["keep", "duplicate of \(sample.id)"])
    }

    @Test func differentTasksOnTheSameToolsAreKept() throws {
        // Pairs of tasks that call exactly the same tools, each made into a gold sample.
        let tasks = inputs.seeds.tasks
        let byTools = Dictionary(grouping: tasks.indices) { tasks[$0].calls.map { "\($0.server).\($0.tool)" }.joined(separator: " ") }
        let pairs = byTools.values.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }.prefix(25)
        #expect(pairs.count >= 10)
        let scenarios = ScenarioBuilder(seeds: inputs.seeds), gold = GoldBuilder(seeds: inputs.seeds)
        func sample(_ task: Int) throws -> Sample {
            var rng = RNG(seed: UInt64(task))
            let built = try gold.build(scenarios.draw(task: tasks[task], rng: &rng))
            return Sample(
                id: SampleID.make(seed: 1, category: .appropriate, index: task), category: .appropriate, group: "g\(task)",
                title: built.title, trajectory: built.trajectory, policy: built.policy, rationale: "",
                provenance: Provenance(seed: 1, index: task, template: "t", task: tasks[task].id, cause: "outcome_only", hardNegative: nil, taxonomyVersion: "1"))
        }
        for p in pairs {
            #expect(try decisions([sample(p[0]), sample(p[1])]) == ["keep", "keep"], "\(tasks[p[0]].id) vs \(tasks[p[1]].id)")
        }
    }

    @Test func aSafeTwinAndItsAttackedVariantAreBothKept() throws {
        var pairs = 0
        for index in 0..<30 {
            let safe = try generator.sample(seed: 5, category: .appropriate, index: index)
            for category in [MCIPClass.wrongArgumentsIntent, .replayInjection, .functionInjection] {
                let attacked = try generator.sample(seed: 5, category: category, index: index)
                guard attacked.group == safe.group else { continue }
                #expect(try decisions([safe, attacked]) == ["keep", "keep"])
                pairs += 1
            }
        }
        #expect(pairs >= 10, "only \(pairs) minimal pairs")
    }
}

/// Which samples a run keeps, and the clusters it records, do not depend on threads, batch
/// sizes or how many runs it took.
struct DedupDeterminismTests {
    func snapshot(_ database: String) throws -> [String] {
        let store = try SampleStore(path: database, create: false)
        var rows: [String] = []
        for sql in [
            "SELECT id || ' ' || content_hash FROM samples ORDER BY category, seed, idx",
            "SELECT id || ' → ' || kept_id || ' ' || printf('%.6f', similarity) FROM near_duplicates ORDER BY category, seed, idx",
            "SELECT id || ' → ' || kept_id FROM duplicates ORDER BY category, seed, idx",
        ] {
            let s = try store.database.prepare(sql)
            while try s.step() { rows.append(s.text(0)) }
            rows.append("--")
        }
        return rows
    }

    func generate(_ db: String, perClass: Int, jobs: Int, batch: Int) throws {
        _ = try GenerateRun.run(
            GenerateOptions(perClass: perClass, seed: 21, database: db, templates: Repo.templates, seeds: Repo.seeds, jobs: jobs, batchSize: batch))
    }

    @Test func clustersAreTheSameForAnyJobsBatchSizeAndResume() throws {
        let dir = temporaryFolder("dedup-jobs")
        let one = dir.appendingPathComponent("one.sqlite").path
        let two = dir.appendingPathComponent("two.sqlite").path
        let resumed = dir.appendingPathComponent("resumed.sqlite").path
        try generate(one, perClass: 400, jobs: 1, batch: 2048)
        try generate(two, perClass: 400, jobs: 2, batch: 37)
        try generate(resumed, perClass: 150, jobs: 2, batch: 64)
        try generate(resumed, perClass: 400, jobs: 2, batch: 64)
        let reference = try snapshot(one)
        #expect(reference.count > 11 * 400 + 3)
        let near = reference.filter { $0.contains("→") }.count
        #expect(near > 0, "the run found no near-duplicates to compare")
        #expect(try snapshot(two) == reference)
        #expect(try snapshot(resumed) == reference)
    }
}
