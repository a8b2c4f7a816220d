import MCIPExport
import MCIPModel
import Testing

struct SplitAssignerTests {
    /// Random members: groups of 1–12 samples over a few classes, as generation makes them.
    static func members(seed: UInt64, groups: Int) -> [(group: String, category: String)] {
        var rng = RNG(seed: seed)
        let classes = ["appropriate", "data_injection", "identity_injection", "replay_injection", "wrong_function_intent"]
        var out: [(group: String, category: String)] = []
        for g in 0..<groups {
            let group = "g" + String(rng.next() % 1_000_000_007, radix: 16) + "-\(g)"
            for _ in 0..<(1 + rng.int(below: 12)) { out.append((group, classes[rng.int(below: rng.int(below: classes.count) + 1)])) }
        }
        return out
    }

    /// The assignment by its definition, with nested dictionaries: groups in id order, each
    /// to the split whose classes are most short of their target share.
    static func reference(_ members: [(group: String, category: String)], ratios: [Split: Double], fixed: [String: Split]) -> [String: Split] {
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
            var best = Split.train
            var bestScore = -Double.infinity
            for split in Split.allCases where (ratios[split] ?? 0) > 0 {
                var score = 0.0
                for c in perGroup[group]!.keys.sorted() {
                    let target = ratios[split]! * Double(totals[c]!)
                    score += Double(perGroup[group]![c]!) * (target - Double(current[split]?[c] ?? 0)) / max(target, 1)
                }
                if score > bestScore + 1e-12 {
                    best = split
                    bestScore = score
                }
            }
            result[group] = best
            for (c, n) in perGroup[group]! { current[best, default: [:]][c, default: 0] += n }
        }
        return result
    }

    @Test(arguments: [1, 2, 3])
    func assignsAsTheDefinitionDoes(seed: UInt64) {
        let members = Self.members(seed: seed, groups: 3000)
        let assigner = SplitAssigner()
        let fixed: [String: Split] = [members[0].group: .test, members[40].group: .validation, "absent": .train]
        #expect(assigner.assign(members) == Self.reference(members, ratios: assigner.ratios, fixed: [:]))
        let pinned = assigner.assign(members, fixed: fixed)
        #expect(pinned == Self.reference(members, ratios: assigner.ratios, fixed: fixed))
        #expect(pinned[members[0].group] == .test && pinned[members[40].group] == .validation && pinned["absent"] == nil)
        let noValidation = SplitAssigner(train: 0.7, validation: 0, test: 0.3)
        #expect(noValidation.assign(members) == Self.reference(members, ratios: noValidation.ratios, fixed: [:]))
    }

    @Test func everyClassGetsCloseToItsShareInEverySplit() {
        let members = Self.members(seed: 9, groups: 4000)
        let splits = SplitAssigner().assign(members)
        #expect(Set(splits.keys) == Set(members.map(\.group)))
        var counts: [String: [Split: Int]] = [:]
        for m in members { counts[m.category, default: [:]][splits[m.group]!, default: 0] += 1 }
        for (category, perSplit) in counts {
            let total = Double(perSplit.values.reduce(0, +))
            for (split, target) in [(Split.train, 0.8), (.validation, 0.1), (.test, 0.1)] {
                #expect(abs(Double(perSplit[split, default: 0]) / total - target) < 0.01, "\(category) \(split)")
            }
        }
    }
}
