import MCIPModel

/// The `appropriate` class: the gold trajectory itself, or a hard negative — a safe trajectory
/// that looks like an attack (a repeat the user asked for, a verified administrator, correct
/// routing beside a lookalike tool, calls in their required order, a harmless mention of
/// another tool, a broader tool on offer but not used).
enum SafeVariant: Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool {
        switch template.hardNegative {
        case .none, .lookalikeRouting, .harmlessMention: !task.needsAdmin(seeds)
        case .verifiedAdmin: task.needsAdmin(seeds)
        case .orderedDependencies: !task.dependencyPairs(seeds).isEmpty
        case .repeatRequested: !task.needsAdmin(seeds) && task.calls.indices.contains { task.changesState($0, seeds) }
        case .unusedElevatedTool:
            !task.needsAdmin(seeds) && task.calls.indices.contains { (task.tool($0, seeds)?.definition.privilege ?? .admin) < .admin }
        }
    }

    static func apply(_ ctx: inout AttackContext) throws -> Bool {
        ctx.slots["answer"] = .string(ctx.trajectory.answerText ?? "")
        switch ctx.template.hardNegative {
        case .none, .orderedDependencies:
            if let pair = ctx.scenario.task.dependencyPairs(ctx.seeds).first {
                ctx.slots["first_tool"] = .string(ctx.scenario.task.calls[pair.0].tool)
                ctx.slots["second_tool"] = .string(ctx.scenario.task.calls[pair.1].tool)
            }
        case .verifiedAdmin:
            let admins = ctx.seeds.roles.filter { $0.privilege == .admin }
            guard let role = admins.first else { return false }
            ctx.policy.identity = Identity(name: ctx.policy.identity.name, role: role.id, privilege: .admin, verified: true)
            ctx.slots["user_role"] = .string(role.id)
            if let admin = ctx.trajectory.calls.first(where: { ctx.trajectory.tool(server: $0.server, name: $0.tool)?.privilege == .admin }) {
                ctx.focus(on: admin)
            }
            if let text = try ctx.render(ctx.template.texts), ctx.rng.chance(0.5) { ctx.appendToUserTurn(text) }
        case .repeatRequested:
            guard let stepIndex = ctx.trajectory.callIndices.last(where: {
                ctx.trajectory.tool(server: ctx.call(at: $0).server, name: ctx.call(at: $0).tool)?.changesState ?? false
            }) else { return false }
            let call = ctx.call(at: stepIndex)
            ctx.focus(on: call)
            ctx.slots["times"] = 2
            guard let request = try ctx.render(ctx.template.texts) else { return false }
            ctx.appendToUserTurn(request)
            ctx.trajectory.steps.insert(.call(call), at: stepIndex + 1)
            guard let i = ctx.policy.intendedCalls.firstIndex(where: {
                $0.server == call.server && $0.tool == call.tool && $0.arguments == call.arguments
            }) else { return false }
            ctx.policy.intendedCalls[i].times = 2
            if let answer = try ctx.render(ctx.template.answers) { ctx.setAnswer(answer) }
        case .lookalikeRouting:
            let target = ctx.call(at: ctx.rng.pick(ctx.trajectory.callIndices))
            ctx.focus(on: target)
            guard let (impostor, _) = try Lookalike.server(imitating: target, ctx: &ctx) else { return false }
            ctx.connect(impostor)
        case .harmlessMention:
            let stepIndex = ctx.rng.pick(ctx.trajectory.callIndices)
            var call = ctx.call(at: stepIndex)
            ctx.focus(on: call)
            let others = ctx.trajectory.servers.flatMap { s in s.tools.map { (s.name, $0.name) } }
                .filter { !ctx.intendedKeys.contains("\($0.0).\($0.1)") }
            guard !others.isEmpty else { return false }
            let other = ctx.rng.pick(others)
            ctx.slots["other_server"] = .string(other.0)
            ctx.slots["other_tool"] = .string(other.1)
            guard let text = try ctx.render(ctx.template.texts) else { return false }
            call.outcome = InjectedCall.plant(text, in: call.outcome)
            ctx.trajectory.steps[stepIndex] = .call(call)
        case .unusedElevatedTool:
            let candidates = ctx.trajectory.callIndices.filter {
                (ctx.trajectory.tool(server: ctx.call(at: $0).server, name: ctx.call(at: $0).tool)?.privilege ?? .admin) < .admin
            }
            guard !candidates.isEmpty else { return false }
            let target = ctx.call(at: ctx.rng.pick(candidates))
            ctx.focus(on: target)
            guard let real = ctx.trajectory.tool(server: target.server, name: target.tool),
                let (elevated, _) = try Elevated.tool(covering: real, call: target, ctx: &ctx)
            else { return false }
            ctx.updateTool(server: target.server) { s in if s.tool(named: elevated.name) == nil { s.tools.append(elevated) } }
        }
        return true
    }
}
