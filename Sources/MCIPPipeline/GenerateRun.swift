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

    public init(
        perClass: Int, seed: Int, database: String, templates: URL, seeds: URL,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 2048, dedup: DedupConfig = DedupConfig()
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
/// batches; one writer stores each batch in a transaction, in index order. Generation of a
/// (seed, category) continues from what the database already holds, so a rerun resumes.
public enum GenerateRun {
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
        let filter = try NearDuplicateFilter(config: options.dedup, store: store, jobs: options.jobs)
        let hasher = filter.hasher
        let run = try store.beginRun(
            seed: options.seed, perClass: options.perClass, options: options.json, taxonomyVersion: inputs.taxonomy.version,
            inputsHash: InputsHash.of([options.templates, options.seeds]))
        try store.setMeta("taxonomy", inputs.taxonomy.json.canonical)
        try store.setMeta("guard_prompt", inputs.guardPrompt.text)
        var report = GenerateReport()
        let total = options.perClass * MCIPClass.allCases.count
        for category in MCIPClass.allCases {
            var (stored, next) = try store.progress(seed: options.seed, category: category.id)
            while stored < options.perClass {
                if let signal = stop() {
                    try store.finishRun(run, status: "interrupted")
                    report.interruptedBy = signal
                    report.seconds = Date().timeIntervalSince(start)
                    return report
                }
                let count = min(options.batchSize, options.perClass - stored)
                let first = next
                let dedup = options.dedup
                let batch = try parallelMap(count: count, jobs: options.jobs) { offset in
                    var s = try make(generator, known, seed: options.seed, category: category, index: first + offset)
                    NearDuplicateFilter.fingerprint(s.sample, into: &s.stored, config: dedup, hasher: hasher)
                    return s.stored
                }
                let result = try write(batch, store: store, filter: filter, run: run)
                stored += result.stored
                next += count
                report.generated += count
                report.stored += result.stored
                report.duplicates += result.duplicates
                report.nearDuplicates += result.nearDuplicates
                report.perCategory[category.id, default: 0] += result.stored
                progress?(category.id, report.stored, total)
            }
        }
        try store.finishRun(run, status: "done")
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    struct BatchResult {
        var stored = 0
        var duplicates = 0
        var nearDuplicates = 0
    }

    /// Stores a batch in one transaction, in index order: each sample is kept, or recorded as an
    /// exact or near duplicate of one kept before it.
    static func write(_ batch: [StoredSample], store: SampleStore, filter: NearDuplicateFilter, run: Int) throws -> BatchResult {
        try store.database.transaction {
            var result = BatchResult()
            for s in batch {
                switch try filter.decide(s) {
                case .duplicate(let kept):
                    try store.recordDuplicate(s, run: run, keptID: kept)
                    result.duplicates += 1
                case .nearDuplicate(let kept, let similarity):
                    try store.recordNearDuplicate(s, run: run, keptID: kept, similarity: similarity)
                    result.nearDuplicates += 1
                case .keep:
                    if let rowid = try store.insert(s, run: run) {
                        filter.add(s, rowid: rowid)
                        result.stored += 1
                    } else {
                        try store.recordDuplicate(s, run: run)
                        result.duplicates += 1
                    }
                }
            }
            try store.addRunCounts(
                run, generated: batch.count, stored: result.stored, duplicates: result.duplicates, nearDuplicates: result.nearDuplicates)
            return result
        }
    }

    /// Makes one sample, has the oracle check its label, and encodes it for storage.
    static func make(
        _ generator: SampleGenerator, _ known: SampleCodec.KnownServers, seed: Int, category: MCIPClass, index: Int
    ) throws -> (sample: Sample, stored: StoredSample) {
        let sample = try generator.sample(seed: seed, category: category, index: index)
        let verdict = Oracle.judge(trajectory: sample.trajectory, policy: sample.policy)
        guard verdict.category == category else {
            throw OracleDisagreement(
                sampleID: sample.id, template: sample.template, generated: category.id, verdict: verdict.category.id, reason: verdict.reason)
        }
        return (sample, StoredSample(sample: sample, encoded: SampleCodec.encode(sample, known: known), verdict: verdict.category))
    }
}
