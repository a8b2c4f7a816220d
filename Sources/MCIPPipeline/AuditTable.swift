import MCIPAudit
import MCIPModel

/// `mcip audit` for people: agreement per category, then every disagreement.
public enum AuditTable {
    public static func render(_ report: Audit.Report) -> String {
        var rows: [[String]] = []
        for c in MCIPClass.allCases {
            guard let v = report.perCategory[c.id] else { continue }
            rows.append([c.letter, c.id, String(v.checked), String(v.agreed), percent(v.agreed, v.checked)])
        }
        rows.append(["", "total", String(report.checked), String(report.agreed), percent(report.agreed, report.checked)])
        var out = TextTable(headers: ["", "category", "checked", "agreed", "agreement"], rows: rows).render()
        for d in report.disagreements {
            out += "\nline \(d.line): \(d.id): labelled \(d.category), oracle says \(d.verdict): \(d.reason)"
        }
        return out
    }

    static func percent(_ a: Int, _ b: Int) -> String {
        b == 0 ? "-" : String(format: "%.2f%%", 100 * Double(a) / Double(b))
    }
}
