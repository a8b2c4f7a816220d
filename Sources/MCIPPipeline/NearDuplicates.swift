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
    public static func text(_ sample: Sample) -> String {
        var parts: [String] = []
        for step in sample.trajectory.steps {
            switch step {
            case .user(let t), .answer(let t): parts.append(t)
            case .listTools: continue
            case .call(let c):
                parts.append(c.tool)
                for key in c.arguments.keys.sorted() { parts.append(c.arguments[key]!.plainText) }
                parts.append(c.outcome.text ?? "no response")
            }
        }
        return parts.joined(separator: "\n")
    }

    public static func shingles(_ sample: Sample, ngram: Int) -> [UInt64] { Shingles.of(text(sample), n: ngram) }

    /// A salt per class, so samples are only ever compared within their class.
    static func salt(_ category: String) -> UInt64 { RNG.key(["category", category]) }
}

/// Decides, in the writer's order, whether each sample duplicates one already kept (same
/// content hash, or Jaccard at or above the threshold within its class), and files kept
/// samples in the LSH index. Decisions depend only on the order samples arrive in, never on
/// caches or timing.
final class NearDuplicateFilter {
    let config: DedupConfig
    let hasher: MinHasher
    private var index: LSHIndex
    private let store: SampleStore
    private let servers: SampleReader
    private var recent: [Int: [UInt64]] = [:]
    private var recentOrder: [Int] = []
    private let recentLimit = 200_000

    init(config: DedupConfig, store: SampleStore, jobs: Int) throws {
        self.config = config
        hasher = MinHasher(permutations: config.permutations)
        self.store = store
        servers = SampleReader(store: store, jobs: jobs)
        index = LSHIndex(bands: config.lsh.bands, capacity: max(1 << 16, store.sampleCount))
        guard config.enabled else { return }
        let stored = try store.meta("dedup").flatMap { try? JSONParser.parse($0) }
        if stored != config.json && store.sampleCount > 0 {
            try reindex()
        }
        try store.setMeta("dedup", config.json.canonical)
        try store.forEachBandKeys { rowid, _, keys in
            if keys.count == config.lsh.bands { index.insert(keys, ref: UInt32(rowid)) }
        }
    }

    /// Fingerprints a sample (run in the parallel workers).
    static func fingerprint(_ sample: Sample, into stored: inout StoredSample, config: DedupConfig, hasher: MinHasher) {
        guard config.enabled else { return }
        stored.shingles = Fingerprint.shingles(sample, ngram: config.ngram)
        stored.bandKeys = config.lsh.bandKeys(hasher.signature(stored.shingles), salt: Fingerprint.salt(sample.category.id))
    }

    enum Decision {
        case keep
        case duplicate(keptID: String)
        case nearDuplicate(keptID: String, similarity: Double)
    }

    func decide(_ s: StoredSample) throws -> Decision {
        guard config.enabled else { return .keep }
        var best: (rowid: Int, similarity: Double)?
        for ref in index.candidates(s.bandKeys) {
            let rowid = Int(ref)
            let j = Shingles.jaccard(s.shingles, try shingles(rowid: rowid))
            if j >= config.threshold && j > (best?.similarity ?? -1) { best = (rowid, j) }
        }
        guard let best, let kept = try store.sample(rowid: best.rowid) else { return .keep }
        if kept.contentHash == s.contentHash { return .duplicate(keptID: kept.id) }
        return .nearDuplicate(keptID: kept.id, similarity: best.similarity)
    }

    func add(_ s: StoredSample, rowid: Int) {
        guard config.enabled else { return }
        index.insert(s.bandKeys, ref: UInt32(rowid))
        remember(rowid, s.shingles)
    }

    private func remember(_ rowid: Int, _ shingles: [UInt64]) {
        if recent.count >= recentLimit {
            for r in recentOrder.prefix(recentLimit / 2) { recent.removeValue(forKey: r) }
            recentOrder.removeFirst(recentLimit / 2)
        }
        recent[rowid] = shingles
        recentOrder.append(rowid)
    }

    /// A kept sample's shingles: from memory when recent, else worked out from its stored form.
    private func shingles(rowid: Int) throws -> [UInt64] {
        if let s = recent[rowid] { return s }
        guard let row = try store.sample(rowid: rowid) else { return [] }
        let sample = try servers.decode(row.record)
        let s = Fingerprint.shingles(sample, ngram: config.ngram)
        remember(rowid, s)
        return s
    }

    /// Recomputes every stored sample's band keys after the configuration changed.
    private func reindex() throws {
        var updates: [(Int, [UInt64])] = []
        try store.forEachBandKeys { rowid, category, _ in
            guard let row = try store.sample(rowid: rowid) else { return }
            let sample = try servers.decode(row.record)
            let sig = hasher.signature(Fingerprint.shingles(sample, ngram: config.ngram))
            updates.append((rowid, config.lsh.bandKeys(sig, salt: Fingerprint.salt(category))))
        }
        try store.database.transaction { for (rowid, keys) in updates { try store.setBandKeys(rowid: rowid, keys) } }
    }
}
