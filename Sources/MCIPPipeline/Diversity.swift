import MCIPModel
import MCIPStore

/// How varied a set of samples is: distinct user turns, the distinct-2 ratio of user text
/// (distinct word bigrams over all bigrams), distinct tools called, distinct (tool, arguments)
/// pairs, and the size of each sample (events, calls, body length).
public struct Diversity: Sendable {
    public var samples = 0
    var userTurns: Set<String> = []
    var bigrams: Set<String> = []
    var bigramCount = 0
    var tools: Set<String> = []
    var calls: Set<String> = []
    public var events: [Int] = []
    public var callCounts: [Int] = []
    public var bodyLengths: [Int] = []

    public init() {}

    public mutating func add(_ sample: Sample) {
        samples += 1
        let user = sample.trajectory.userText
        userTurns.insert(user)
        let words = Diversity.words(user)
        for i in words.indices.dropLast() {
            bigrams.insert(words[i] + " " + words[i + 1])
            bigramCount += 1
        }
        for c in sample.trajectory.calls {
            tools.insert("\(c.server).\(c.tool)")
            calls.insert("\(c.server).\(c.tool) " + JSON.object(c.arguments).canonical)
        }
        events.append(sample.trajectory.eventCount)
        callCounts.append(sample.trajectory.calls.count)
        bodyLengths.append(sample.body.count)
    }

    public mutating func merge(_ other: Diversity) {
        samples += other.samples
        userTurns.formUnion(other.userTurns)
        bigrams.formUnion(other.bigrams)
        bigramCount += other.bigramCount
        tools.formUnion(other.tools)
        calls.formUnion(other.calls)
        events += other.events
        callCounts += other.callCounts
        bodyLengths += other.bodyLengths
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    public var distinctUserTurns: Int { userTurns.count }
    public var distinct2: Double { bigramCount == 0 ? 0 : Double(bigrams.count) / Double(bigramCount) }
    public var distinctTools: Int { tools.count }
    public var distinctCalls: Int { calls.count }

    static func mean(_ xs: [Int]) -> Double { xs.isEmpty ? 0 : Double(xs.reduce(0, +)) / Double(xs.count) }

    static func quantile(_ xs: [Int], _ q: Double) -> Int {
        guard !xs.isEmpty else { return 0 }
        let sorted = xs.sorted()
        return sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))]
    }

    /// Share of samples with 0, 1, 2, 3 and 4 or more calls.
    var callHistogram: [Double] {
        var bins = [0, 0, 0, 0, 0]
        for c in callCounts { bins[min(c, 4)] += 1 }
        return bins.map { samples == 0 ? 0 : Double($0) / Double(samples) }
    }
}

/// The diversity section of `mcip stats`: one row per category, then safe vs attacked.
public enum DiversityReport {
    public static func compute(database: String, jobs: Int) throws -> [String: Diversity] {
        let store = try SampleStore(path: database, create: false)
        let reader = SampleReader(store: store, jobs: jobs)
        var out: [String: Diversity] = [:]
        for c in MCIPClass.allCases {
            var d = Diversity()
            try reader.forEachBatch(category: c.id) { samples in for s in samples { d.add(s) } }
            out[c.id] = d
        }
        return out
    }

    public static func render(_ perCategory: [String: Diversity]) -> String {
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        var rows: [[String]] = []
        var safe = Diversity(), attacked = Diversity()
        for c in MCIPClass.allCases {
            guard let d = perCategory[c.id] else { continue }
            if c.isSafe { safe.merge(d) } else { attacked.merge(d) }
            rows.append([
                c.id, String(d.samples), String(d.distinctUserTurns), f(d.distinct2, 3), String(d.distinctTools), String(d.distinctCalls),
                f(Diversity.mean(d.events)), f(Diversity.mean(d.callCounts), 2), f(Diversity.mean(d.bodyLengths), 0),
            ])
        }
        var out = "Diversity per category\n"
        out += TextTable(
            headers: ["category", "samples", "distinct user turns", "distinct-2", "distinct tools", "distinct tool+args", "mean events",
                "mean calls", "mean body chars"],
            rows: rows
        ).render()
        var sizes: [[String]] = []
        let perClass = MCIPClass.allCases.compactMap { c in perCategory[c.id].map { (c.id, $0) } }
        for (name, d) in perClass + [("safe", safe), ("attacked", attacked)] {
            let h = d.callHistogram.map { f(100 * $0) + "%" }
            sizes.append(
                [name, String(d.samples)] + h + [
                    String(Diversity.quantile(d.bodyLengths, 0.1)), String(Diversity.quantile(d.bodyLengths, 0.5)),
                    String(Diversity.quantile(d.bodyLengths, 0.9)), f(Diversity.mean(d.bodyLengths), 0),
                ])
        }
        out += "\n\nCalls per sample and body length (characters), per class, then safe vs attacked\n"
        out += TextTable(
            headers: ["class", "samples", "0 calls", "1 call", "2 calls", "3 calls", "4+ calls", "p10", "median", "p90", "mean"], rows: sizes
        ).render()
        return out
    }
}
