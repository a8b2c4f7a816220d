import ArgumentParser
import Foundation
import MCIPAudit
import MCIPGenerate
import MCIPModel
import MCIPPipeline
import MCIPStore

/// Times each per-sample stage of generation on one thread, so a profile of `mcip generate`
/// can be read as microseconds per sample rather than shares of a whole.
struct Stages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "CPU microseconds per sample of each generation stage, on one thread.",
        discussion: "Example: mcip-bench stages --samples 20000")

    @Option(help: "Samples to make (spread evenly over the classes).") var samples = 20_000
    @Option(help: "Seed.") var seed = 1
    @Option(help: "Templates folder.") var templates = "Templates"
    @Option(help: "Seeds folder.") var seeds = "Seeds"
    @Flag(help: "Only make the samples, and show the time per class (for profiling the generator).") var generateOnly = false
    @Option(help: "Only this class (a category id).") var only: String?

    func run() throws {
        let inputs = try GeneratorInputs.load(templates: URL(fileURLWithPath: templates), seeds: URL(fileURLWithPath: seeds))
        let generator = SampleGenerator(inputs: inputs)
        let known = SampleCodec.KnownServers(inputs.seeds.servers.map(\.definition))
        let config = DedupConfig()
        let hasher = MinHasher(permutations: config.permutations)
        let perClass = max(1, samples / MCIPClass.allCases.count)
        var made: [Sample] = []
        made.reserveCapacity(perClass * MCIPClass.allCases.count)
        // As `mcip generate` makes them: each index for every class, the classes sharing its request.
        let classes = MCIPClass.allCases.filter { c in only.map { $0 == c.id } ?? true }
        var times = [Double](repeating: 0, count: classes.count)
        for i in 0..<perClass {
            var shared = SampleGenerator.SharedRequests()
            for (k, c) in classes.enumerated() {
                times[k] += try Clock.measure { made.append(try generator.build(seed: seed, category: c, index: i, shared: &shared).sample) }
            }
        }
        let perCategory = zip(classes.map(\.id), times).map { ($0, $1) }
        let build = times.reduce(0, +)
        if generateOnly {
            for (c, t) in perCategory { print(c.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%7.1f µs", t / Double(perClass) * 1e6)) }
        }
        if generateOnly {
            print(String(format: "generate %.1f µs/sample", build / Double(made.count) * 1e6))
            return
        }
        var agreed = 0
        let oracle = Clock.measure {
            for s in made where Oracle.judge(trajectory: s.trajectory, policy: s.policy).category == s.category { agreed += 1 }
        }
        var encoded: [SampleCodec.Encoded] = []
        encoded.reserveCapacity(made.count)
        let encode = Clock.measure { for s in made { encoded.append(SampleCodec.encode(s, known: known)) } }
        var sets: [(shingles: [UInt64], folded: [UInt32])] = []
        sets.reserveCapacity(made.count)
        let shingle = Clock.measure { for s in made { sets.append(Fingerprint.shingleSets(s, ngram: config.ngram)) } }
        var bandKeys: [[UInt64]] = []
        bandKeys.reserveCapacity(made.count)
        let minhash = Clock.measure { for set in sets { bandKeys.append(config.lsh.bandKeys(hasher.signature(set.shingles))) } }
        let samples = made.indices.map { i in
            StoredSample(sample: made[i], encoded: encoded[i], verdict: made[i].category, bandKeys: bandKeys[i], shingleSet: sets[i].folded)
        }
        let store = try storeSeconds(samples)
        let n = Double(made.count)
        let bytes = encoded.reduce(0) { $0 + $1.core.count }
        let rows: [(String, Double)] = [
            ("generate", build), ("oracle", oracle), ("encode", encode), ("shingles", shingle), ("minhash+bands", minhash),
            ("store", store),
        ]
        print("stage           µs/sample")
        for (name, seconds) in rows { print(name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%9.1f", seconds / n * 1e6)) }
        let total = rows.reduce(0) { $0 + $1.1 }
        print("total           " + String(format: "%9.1f", total / n * 1e6) + String(format: "   (%.0f samples/s on one thread)", n / total))
        print("samples \(made.count), oracle agreed \(agreed), mean record \(bytes / max(1, made.count)) bytes, mean shingles \(sets.reduce(0) { $0 + $1.shingles.count } / max(1, made.count))")
    }

    /// CPU seconds (user and system) of storing `samples` into a new database as the writer of
    /// `mcip generate` does, in transactions of one default batch (its indices for every class),
    /// without dedup decisions; the write-ahead log's last checkpoint at close included.
    func storeSeconds(_ samples: [StoredSample]) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcip-bench-store-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var store: SampleStore? = try SampleStore(path: folder.appendingPathComponent("store.sqlite").path, create: true)
        let run = try store!.beginRun(seed: seed, perClass: samples.count, options: [:], taxonomyVersion: "bench", inputsHash: "bench")
        let perBatch = GenerateOptions.defaultBatchSize * MCIPClass.allCases.count
        return try Clock.measure {
            for start in stride(from: 0, to: samples.count, by: perBatch) {
                let batch = samples[start..<min(samples.count, start + perBatch)]
                try store!.database.transaction { for s in batch { _ = try store!.insert(s, run: run) } }
            }
            store = nil
        }
    }
}

/// CPU time of the calling thread, so stage figures hold on a busy machine too.
enum Clock {
    static func measure(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
