import MCIPModel

/// Makes a plausible call to any seed tool (an injected or replacement function): arguments
/// come from a task that uses the tool, with freshly drawn slot values, or from the schema.
public final class CallSynthesizer: Sendable {
    let seeds: Seeds
    let scenarios: ScenarioBuilder
    let gold: GoldBuilder
    /// For each tool (by `key(_:)` of its position), the tasks whose calls use it.
    let usage: [Int: [(task: SeedTask, call: Int)]]
    /// Argument name → pools that tasks bind it to, for tools no task uses.
    let poolsByArgument: [String: [String]]

    public init(seeds: Seeds) {
        self.seeds = seeds
        scenarios = ScenarioBuilder(seeds: seeds)
        gold = GoldBuilder(seeds: seeds)
        var usage: [Int: [(SeedTask, Int)]] = [:]
        var pools: [String: Set<String>] = [:]
        for task in seeds.tasks {
            for (i, c) in task.calls.enumerated() {
                if let position = seeds.toolPosition(server: c.server, name: c.tool) {
                    usage[Self.key(position), default: []].append((task, i))
                }
                for (name, template) in c.arguments {
                    if case .text(let t) = template, let slot = t.soleSlot, let pool = task.slots[slot] { pools[name, default: []].insert(pool) }
                }
            }
        }
        self.usage = usage
        poolsByArgument = pools.mapValues { $0.sorted() }
    }

    static func key(_ position: (server: Int, tool: Int)) -> Int { position.server << 20 | position.tool }

    public func call(server: String, tool: String, rng: inout RNG) throws -> ToolCall {
        guard let position = seeds.toolPosition(server: server, name: tool) else { preconditionFailure("unknown tool \(server).\(tool)") }
        let seedTool = seeds.servers[position.server].tools[position.tool]
        var values: [String: JSON] = [:]
        var arguments: [String: JSON]
        if let uses = usage[Self.key(position)], !uses.isEmpty {
            let (task, index) = rng.pick(uses)
            let plan = seeds.plan(task)
            values.reserveCapacity(plan.valueCapacity + seedTool.orderedOutputs.count)
            plan.drawValues(into: &values, calls: index, rng: &rng)
            values["user_name"] = .string(rng.pick(seeds.people))
            values["user_role"] = "member"
            arguments = try gold.renderArguments(task.calls[index], values: values)
        } else {
            arguments = fromSchema(seedTool.definition.inputSchema, also: Set(seedTool.result.slots), rng: &rng)
            values["user_name"] = .string(rng.pick(seeds.people))
            values["user_role"] = "member"
        }
        for (out, pool) in seedTool.orderedOutputs { values[out] = scenarios.draw(pool: pool, rng: &rng) }
        return try gold.makeCall(seedTool, server: server, arguments: arguments, values: values)
    }

    /// Values, by type, for the required properties and those the tool's result mentions.
    func fromSchema(_ schema: JSON, also wanted: Set<String>, rng: inout RNG) -> [String: JSON] {
        let props = schema["properties"]?.objectValue ?? [:]
        let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        var out: [String: JSON] = [:]
        for name in required.union(wanted.intersection(props.keys)).sorted() {
            guard let p = props[name] else { continue }
            out[name] = value(for: p, name: name, rng: &rng)
        }
        return out
    }

    func value(for schema: JSON, name: String, rng: inout RNG) -> JSON {
        if let e = schema["enum"]?.arrayValue, !e.isEmpty { return rng.pick(e) }
        if let pools = poolsByArgument[name] {
            for _ in 0..<4 {
                let v = scenarios.draw(pool: rng.pick(pools), rng: &rng)
                if SchemaCheck.mismatch(v, schema) == nil { return v }
            }
        }
        let type = schema["type"]?.stringValue ?? schema["type"]?.arrayValue?.first?.stringValue ?? "string"
        switch type {
        case "integer", "number":
            let lo = schema["minimum"]?.intValue ?? 1
            return .int(lo + rng.int(below: 50))
        case "boolean": return .bool(rng.chance(0.5))
        case "array":
            return .array([value(for: schema["items"] ?? ["type": "string"], name: name, rng: &rng)])
        case "object": return .object([:])
        default: return .string("\(name.replacingOccurrences(of: "_", with: "-"))-\(100 + rng.int(below: 900))")
        }
    }
}
