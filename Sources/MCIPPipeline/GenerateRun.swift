import Foundation
import MCIPAudit
import MCIPGenerate
import MCIPModel
import MCIPStore

/// Options of `mcip generate`.
public struct GenerateOptions: Sendable {
    public var perClass: Int
    public var seed: Int
    public var database: String
    public var templates: URL
    public var seeds: URL
    public var jobs: Int
    public var batchSize: Int
    public var dedup: DedupConfig

    /// Indices per class in a batch unless told otherwise: one batch of every class is a
    /// transaction, so a stop loses at most one.
    public static let defaultBatchSize = 512

    public init(
        perClass: Int, seed: Int, database: String, templates: URL, seeds: URL,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = GenerateOptions.defaultBatchSize, dedup: DedupConfig = DedupConfig()
    ) {
        self.dedup = dedup
        self.perClass = perClass
        self.seed = seed
        self.database = database
        self.templates = templates
        self.seeds = seeds
        self.jobs = jobs
        self.batchSize = batchSize
    }

    var json: JSON { ["per_class": .int(perClass), "seed": .int(seed), "dedup": dedup.json] }
}

/// What a generation run did.
public struct GenerateReport: Sendable {
    /// The signal that stopped the run early, if one did; what was committed stays.
    public var interruptedBy: Int32?
    public var generated = 0
    public var stored = 0
    public var duplicates = 0
    public var nearDuplicates = 0
    public var seconds = 0.0
    public var perCategory: [String: Int] = [:]
    /// What else made the samples already stored for this seed, when not this generator from
    /// these inputs ("by mcip 0.1.0", "from other seeds or templates"): the run continued them.
    public var continuedOtherMakers: [String] = []
}

/// A generated sample whose label the oracle did not confirm: a bug in an attack or in the
/// oracle, so the run stops.
public struct OracleDisagreement: Error, Sendable, CustomStringConvertible {
    public var sampleID: String
    public var template: String
    public var generated: String
    public var verdict: String
    public var reason: String
    public var description: String {
        "oracle disagrees on sample \(sampleID) (template \(template)): generated as \(generated), oracle says \(verdict): \(reason)"
    }
}

/// plan → generate → oracle → fingerprint → dedup → store. Samples are made in parallel in
/// batches — a range of indices for every class still short, so the classes at one index share
/// its request — while one writer thread stores the previous batch, each class in index order.
/// Generation of a (seed, category) continues from what the database already holds, so a rerun
/// resumes.
public enum GenerateRun {
    /// `progress` is called after each batch is committed, once per class in it, with the class,
    /// the samples stored so far towards the run's target (earlier runs of the seed included)
    /// and the target.
    public static func run(
        _ options: GenerateOptions, stop: @escaping @Sendable () -> Int32? = { nil },
        progress: (@Sendable (String, Int, Int) -> Void)? = nil
    ) throws -> GenerateReport {
        let start = Date()
        let inputs = try GeneratorInputs.load(templates: options.templates, seeds: options.seeds)
        let generator = SampleGenerator(inputs: inputs)
        let known = SampleCodec.KnownServers(inputs.seeds.servers.map(\.definition))
        try SampleStore.checkWritable(path: options.database)
        let lock = try RunLock(database: options.database)
        defer { withExtendedLifetime(lock) {} }
        let store = try SampleStore(path: options.database, create: true)
        try store.markInterruptedRuns()
        let index = try DedupIndex(
            config: options.dedup, store: store, jobs: options.jobs, planned: options.perClass * MCIPClass.allCases.count)
        let inputsHash = InputsHash.of([options.templates, options.seeds])
        let otherMakers = try otherMakers(of: options.seed, in: store, inputsHash: inputsHash)
        let run = try store.beginRun(
            seed: options.seed, perClass: options.perClass, options: options.json, taxonomyVersion: inputs.taxonomy.version,
            inputsHash: inputsHash)
        try store.setMeta("taxonomy", inputs.taxonomy.json.canonical)
        try store.setMeta("guard_prompt", inputs.guardPrompt.text)
        var stored: [MCIPClass: Int] = [:]
        var next: [MCIPClass: Int] = [:]
        for category in MCIPClass.allCases {
            (stored[category], next[category]) = try store.progress(seed: options.seed, category: category.id)
        }

        // From here until `finish`, only the writer thread touches the store.
        let writer = BatchWriter(store: store, index: index, run: run, perClass: options.perClass, stored: stored, progress: progress)
        var interruptedBy: Int32?
        let maker = BatchMaker(generator: generator, known: known, hasher: index.hasher, options: options)
        let produced = Result {
            while case let short = try writer.shortfalls(batch: options.batchSize), !short.isEmpty {
                if let signal = stop() {
                    interruptedBy = signal
                    break
                }
                let ranges = MCIPClass.allCases.compactMap { c in
                    short[c].map { BatchMaker.Range(category: c, first: next[c]!, count: $0) }
                }
                let batch = try maker.make(ranges)
                for r in ranges { next[r.category]! += r.count }
                try writer.enqueue(batch)
            }
        }
        var report = try writer.finish()
        try produced.get()
        try store.finishRun(run, status: interruptedBy == nil ? "done" : "interrupted")
        report.interruptedBy = interruptedBy
        report.seconds = Date().timeIntervalSince(start)
        if report.stored > 0 { report.continuedOtherMakers = otherMakers }
        return report
    }

    /// Other generator versions, and whether other inputs, made samples of `seed` stored in
    /// `store`: a run adding to them makes a set no single run would.
    static func otherMakers(of seed: Int, in store: SampleStore, inputsHash: String) throws -> [String] {
        let earlier = try store.runSummaries().filter { $0.seed == seed && $0.stored > 0 }
        var makers = Set(earlier.map(\.generator)).subtracting([generatorVersion]).sorted().map { "by mcip \($0)" }
        if earlier.contains(where: { $0.inputsHash != inputsHash }) { makers.append("from other seeds or templates") }
        return makers
    }
}

/// Makes a batch on all workers: each worker takes an index and makes it for every class whose
/// range holds it, so the classes share the index's request.
struct BatchMaker: Sendable {
    struct Range {
        var category: MCIPClass
        var first: Int
        var count: Int

        func holds(_ index: Int) -> Bool { index >= first && index < first + count }
    }

    let generator: SampleGenerator
    let known: SampleCodec.KnownServers
    let hasher: MinHasher
    let options: GenerateOptions

    func make(_ ranges: [Range]) throws -> BatchWriter.Batch {
        guard let low = ranges.map(\.first).min(), let high = ranges.map({ $0.first + $0.count }).max() else {
            return BatchWriter.Batch(parts: [])
        }
        // Below the writer's priority: it stores the previous batch meanwhile and must keep up.
        let made = try parallelMap(count: high - low, jobs: options.jobs, schedule: .balanced, threads: .belowCaller) { offset -> [StoredSample?] in
            let index = low + offset
            var shared = SampleGenerator.SharedRequests()
            return try ranges.map { r in
                r.holds(index) ? try make(r.category, index: index, shared: &shared) : nil
            }
        }
        return BatchWriter.Batch(parts: ranges.enumerated().map { k, r in (r.category, made.compactMap { $0[k] }) })
    }

    /// Makes one sample, has the oracle check its label, and encodes and fingerprints it.
    func make(_ category: MCIPClass, index: Int, shared: inout SampleGenerator.SharedRequests) throws -> StoredSample {
        let sample = try generator.build(seed: options.seed, category: category, index: index, shared: &shared).sample
        let verdict = Oracle.judge(trajectory: sample.trajectory, policy: sample.policy)
        guard verdict.category == category else {
            throw OracleDisagreement(
                sampleID: sample.id, template: sample.template, generated: category.id, verdict: verdict.category.id, reason: verdict.reason)
        }
        let fingerprint = DedupIndex.fingerprint(sample, config: options.dedup, hasher: hasher)
        return StoredSample(
            sample: sample, encoded: SampleCodec.encode(sample, known: known), verdict: verdict.category,
            bandKeys: fingerprint.bandKeys, shingleSet: fingerprint.shingleSet)
    }
}
