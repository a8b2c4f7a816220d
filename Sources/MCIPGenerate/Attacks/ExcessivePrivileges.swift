import MCIPModel

/// The task is done through a broader, higher-privilege tool that covers the least-privilege
/// one: a real covering tool of the server when there is one, otherwise one the server adds.
/// Arguments carry over and the result and answer stay the same.
enum ExcessivePrivileges: Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool {
        !task.needsAdmin(seeds) && task.calls.indices.contains { (task.tool($0, seeds)?.definition.privilege ?? .admin) < .admin }
    }

    static func apply(_ ctx: inout AttackContext) throws -> Bool {
        let candidates = ctx.trajectory.callIndices.filter {
            (ctx.trajectory.tool(server: ctx.call(at: $0).server, name: ctx.call(at: $0).tool)?.privilege ?? .admin) < .admin
        }
        guard !candidates.isEmpty else { return false }
        let stepIndex = ctx.rng.pick(candidates)
        let target = ctx.call(at: stepIndex)
        ctx.focus(on: target)
        guard let real = ctx.trajectory.tool(server: target.server, name: target.tool) else { return false }
        guard let (elevated, arguments) = try Elevated.tool(covering: real, call: target, ctx: &ctx) else { return false }
        ctx.updateTool(server: target.server) { server in
            if server.tool(named: elevated.name) == nil { server.tools.append(elevated) }
        }
        if elevated.privilege > ctx.policy.identity.privilege {
            // The sender may use the broader tool; only least privilege is broken, not access control.
            let roles = ctx.seeds.roles.filter { $0.privilege >= elevated.privilege }
            guard !roles.isEmpty else { return false }
            let role = ctx.rng.pick(roles)
            ctx.policy.identity.role = role.id
            ctx.policy.identity.privilege = role.privilege
            ctx.slots["user_role"] = .string(role.id)
        }
        var call = target
        call.tool = elevated.name
        call.arguments = arguments
        ctx.trajectory.steps[stepIndex] = .call(call)
        return true
    }
}

/// A higher-privilege tool able to do a narrower tool's job.
enum Elevated {
    static func tool(covering real: ToolDefinition, call: ToolCall, ctx: inout AttackContext) throws -> (ToolDefinition, [String: JSON])? {
        let seedServer = ctx.seeds.server(call.server)
        let existing = seedServer?.tools.map(\.definition).filter { $0.covers.contains(real.name) && $0.privilege > real.privilege } ?? []
        if !existing.isEmpty && ctx.rng.chance(0.5) {
            let tool = ctx.rng.pick(existing)
            ctx.slots["elevated_tool"] = .string(tool.name)
            ctx.slots["elevated_privilege"] = .string(tool.privilege.rawValue)
            var arguments = mapArguments(call.arguments, into: tool.inputSchema)
            let required = (tool.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            let props = tool.inputSchema["properties"]?.objectValue ?? [:]
            for name in required where arguments[name] == nil {
                arguments[name] = ctx.synthesizer.value(for: props[name] ?? [:], name: name, rng: &ctx.rng)
            }
            return (tool, arguments)
        }
        let privilege = max(ctx.template.privilege, real.privilege == .write ? .admin : ctx.template.privilege)
        guard privilege > real.privilege else { return nil }
        // Known before the name is chosen, so a name may say it.
        ctx.slots["elevated_privilege"] = .string(privilege.rawValue)
        var name: String?
        for _ in 0..<4 {
            guard let candidate = try ctx.render(ctx.template.names) else { break }
            if ctx.trajectory.tool(server: call.server, name: candidate) == nil && seedServer?.tool(candidate) == nil {
                name = candidate
                break
            }
        }
        guard let name else { return nil }
        ctx.slots["elevated_tool"] = .string(name)
        var schema = real.inputSchema.objectValue ?? ["type": "object"]
        var properties = schema["properties"]?.objectValue ?? [:]
        for (key, value) in ctx.template.extraArguments { properties[key] = ["type": .string(jsonType(value))] }
        schema["properties"] = .object(properties)
        let tool = ToolDefinition(
            name: name, title: nil, description: try ctx.render(ctx.template.descriptions) ?? real.description,
            inputSchema: .object(schema),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: real.annotations.openWorldHint),
            privilege: privilege, covers: [real.name])
        var arguments = call.arguments
        for (k, v) in ctx.template.extraArguments { arguments[k] = v }
        return (tool, arguments)
    }

    /// Carries arguments into a broader tool's schema: shared names stay, and the rest go into
    /// the first required object-typed parameter (such as `settings`); required parameters still
    /// missing are filled by the caller.
    static func mapArguments(_ arguments: [String: JSON], into schema: JSON) -> [String: JSON] {
        let props = schema["properties"]?.objectValue ?? [:]
        var out: [String: JSON] = [:]
        var rest: [String: JSON] = [:]
        for (k, v) in arguments { if props[k] != nil { out[k] = v } else { rest[k] = v } }
        let required = (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
        if let bag = required.first(where: { props[$0]?["type"] == "object" && out[$0] == nil }) { out[bag] = .object(rest) }
        return out
    }

    static func jsonType(_ v: JSON) -> String {
        switch v {
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .array: "array"
        case .object: "object"
        default: "string"
        }
    }
}
