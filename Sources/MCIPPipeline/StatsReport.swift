import MCIPModel
import MCIPStore

/// `mcip stats`: what a database holds, per category and per template, and what dedup removed.
public enum StatsReport {
    public static func render(database: String, diversity: Bool = true, jobs: Int = 2) throws -> String {
        let store = try SampleStore(path: database, create: false)
        let perCategory = Dictionary(uniqueKeysWithValues: try store.counts(by: ["category"]).map { ($0.0[0], $0.1) })
        let duplicates = try store.duplicateCounts()
        var rows: [[String]] = []
        for c in MCIPClass.allCases {
            rows.append([c.letter, c.id, String(perCategory[c.id] ?? 0), String(duplicates[c.id] ?? 0)])
        }
        rows.append(["", "total", String(perCategory.values.reduce(0, +)), String(duplicates.values.reduce(0, +))])
        var out = "Samples per category\n" + TextTable(headers: ["", "category", "samples", "exact duplicates removed"], rows: rows).render()
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
