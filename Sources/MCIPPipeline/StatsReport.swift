import MCIPModel
import MCIPStore

/// `mcip stats`: what a database holds, per category and per template, and what dedup removed.
public enum StatsReport {
    public static func render(database: String, diversity: Bool = true, jobs: Int = 2) throws -> String {
        let store = try SampleStore(path: database, create: false)
        let perCategory = Dictionary(uniqueKeysWithValues: try store.counts(by: ["category"]).map { ($0.0[0], $0.1) })
        let duplicates = try store.duplicateCounts()
        let near = try store.nearDuplicateSummary()
        var rows: [[String]] = []
        for c in MCIPClass.allCases {
            let n = near[c.id]
            rows.append([
                c.letter, c.id, String(perCategory[c.id] ?? 0), String(duplicates[c.id] ?? 0), String(n?.dropped ?? 0),
                String(n?.clusters ?? 0), n.map { String(format: "%.3f", $0.meanSimilarity) } ?? "-",
            ])
        }
        rows.append([
            "", "total", String(perCategory.values.reduce(0, +)), String(duplicates.values.reduce(0, +)),
            String(near.values.reduce(0) { $0 + $1.dropped }), String(near.values.reduce(0) { $0 + $1.clusters }), "",
        ])
        var out = "Samples per category\n"
        out += TextTable(
            headers: ["", "category", "samples", "exact duplicates removed", "near-duplicates removed", "clusters", "mean Jaccard"], rows: rows
        ).render()
        if let config = try store.meta("dedup").flatMap({ try? JSONParser.parse($0) }) {
            out += "\nnear-duplicates: Jaccard ≥ \(config["threshold"]?.doubleValue ?? 0) on word \(config["ngram"]?.intValue ?? 0)-grams, "
            out += "\(config["permutations"]?.intValue ?? 0) MinHash permutations, LSH \(config["bands"]?.intValue ?? 0) bands × "
            out += "\(config["rows"]?.intValue ?? 0) rows, every candidate confirmed by exact Jaccard, within one class"
        }
        let perTemplate = try store.counts(by: ["category", "template"]).map { [$0.0[1], String($0.1)] }
        out += "\n\nSamples per template\n" + TextTable(headers: ["template", "samples"], rows: perTemplate).render()
        let hard = try store.counts(by: ["category", "hard_negative"]).filter { $0.0[0] == MCIPClass.appropriate.id }
        let safeTotal = hard.reduce(0) { $0 + $1.1 }
        let hardRows = hard.map { row -> [String] in
            [row.0[1].isEmpty ? "(gold, no look-alike)" : row.0[1], String(row.1), String(format: "%.1f%%", 100 * Double(row.1) / Double(max(safeTotal, 1)))]
        }
        out += "\n\nAppropriate samples by hard-negative kind\n" + TextTable(headers: ["kind", "samples", "share"], rows: hardRows).render()
        if diversity {
            out += "\n\n" + DiversityReport.render(try DiversityReport.compute(database: database, jobs: jobs))
        }
        return out
    }
}
