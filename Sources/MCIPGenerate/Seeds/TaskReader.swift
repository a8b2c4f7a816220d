import MCIPModel

/// Reads one task of a `Seeds/tasks/<domain>.yaml` file and checks it against the servers and
/// pools: the tools exist, arguments fit their schemas, every slot has a source, and the calls
/// respect the servers' dependency rules.
enum TaskReader {
    static let fields: Set<String> = ["id", "title", "slots", "phrasings", "calls", "answers"]
    static let minimumPhrasings = 2

    static func read(_ node: YNode, domain: String, servers: [SeedServer], pools: [String: ValuePool]) throws -> SeedTask {
        let m = try node.mapping("a task")
        try m.onlyKeys(fields)
        let idNode = try m.required("id")
        let id = try idNode.nonEmptyString("task id")
        func fail(_ n: YNode, _ message: String) -> InputError { n.error("task '\(id)': \(message)") }

        var slots: [String: String] = [:]
        if let s = m.optional("slots") {
            for e in try s.mapping("slots").entries {
                let pool = try e.value.nonEmptyString("pool name")
                guard pools[pool] != nil else { throw fail(e.value, "slot '\(e.key)' uses unknown pool '\(pool)'") }
                guard SlotTemplate.isValidName(e.key) else { throw fail(e.keyNode, "invalid slot name '\(e.key)'") }
                slots[e.key] = pool
            }
        }
        let stated = Set(slots.keys).union(SeedLoader.builtinSlots)

        let titleNode = try m.required("title")
        let title = try template(titleNode, "title")
        try check(title, titleNode, allowed: stated, id: id)

        let phrasingsNode = try m.required("phrasings")
        let phrasingNodes = try phrasingsNode.nonEmptyList("phrasings")
        if phrasingNodes.count < minimumPhrasings {
            throw fail(phrasingsNode, "needs at least \(minimumPhrasings) phrasings, has \(phrasingNodes.count)")
        }
        let phrasings = try phrasingNodes.map { n -> SlotTemplate in
            let t = try template(n, "phrasing")
            try check(t, n, allowed: stated, id: id)
            return t
        }

        var calls: [SeedCall] = []
        var available = stated
        var ran: [(server: String, tool: String)] = []
        for callNode in try m.required("calls").nonEmptyList("calls") {
            let cm = try callNode.mapping("a call")
            try cm.onlyKeys(["tool", "arguments"])
            let refNode = try cm.required("tool")
            let ref = try refNode.nonEmptyString("tool")
            guard let dot = ref.firstIndex(of: ".") else { throw fail(refNode, "tool must be written server.tool, found '\(ref)'") }
            let serverName = String(ref[..<dot]), toolName = String(ref[ref.index(after: dot)...])
            guard let server = servers.first(where: { $0.name == serverName }) else {
                throw fail(refNode, "unknown server '\(serverName)'")
            }
            guard let tool = server.tool(toolName) else { throw fail(refNode, "server '\(serverName)' has no tool '\(toolName)'") }
            for r in tool.requires where !ran.contains(where: { $0.server == serverName && $0.tool == r }) {
                throw fail(refNode, "\(ref) requires \(serverName).\(r) earlier in the task (dependency rule)")
            }
            let properties = tool.definition.inputSchema["properties"]?.objectValue ?? [:]
            var arguments: [String: JSONTemplate] = [:]
            if let a = cm.optional("arguments") {
                for e in try a.mapping("arguments").entries {
                    guard let propSchema = properties[e.key] else {
                        throw fail(e.keyNode, "\(ref) has no argument '\(e.key)'")
                    }
                    let t = try JSONTemplate(e.value)
                    for slot in t.slots where !available.contains(slot) {
                        throw fail(e.value, "argument '\(e.key)' uses {{\(slot)}}, which is not a slot of the task or an output of an earlier call")
                    }
                    try checkTypes(t, propSchema, slots: slots, pools: pools, node: e.value, id: id, argument: e.key)
                    arguments[e.key] = t
                }
            }
            for case .string(let req) in tool.definition.inputSchema["required"]?.arrayValue ?? [] where arguments[req] == nil {
                throw fail(callNode, "\(ref) needs argument '\(req)'")
            }
            let resultSources = Set(arguments.keys).union(tool.outputs.keys).union(SeedLoader.builtinSlots)
            for slot in tool.result.slots where !resultSources.contains(slot) {
                throw fail(callNode, "the result of \(ref) uses {{\(slot)}}, but this call does not pass that argument")
            }
            calls.append(SeedCall(server: serverName, tool: toolName, arguments: arguments, line: callNode.line))
            ran.append((serverName, toolName))
            available.formUnion(tool.outputs.keys)
        }

        let answerNodes = try m.required("answers").nonEmptyList("answers")
        let answers = try answerNodes.map { n -> SlotTemplate in
            let t = try template(n, "answer")
            try check(t, n, allowed: available, id: id)
            return t
        }
        return SeedTask(
            id: id, domain: domain, title: title, slots: slots, phrasings: phrasings, calls: calls, answers: answers,
            file: node.file, line: node.line)
    }

    static func template(_ n: YNode, _ what: String) throws -> SlotTemplate {
        try SlotTemplate(try n.nonEmptyString(what), file: n.file, line: n.line, column: n.column)
    }

    static func check(_ t: SlotTemplate, _ n: YNode, allowed: Set<String>, id: String) throws {
        for slot in t.slots where !allowed.contains(slot) {
            throw n.error("task '\(id)': {{\(slot)}} is not a slot of the task")
        }
    }

    /// A literal argument must fit the schema; an argument that is one slot must fit it for
    /// every value of the slot's pool.
    static func checkTypes(
        _ t: JSONTemplate, _ schema: JSON, slots: [String: String], pools: [String: ValuePool], node: YNode, id: String,
        argument: String
    ) throws {
        switch t {
        case .value(let v):
            if let m = SchemaCheck.mismatch(v, schema) { throw node.error("task '\(id)': argument '\(argument)': \(m)") }
        case .text(let st):
            if let slot = st.soleSlot, let poolName = slots[slot], let pool = pools[poolName] {
                let rules = SchemaCheck.Rules(schema)
                for i in 0..<min(pool.count, 200) {
                    if let m = rules.mismatch(pool[i]) {
                        throw node.error("task '\(id)': argument '\(argument)' takes pool '\(poolName)', but \(m)")
                    }
                }
            } else if st.soleSlot == nil, let m = SchemaCheck.mismatch(.string("x"), schema), !m.contains("one of") {
                throw node.error("task '\(id)': argument '\(argument)' renders text, but \(m)")
            }
        case .array, .object:
            break
        }
    }
}
