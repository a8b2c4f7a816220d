import MCIPModel

/// What deduplication removed, read back for the manifest and the report.
extension SampleStore {
    /// A kept sample and what dedup dropped against it: exact duplicates (same content hash)
    /// and near-duplicates (Jaccard similarity at or above the run's threshold).
    public struct DuplicateCluster: Sendable, Equatable {
        public var category: String
        public var keptID: String
        public var exact: Int
        public var near: Int
        /// The kept sample plus every one dropped against it.
        public var size: Int { 1 + exact + near }
    }

    /// Every kept sample that had duplicates dropped against it, by category and kept id.
    public func duplicateClusters() throws -> [DuplicateCluster] {
        var clusters: [String: DuplicateCluster] = [:]
        for (table, near) in [("duplicates", false), ("near_duplicates", true)] {
            let s = try database.prepare("SELECT category, kept_id, count(*) FROM \(table) GROUP BY category, kept_id")
            while try s.step() {
                let key = s.text(0) + "\u{0}" + s.text(1)
                var c = clusters[key] ?? DuplicateCluster(category: s.text(0), keptID: s.text(1), exact: 0, near: 0)
                if near { c.near += s.int(2) } else { c.exact += s.int(2) }
                clusters[key] = c
            }
        }
        return clusters.keys.sorted().map { clusters[$0]! }
    }

    /// The near-duplicate Jaccard thresholds the runs used, from each run's stored options.
    public func nearDuplicateThresholds() throws -> [Double] {
        let s = try database.prepare("SELECT DISTINCT options FROM runs")
        var out: Set<Double> = []
        while try s.step() {
            switch (try? JSONParser.parse(s.text(0)))?["dedup"]?["threshold"] {
            case .double(let t)?: out.insert(t)
            case .int(let t)?: out.insert(Double(t))
            default: continue
            }
        }
        return out.sorted()
    }

    /// Per category: near-duplicates dropped, the kept samples they cluster around, and the
    /// mean Jaccard similarity of the dropped ones to their kept sample.
    public func nearDuplicateSummary() throws -> [String: (dropped: Int, clusters: Int, meanSimilarity: Double)] {
        let s = try database.prepare("SELECT category, count(*), count(DISTINCT kept_id), avg(similarity) FROM near_duplicates GROUP BY category")
        var out: [String: (Int, Int, Double)] = [:]
        while try s.step() { out[s.text(0)] = (s.int(1), s.int(2), s.double(3)) }
        return out
    }
}
