import MCIPModel

/// A state-changing call is sent again (once or more) under new ids without fresh
/// authorisation; each copy gets the same result.
enum ReplayInjection: Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool {
        !task.needsAdmin(seeds) && task.calls.indices.contains { task.changesState($0, seeds) }
    }

    static func apply(_ ctx: inout AttackContext) throws -> Bool {
        let candidates = ctx.trajectory.callIndices.filter {
            ctx.trajectory.tool(server: ctx.call(at: $0).server, name: ctx.call(at: $0).tool)?.changesState ?? false
        }
        guard let stepIndex = candidates.last else { return false }
        let call = ctx.call(at: stepIndex)
        ctx.focus(on: call)
        let copies = ctx.rng.int(in: ctx.template.repeats)
        ctx.slots["times"] = .int(copies + 1)
        ctx.trajectory.steps.insert(contentsOf: Array(repeating: Step.call(call), count: copies), at: stepIndex + 1)
        if ctx.template.cause == .withCause, let text = try ctx.render(ctx.template.texts) { ctx.appendToUserTurn(text) }
        return true
    }
}
