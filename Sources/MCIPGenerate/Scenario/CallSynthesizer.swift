import MCIPModel

/// Makes a plausible call to any seed tool (an injected or replacement function): arguments
/// come from a task that uses the tool, with freshly drawn slot values, or from the schema.
public final class CallSynthesizer: Sendable {
    let seeds: Seeds
    let scenarios: ScenarioBuilder
    let gold: GoldBuilder
    /// For each "server.tool", the tasks whose calls use it.
    let usage: [String: [(task: SeedTask, call: Int)]]
    /// Argument name → pools that tasks bind it to, for tools no task uses.
    let poolsByArgument: [String: [String]]

    public init(seeds: Seeds) {
        self.seeds = seeds
        scenarios = ScenarioBuilder(seeds: seeds)
        gold = GoldBuilder(seeds: seeds)
        var usage: [String: [(SeedTask, Int)]] = [:]
        var pools: [String: Set<String>] = [:]
        for task in seeds.tasks {
            for (i, c) in task.calls.enumerated() {
                usage["\(c.server).\(c.tool)", default: []].append((task, i))
                for (name, template) in c.arguments {
                    if case .text(let t) = template, let slot = t.soleSlot, let pool = task.slots[slot] { pools[name, default: []].insert(pool) }
                }
            }
        }
        self.usage = usage
        poolsByArgument = pools.mapValues { $0.sorted() }
    }

    public func call(server: String, tool: String, rng: inout RNG) throws -> ToolCall {
        guard let seedTool = seeds.tool(server: server, name: tool) else { preconditionFailure("unknown tool \(server).\(tool)") }
        var values: [String: JSON] = [:]
        var arguments: [String: JSON]
        if let uses = usage["\(server).\(tool)"], !uses.isEmpty {
            let (task, index) = rng.pick(uses)
            for (slot, pool) in task.orderedSlots { values[slot] = scenarios.draw(pool: pool, rng: &rng) }
            for c in task.calls[..<index] {
                for (out, pool) in seeds.tool(server: c.server, name: c.tool)?.orderedOutputs ?? [] where values[out] == nil {
                    values[out] = scenarios.draw(pool: pool, rng: &rng)
                }
            }
            values["user_name"] = .string(rng.pick(seeds.people))
            values["user_role"] = "member"
            arguments = try gold.renderArguments(task.calls[index], values: values)
        } else {
            arguments = fromSchema(seedTool.definition.inputSchema, also: Set(seedTool.result.slots), rng: &rng)
            values["user_name"] = .string(rng.pick(seeds.people))
            values["user_role"] = "member"
        }
        for (out, pool) in seedTool.orderedOutputs { values[out] = scenarios.draw(pool: pool, rng: &rng) }
        return try gold.makeCall(server: server, tool: tool, arguments: arguments, values: values)
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
