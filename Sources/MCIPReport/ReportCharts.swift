import Foundation
import MCIPExport
import MCIPModel
import MCIPPipeline

/// The report's charts, built from its figures. Colours are the Okabe–Ito palette, which
/// stays distinguishable for colour-blind readers.
public enum ReportCharts {
    public enum Palette {
        public static let train = "#0072B2", validation = "#E69F00", test = "#009E73"
        public static let safe = "#009E73", attacked = "#D55E00"
        public static let exact = "#CC79A7", near = "#56B4E9"
        public static let agreement = "#0072B2"
        public static let calls = ["#F0E442", "#56B4E9", "#0072B2", "#E69F00", "#D55E00"]
        public static let diversity = ["#0072B2", "#E69F00", "#CC79A7"]
    }

    /// The chart ids, in page order.
    public static let ids = ["splits", "body-lengths", "calls", "duplicates", "clusters", "oracle", "diversity"]

    static func all(_ f: ReportFigures) -> [BarChart] {
        [splits(f), bodyLengths(f), calls(f), duplicates(f), clusters(f), oracle(f), diversity(f)]
    }

    static var classNames: [String] { MCIPClass.allCases.map(\.option) }

    static func splits(_ f: ReportFigures) -> BarChart {
        let colors = [Split.train: Palette.train, .validation: Palette.validation, .test: Palette.test]
        let series = Split.allCases.map { split in
            BarChart.Series(name: split.rawValue, color: colors[split]!, values: MCIPClass.allCases.map { Double(f.splitCounts[split]?[$0.id] ?? 0) })
        }
        var caption = "Samples an export with these split options writes, per class, stacked by split (assigned per scenario group, stratified by class)."
        if let kind = f.holdout { caption += " Held out for test only (\(kind.rawValue)): \(f.heldOut.joined(separator: ", ")); \(f.excluded) samples left out." }
        return BarChart(
            id: "splits", title: "Samples per class and split", caption: caption, categories: classNames, series: series, stacked: true,
            rowLabels: MCIPClass.allCases.map { String(f.exported($0.id)) })
    }

    static func bodyLengths(_ f: ReportFigures) -> BarChart {
        let safe = MCIPClass.allCases.filter(\.isSafe).flatMap { f.diversity[$0.id]?.bodyLengths ?? [] }
        let attacked = MCIPClass.allCases.filter { !$0.isSafe }.flatMap { f.diversity[$0.id]?.bodyLengths ?? [] }
        let bins = Histogram.bins(for: safe + attacked, count: 12)
        return BarChart(
            id: "body-lengths", title: "Body length (characters)",
            caption: "Share of safe and of attacked samples per body length: what a guard model reads. Similar shapes mean length alone does not give the label away.",
            categories: bins.labels,
            series: [
                BarChart.Series(name: "safe (\(safe.count))", color: Palette.safe, values: bins.shares(safe)),
                BarChart.Series(name: "attacked (\(attacked.count))", color: Palette.attacked, values: bins.shares(attacked)),
            ],
            orientation: .vertical, format: BarChart.percent, wholeNumbers: false)
    }

    static func calls(_ f: ReportFigures) -> BarChart {
        let names = ["0 calls", "1 call", "2 calls", "3 calls", "4+ calls"]
        let series = names.indices.map { bin in
            BarChart.Series(
                name: names[bin], color: Palette.calls[bin],
                values: MCIPClass.allCases.map { c in
                    let counts = f.diversity[c.id]?.callCounts ?? []
                    return counts.isEmpty ? 0 : Double(counts.filter { min($0, 4) == bin }.count) / Double(counts.count)
                })
        }
        return BarChart(
            id: "calls", title: "Tool calls per sample",
            caption: "Share of each class's samples by the number of tools/call requests in the session.", categories: classNames,
            series: series, stacked: true, axisMax: 1, format: BarChart.percent, wholeNumbers: false)
    }

    static func duplicates(_ f: ReportFigures) -> BarChart {
        func dropped(_ c: MCIPClass, near: Bool) -> Double {
            Double(f.clusters.filter { $0.category == c.id }.reduce(0) { $0 + (near ? $1.near : $1.exact) })
        }
        let threshold = f.nearThresholds.map { String($0) }.joined(separator: ", ")
        return BarChart(
            id: "duplicates", title: "Duplicates dropped per class",
            caption: "Generated samples not stored: exact duplicates (same content hash) and near-duplicates (MinHash-LSH candidates confirmed at Jaccard similarity ≥ \(threshold.isEmpty ? "the threshold" : threshold), within one class).",
            categories: classNames,
            series: [
                BarChart.Series(name: "exact", color: Palette.exact, values: MCIPClass.allCases.map { dropped($0, near: false) }),
                BarChart.Series(name: "near", color: Palette.near, values: MCIPClass.allCases.map { dropped($0, near: true) }),
            ],
            rowLabels: MCIPClass.allCases.map { String(Int(dropped($0, near: false) + dropped($0, near: true))) })
    }

    static let clusterBins: [(label: String, range: ClosedRange<Int>)] = [
        ("2", 2...2), ("3", 3...3), ("4", 4...4), ("5", 5...5), ("6–10", 6...10), ("11+", 11...Int.max),
    ]

    static func clusters(_ f: ReportFigures) -> BarChart {
        BarChart(
            id: "clusters", title: "Duplicate cluster sizes",
            caption: "A cluster is a stored sample with every generated sample dropped as its exact or near duplicate; size counts the stored one too. \(f.clusters.count) clusters.",
            categories: clusterBins.map(\.label),
            series: [
                BarChart.Series(
                    name: "clusters", color: Palette.near, values: clusterBins.map { bin in Double(f.clusters.filter { bin.range.contains($0.size) }.count) })
            ],
            orientation: .vertical, valueLabels: true)
    }

    static func oracle(_ f: ReportFigures) -> BarChart {
        BarChart(
            id: "oracle", title: "Oracle agreement per class",
            caption: "Share of stored samples whose label the independent oracle re-derived from the events and the scenario's policy.",
            categories: classNames,
            series: [
                BarChart.Series(
                    name: "agreement", color: Palette.agreement,
                    values: MCIPClass.allCases.map { c in
                        let o = f.oracle[c.id] ?? (0, 0)
                        return o.checked == 0 ? 0 : Double(o.agreed) / Double(o.checked)
                    })
            ],
            axisMax: 1, format: BarChart.percent,
            rowLabels: MCIPClass.allCases.map { c in
                let o = f.oracle[c.id] ?? (0, 0)
                return "\(o.agreed) / \(o.checked)"
            }, wholeNumbers: false)
    }

    static func diversity(_ f: ReportFigures) -> BarChart {
        func ratio(_ c: MCIPClass, _ metric: (Diversity) -> Double) -> Double { f.diversity[c.id].map(metric) ?? 0 }
        let metrics: [(String, (Diversity) -> Double)] = [
            ("distinct-2 of user text", { $0.distinct2 }),
            ("distinct user turns / samples", { $0.samples == 0 ? 0 : Double($0.distinctUserTurns) / Double($0.samples) }),
            ("distinct tool+arguments / calls", { d in
                let calls = d.callCounts.reduce(0, +)
                return calls == 0 ? 0 : Double(d.distinctCalls) / Double(calls)
            }),
        ]
        return BarChart(
            id: "diversity", title: "Diversity per class",
            caption: "Distinct word bigrams over all bigrams of the user's text, distinct user turns per sample, and distinct (tool, arguments) pairs per call. Higher is more varied; 100% means no repeats.",
            categories: classNames,
            series: metrics.enumerated().map { i, m in
                BarChart.Series(name: m.0, color: Palette.diversity[i], values: MCIPClass.allCases.map { ratio($0, m.1) })
            },
            axisMax: 1, format: BarChart.percent, wholeNumbers: false)
    }
}

/// Equal-width bins over a list of lengths, from the shortest one; the last bin is open-ended
/// above the 99th percentile so a few long samples do not squash the rest.
struct Histogram {
    var edges: [Int]

    static func bins(for values: [Int], count: Int) -> Histogram {
        let sorted = values.sorted()
        guard let low = sorted.first else { return Histogram(edges: [0]) }
        let high = sorted[Int(0.99 * Double(sorted.count - 1))]
        let raw = max(Double(high - low) / Double(count - 1), 1)
        let magnitude = pow10(Int(log10(raw)))
        let width = [1, 2, 5, 10].map { $0 * magnitude }.first { Double($0) >= raw } ?? Int(raw)
        let start = low / width * width
        let bins = min(count, (high - start) / width + 2)
        return Histogram(edges: (0..<bins).map { start + $0 * width })
    }

    static func pow10(_ k: Int) -> Int { (0..<max(k, 0)).reduce(1) { r, _ in r * 10 } }

    var labels: [String] {
        edges.indices.map { i in i == edges.count - 1 ? "≥\(short(edges[i]))" : "\(short(edges[i]))–\(short(edges[i + 1]))" }
    }

    func shares(_ values: [Int]) -> [Double] {
        var counts = [Int](repeating: 0, count: edges.count)
        for v in values { counts[(edges.lastIndex { $0 <= v } ?? 0)] += 1 }
        return counts.map { values.isEmpty ? 0 : Double($0) / Double(values.count) }
    }

    func short(_ n: Int) -> String { n >= 1000 && n % 100 == 0 ? (n % 1000 == 0 ? "\(n / 1000)k" : "\(Double(n) / 1000)k") : String(n) }
}
