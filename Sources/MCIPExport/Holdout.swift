import MCIPModel
import MCIPStore

/// Held-out test sets for generalisation: whole servers (unseen tools) or whole templates
/// (unseen attack wording) appear in `test` only.
public enum HoldoutKind: String, Sendable, CaseIterable {
    case servers
    case templates
}

/// Which samples go to test, which are left out, and what was held out. A sample that mixes
/// held-out and other servers belongs nowhere without leaking a server, so it is left out and
/// counted.
struct HoldoutPlan {
    var heldOut: [String] = []
    /// Groups whose samples all go to test (server holdout).
    var testGroups: Set<String> = []
    /// Single samples that go to test (template holdout).
    var testSamples: Set<String> = []
    var excluded: Set<String> = []
    /// Scenario groups with samples in test and in train or validation (template holdout).
    var sharedGroups = 0

    static func make(_ kind: HoldoutKind, keys: [SampleStore.SampleKey], testShare: Double) -> HoldoutPlan {
        let target = Int((testShare * Double(keys.count)).rounded(.up))
        var plan = HoldoutPlan()
        switch kind {
        case .servers:
            // Servers in a fixed pseudo-random order; the first m form the held-out set. A sample
            // is inside it when its highest-ranked server is, and touches it when its lowest is.
            let order = Set(keys.flatMap(\.servers)).sorted { SHA256.hex($0) < SHA256.hex($1) }
            let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            let ranks = keys.map { k in (k.servers.map { rank[$0]! }.min() ?? 0, k.servers.map { rank[$0]! }.max() ?? 0) }
            var inside = [Int](repeating: 0, count: order.count + 1)
            for (_, high) in ranks { inside[high + 1] += 1 }
            var m = 0
            var count = 0
            while m < order.count && count < target {
                m += 1
                count += inside[m]
            }
            plan.heldOut = order.prefix(m).sorted()
            for (k, (_, high)) in zip(keys, ranks) where high < m { plan.testGroups.insert(k.group) }
            for (k, (low, high)) in zip(keys, ranks) where high >= m && (low < m || plan.testGroups.contains(k.group)) {
                plan.excluded.insert(k.id)
            }
        case .templates:
            // Per category, the least-used templates until the category's test share is
            // reached (never all of them). Every sample of a held-out template goes to test.
            var held: Set<String> = []
            var groupsOfHeld: Set<String> = []
            for category in Set(keys.map(\.category)).sorted() {
                let counts = Dictionary(grouping: keys.filter { $0.category == category }, by: \.template).mapValues(\.count)
                guard counts.count > 1 else { continue }
                let quota = testShare * Double(counts.values.reduce(0, +))
                var taken = 0
                for t in counts.keys.sorted(by: { (counts[$0]!, $0) < (counts[$1]!, $1) }).dropLast() where Double(taken) < quota {
                    held.insert(t)
                    taken += counts[t]!
                }
            }
            plan.heldOut = held.sorted()
            for k in keys where held.contains(k.template) {
                plan.testSamples.insert(k.id)
                groupsOfHeld.insert(k.group)
            }
            // A scenario family holds at most one sample per category, so its other members
            // (other classes, other templates) stay in train or validation: the pair differs in
            // label and wording, and no template crosses splits.
            plan.sharedGroups = Set(keys.filter { !held.contains($0.template) }.map(\.group)).intersection(groupsOfHeld).count
        }
        return plan
    }
}
