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
        var perGroup: [String: [String: Int]] = [:]
        var totals: [String: Int] = [:]
        for m in members {
            perGroup[m.group, default: [:]][m.category, default: 0] += 1
            totals[m.category, default: 0] += 1
        }
        var current: [Split: [String: Int]] = [:]
        var result: [String: Split] = [:]
        for (group, split) in fixed where perGroup[group] != nil {
            result[group] = split
            for (c, n) in perGroup[group]! { current[split, default: [:]][c, default: 0] += n }
        }
        for group in perGroup.keys.sorted() where result[group] == nil {
            let counts = perGroup[group]!
            var best = Split.train
            var bestScore = -Double.infinity
            for split in Split.allCases {
                let ratio = ratios[split] ?? 0
                guard ratio > 0 else { continue }
                var score = 0.0
                for (c, n) in counts {
                    let target = ratio * Double(totals[c]!)
                    let have = Double(current[split]?[c] ?? 0)
                    score += Double(n) * (target - have) / max(target, 1)
                }
                if score > bestScore + 1e-12 {
                    best = split
                    bestScore = score
                }
            }
            result[group] = best
            for (c, n) in counts { current[best, default: [:]][c, default: 0] += n }
        }
        return result
    }
}
