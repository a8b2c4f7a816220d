import MCIPModel

/// A plain-text table with aligned columns (numbers right-aligned).
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    public func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return Double(c.replacingOccurrences(of: "%", with: "")) != nil ? pad + c : c + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// `mcip taxonomy` as a table.
public enum TaxonomyTable {
    public static func render(_ taxonomy: Taxonomy) -> String {
        let rows = taxonomy.entries.map { e in
            [e.letter ?? "-", e.id, e.label, e.optionName ?? "-", e.phase, e.source, e.scope, e.type,
             e.maestro.isEmpty ? "-" : e.maestro.joined(separator: ","), e.generated ? "yes" : "no"]
        }
        return TextTable(
            headers: ["letter", "id", "paper label", "option", "phase", "source", "scope", "type", "MAESTRO", "generated"], rows: rows
        ).render()
    }
}
