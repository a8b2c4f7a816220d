import MCIPModel
import MCIPStore

/// How near-duplicates are found: word n-gram shingles of a sample's variable content,
/// MinHash signatures, LSH bands chosen for the threshold, and an exact Jaccard check of every
/// candidate. Stored with the database, so a later run dedups against earlier ones.
public struct DedupConfig: Sendable, Equatable {
    /// Jaccard similarity at or above which two samples of one class are near-duplicates;
    /// above 1 turns near-duplicate removal off (exact duplicates are still removed).
    public var threshold: Double
    public var ngram: Int
    public var permutations: Int
    public var lsh: LSHParameters

    public init(threshold: Double = 0.85, ngram: Int = 1, permutations: Int = 128) {
        self.threshold = threshold
        self.ngram = ngram
        self.permutations = permutations
        lsh = LSHParameters.choose(threshold: min(threshold, 1), permutations: permutations)
    }

    public var enabled: Bool { threshold <= 1 }

    public var json: JSON {
        [
            "threshold": .double(threshold), "ngram": .int(ngram), "permutations": .int(permutations), "bands": .int(lsh.bands),
            "rows": .int(lsh.rows),
        ]
    }
}

/// The text near-duplicate detection looks at: what varies between samples — the user's
/// words, the tools called with their argument values, the results and the answer — and not
/// the tool schemas and descriptions every session on a server shares.
public enum Fingerprint {
    /// The parts compared, in order: the user's words, each call's tool, argument values and
    /// result, and the answer.
    static func forEachPart(_ sample: Sample, _ body: (String) -> Void) {
        for step in sample.trajectory.steps {
            switch step {
            case .user(let t), .answer(let t): body(t)
            case .listTools: continue
            case .call(let c):
                body(c.tool)
                for argument in c.arguments.sorted(by: { $0.key < $1.key }) { body(argument.value.plainText) }
                body(c.outcome.text ?? "no response")
            }
        }
    }

    public static func text(_ sample: Sample) -> String {
        var parts: [String] = []
        forEachPart(sample) { parts.append($0) }
        return parts.joined(separator: "\n")
    }

    /// The distinct shingles (in no particular order, for MinHash) and their folded set (for
    /// the exact Jaccard) of `text(sample)`, without building the text: what a sample's
    /// fingerprint is made of.
    public static func shingleSets(_ sample: Sample, ngram: Int) -> (shingles: [UInt64], folded: [UInt32]) {
        var words = Shingles.Words()
        forEachPart(sample) { words.add($0) }
        return words.shingleSets(n: ngram)
    }

    /// A salt per class, so samples are only ever compared within their class.
    static func salt(_ category: String) -> UInt64 { RNG.key(["category", category]) }
}

/// Decides, in the writer's order, whether each sample duplicates one already kept (same
/// content hash, or Jaccard at or above the threshold within its class), and files kept
/// samples. The index is loaded from the database's `fingerprints` table at the start of a
/// run, so a run dedups against every earlier one. Decisions depend only on the order samples
/// arrive in, never on timing.
final class DedupIndex {
    let config: DedupConfig
    let hasher: MinHasher
    private var exact: [ContentKey: Int32] = [:]
    private var lsh: LSHIndex
    private let store: SampleStore
    private let reader: SampleReader
    private var kept: KeptSamples

    /// `planned` is how many samples the run may add, so the index is sized once.
    init(config: DedupConfig, store: SampleStore, jobs: Int, planned: Int = 0) throws {
        self.config = config
        hasher = MinHasher(permutations: config.permutations)
        self.store = store
        reader = SampleReader(store: store, jobs: jobs)
        let count = store.sampleCount
        lsh = LSHIndex(bands: config.lsh.bands, capacity: config.enabled ? max(1 << 12, count + planned) : 1)
        exact.reserveCapacity(count + planned)
        kept = KeptSamples(samples: config.enabled ? count + planned : 0, shingles: 48)
        let stored = try store.meta("dedup").flatMap { try? JSONParser.parse($0) }
        if config.enabled && stored != config.json && count > 0 { try reindex() }
        try store.setMeta("dedup", config.json.canonical)
        try store.forEachFingerprint { seq, _, hash, keys, shingles in
            exact[ContentKey(hash)] = Int32(seq)
            if config.enabled && keys.count == config.lsh.bands {
                lsh.insert(keys, ref: UInt32(seq))
                kept.add(seq: seq, shingles)
            }
        }
    }

    /// Fingerprints a sample (in the parallel workers, and when the settings changed).
    static func fingerprint(_ sample: Sample, config: DedupConfig, hasher: MinHasher) -> (bandKeys: [UInt64], shingleSet: [UInt32]) {
        guard config.enabled else { return ([], []) }
        let sets = Fingerprint.shingleSets(sample, ngram: config.ngram)
        return (config.lsh.bandKeys(hasher.signature(sets.shingles), salt: Fingerprint.salt(sample.category.id)), sets.folded)
    }

    enum Decision {
        case keep
        case duplicate(keptID: String)
        case nearDuplicate(keptID: String, similarity: Double)
    }

    func decide(_ s: StoredSample) throws -> Decision {
        let category = MCIPClass(rawValue: s.category)!
        if let seq = exact[ContentKey(s.contentDigest)], let id = try keptID(seq: Int(seq), category) {
            return .duplicate(keptID: id)
        }
        guard config.enabled else { return .keep }
        var best: (seq: Int, similarity: Double)?
        let candidates = lsh.candidates(s.bandKeys)
        kept.load(candidates)
        for ref in candidates {
            if let j = kept.jaccard(s.shingleSet, seq: Int(ref), atLeast: config.threshold, above: best?.similarity ?? -1) {
                best = (Int(ref), j)
            }
        }
        guard let best, let id = try keptID(seq: best.seq, category) else { return .keep }
        return .nearDuplicate(keptID: id, similarity: best.similarity)
    }

    /// A kept sample's id: from memory when this run kept it, else from the database.
    private func keptID(seq: Int, _ category: MCIPClass) throws -> String? {
        try kept.id(seq: seq, category: category) ?? store.sampleID(seq: seq)
    }

    func add(_ s: StoredSample, seq: Int) {
        exact[ContentKey(s.contentDigest)] = Int32(seq)
        guard config.enabled else { return }
        lsh.insert(s.bandKeys, ref: UInt32(seq))
        kept.add(seq: seq, s.shingleSet, seed: s.seed, index: s.index)
    }

    /// Recomputes every stored sample's band keys and shingle set after the settings changed.
    private func reindex() throws {
        var updates: [(Int, [UInt64], [UInt32])] = []
        try store.forEachFingerprint { seq, _, _, _, _ in
            guard let row = try store.sample(seq: seq) else { return }
            let print = DedupIndex.fingerprint(try reader.decode(row.record), config: config, hasher: hasher)
            updates.append((seq, print.bandKeys, print.shingleSet))
        }
        try store.database.transaction {
            for (seq, bands, set) in updates { try store.setFingerprint(seq: seq, bands: bands, shingles: set) }
        }
    }
}

/// The first 128 bits of a content hash: the exact-duplicate key held in memory.
struct ContentKey: Hashable {
    var high: UInt64
    var low: UInt64

    init(_ digest: [UInt8]) {
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<min(8, digest.count) { h = h << 8 | UInt64(digest[i]) }
        for i in 8..<min(16, digest.count) { l = l << 8 | UInt64(digest[i]) }
        high = h
        low = l
    }
}
