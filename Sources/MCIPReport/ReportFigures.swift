import Foundation
import MCIPExport
import MCIPModel
import MCIPPipeline
import MCIPStore

/// Options of `mcip report`: the database, the page to write, and the split options an
/// export would use, so the per-split counts equal what that export writes.
public struct ReportOptions: Sendable {
    public var database: String
    public var out: URL
    public var assigner: SplitAssigner
    public var holdout: HoldoutKind?
    public var jobs: Int

    public init(
        database: String, out: URL, assigner: SplitAssigner = SplitAssigner(), holdout: HoldoutKind? = nil,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.database = database
        self.out = out
        self.assigner = assigner
        self.holdout = holdout
        self.jobs = jobs
    }
}

/// What the report draws, read from a database in one snapshot.
public struct ReportFigures: Sendable {
    public var generator = ""
    public var seeds: [Int] = []
    public var stored = 0
    /// Split → category id → samples, as `ExportRun` assigns them.
    public var splitCounts: [Split: [String: Int]] = [:]
    public var ratios: [Split: Double] = [:]
    public var holdout: HoldoutKind?
    public var heldOut: [String] = []
    /// Samples an export with this holdout leaves out.
    public var excluded = 0
    public var diversity: [String: Diversity] = [:]
    public var clusters: [SampleStore.DuplicateCluster] = []
    /// Category id → (oracle checked, oracle agreed).
    public var oracle: [String: (checked: Int, agreed: Int)] = [:]
    public var nearThresholds: [Double] = []
    public var taxonomy: JSON = .null

    public static func gather(_ options: ReportOptions) throws -> ReportFigures {
        let store = try SampleStore(path: options.database, create: false)
        guard let taxonomyText = try store.meta("taxonomy") else {
            throw StoreError("\(options.database): no generation run has completed in this database")
        }
        try store.database.execute("BEGIN")
        defer { try? store.database.execute("COMMIT") }
        var f = ReportFigures()
        f.taxonomy = (try? JSONParser.parse(taxonomyText)) ?? .null
        let runs = try store.runSummaries()
        f.generator = runs.last.map { "mcip \($0.generator)" } ?? "mcip"
        f.seeds = Array(Set(runs.map(\.seed))).sorted()

        let keys = try store.sampleKeys()
        f.stored = keys.count
        let assignment = ExportRun.assignSplits(keys, assigner: options.assigner, holdout: options.holdout)
        for k in keys {
            guard let split = assignment.splits[k.id] else { continue }
            f.splitCounts[split, default: [:]][k.category, default: 0] += 1
        }
        f.ratios = options.assigner.ratios
        f.holdout = options.holdout
        f.heldOut = assignment.heldOut
        f.excluded = assignment.excluded

        let reader = SampleReader(store: store, jobs: options.jobs)
        for c in MCIPClass.allCases {
            var d = Diversity()
            try reader.forEachBatch(category: c.id) { samples in for s in samples { d.add(s) } }
            f.diversity[c.id] = d
        }
        f.clusters = try store.duplicateClusters()
        for (key, n) in try store.counts(by: ["category", "verdict"]) {
            var o = f.oracle[key[0]] ?? (0, 0)
            o.checked += n
            if key[0] == key[1] { o.agreed += n }
            f.oracle[key[0]] = o
        }
        f.nearThresholds = try store.nearDuplicateThresholds()
        return f
    }

    /// Samples of a category over all splits (what an export writes).
    public func exported(_ category: String) -> Int { Split.allCases.reduce(0) { $0 + (splitCounts[$1]?[category] ?? 0) } }

    public var exportedTotal: Int { MCIPClass.allCases.reduce(0) { $0 + exported($1.id) } }
}
