import MCIPModel

/// Re-checks exported samples: each native record's trajectory and policy go through the
/// oracle, and its verdict is compared with the record's category.
public enum Audit {
    public struct Disagreement: Sendable {
        public var id: String
        public var line: Int
        public var category: String
        public var verdict: String
        public var reason: String
    }

    public struct Report: Sendable {
        /// category → (checked, agreed)
        public var perCategory: [String: (checked: Int, agreed: Int)] = [:]
        public var disagreements: [Disagreement] = []

        public var checked: Int { perCategory.values.reduce(0) { $0 + $1.checked } }
        public var agreed: Int { perCategory.values.reduce(0) { $0 + $1.agreed } }

        public var json: JSON {
            var per: [String: JSON] = [:]
            for (c, v) in perCategory { per[c] = ["checked": .int(v.checked), "agreed": .int(v.agreed)] }
            return [
                "checked": .int(checked), "agreed": .int(agreed), "per_category": .object(per),
                "disagreements": .array(disagreements.map {
                    ["id": .string($0.id), "line": .int($0.line), "category": .string($0.category), "verdict": .string($0.verdict), "reason": .string($0.reason)]
                }),
            ]
        }
    }

    /// A record that cannot be audited (not a native sample).
    public struct RecordError: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var problem: String
        public var description: String { "\(file):\(line): \(problem)" }
    }

    public static func run(records: [(line: Int, value: JSON)], file: String) throws -> Report {
        var report = Report()
        for (line, record) in records {
            let (category, trajectory, policy) = try parse(record, file: file, line: line)
            let verdict = Oracle.judge(trajectory: trajectory, policy: policy)
            var entry = report.perCategory[category.id] ?? (0, 0)
            entry.checked += 1
            if verdict.category == category {
                entry.agreed += 1
            } else {
                report.disagreements.append(
                    Disagreement(
                        id: record["id"]?.stringValue ?? "?", line: line, category: category.id, verdict: verdict.category.id,
                        reason: verdict.reason))
            }
            report.perCategory[category.id] = entry
        }
        return report
    }

    /// Rebuilds what the oracle needs from a native record: the events (with the servers'
    /// classification of their tools) and the policy.
    static func parse(_ record: JSON, file: String, line: Int) throws -> (MCIPClass, Trajectory, Policy) {
        func fail(_ problem: String) -> RecordError { RecordError(file: file, line: line, problem: problem) }
        guard let c = record["category"]?.stringValue, let category = MCIPClass(rawValue: c) else {
            throw fail("no known `category` (is this a native record?)")
        }
        guard let eventsJSON = record["events"]?.arrayValue else { throw fail("no `events`") }
        var events: [Event] = []
        for (i, e) in eventsJSON.enumerated() {
            guard let event = Event(json: e) else { throw fail("event \(i) needs `from`, `to` and `text` or `message`") }
            events.append(event)
        }
        guard let policy = record["policy"].flatMap(Policy.init(json:)) else { throw fail("no valid `policy`") }
        let servers = (record["servers"]?.arrayValue ?? []).compactMap(ServerDefinition.init(json:))
        return (category, Trajectory(events: events, knownServers: servers), policy)
    }
}
