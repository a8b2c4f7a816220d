import MCIPModel

public enum Split: String, CaseIterable, Sendable {
    case train, validation, test
}

/// Assigns whole groups to splits so that every category gets close to the target share in
/// each split. Groups are taken in the order of their ids (hashes, so effectively random
/// but fixed); each goes to the split where its categories are most short of their target.
/// A gold trajectory and all its variants share a group, so near-twins never straddle splits.
public struct SplitAssigner: Sendable {
    public var ratios: [Split: Double]

    public init(train: Double = 0.8, validation: Double = 0.1, test: Double = 0.1) {
        ratios = [.train: train, .validation: validation, .test: test]
    }

    /// `members` lists (group, category) per sample; `fixed` pins groups to a split (held-out
    /// servers or templates go to test). Returns group → split.
    public func assign(_ members: [(group: String, category: String)], fixed: [String: Split] = [:]) -> [String: Split] {
        // Groups and categories as numbers: the counting runs once per sample.
        let categories = Array(Set(members.map(\.category))).sorted()
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let width = categories.count
        var groupIndex: [String: Int] = [:]
        var groups: [String] = []
        /// Samples per group and category, `width` numbers per group.
        var counts: [Int] = []
        var totals = [Int](repeating: 0, count: width)
        for m in members {
            let c = categoryIndex[m.category]!
            let g: Int
            if let known = groupIndex[m.group] {
                g = known
            } else {
                g = groups.count
                groupIndex[m.group] = g
                groups.append(m.group)
                counts.append(contentsOf: repeatElement(0, count: width))
            }
            counts[g * width + c] += 1
            totals[c] += 1
        }
        let splits = Split.allCases
        var current = [[Int]](repeating: [Int](repeating: 0, count: width), count: splits.count)
        func add(group g: Int, to s: Int) {
            for c in 0..<width { current[s][c] += counts[g * width + c] }
        }
        var result: [String: Split] = [:]
        result.reserveCapacity(groups.count)
        for (group, split) in fixed {
            guard let g = groupIndex[group] else { continue }
            result[group] = split
            add(group: g, to: splits.firstIndex(of: split)!)
        }
        for g in groups.indices.sorted(by: { groups[$0] < groups[$1] }) where result[groups[g]] == nil {
            var best = 0
            var bestScore = -Double.infinity
            for (s, split) in splits.enumerated() {
                let ratio = ratios[split] ?? 0
                guard ratio > 0 else { continue }
                var score = 0.0
                for c in 0..<width where counts[g * width + c] > 0 {
                    let target = ratio * Double(totals[c])
                    score += Double(counts[g * width + c]) * (target - Double(current[s][c])) / max(target, 1)
                }
                if score > bestScore + 1e-12 {
                    best = s
                    bestScore = score
                }
            }
            result[groups[g]] = splits[best]
            add(group: g, to: best)
        }
        return result
    }
}
