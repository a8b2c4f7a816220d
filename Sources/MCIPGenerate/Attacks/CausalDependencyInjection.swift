import MCIPModel

/// Two calls linked by a dependency rule (verify → access, quote → purchase) run in the
/// wrong order: the dependent call moves in front of its prerequisite.
enum CausalDependencyInjection: Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool {
        !task.needsAdmin(seeds) && !task.dependencyPairs(seeds).isEmpty
    }

    static func apply(_ ctx: inout AttackContext) throws -> Bool {
        let pairs = ctx.scenario.task.dependencyPairs(ctx.seeds)
        guard !pairs.isEmpty else { return false }
        let (pre, dep) = ctx.rng.pick(pairs)
        let callSteps = ctx.trajectory.callIndices
        let preStep = callSteps[pre], depStep = callSteps[dep]
        let prerequisite = ctx.call(at: preStep), dependent = ctx.call(at: depStep)
        ctx.focus(on: dependent)
        ctx.slots["first_tool"] = .string(prerequisite.tool)
        ctx.slots["second_tool"] = .string(dependent.tool)
        ctx.trajectory.steps.remove(at: depStep)
        ctx.trajectory.steps.insert(.call(dependent), at: preStep)
        if ctx.template.cause == .withCause, let text = try ctx.render(ctx.template.texts) { ctx.appendToUserTurn(text) }
        if let answer = try ctx.render(ctx.template.answers) { ctx.setAnswer(answer) }
        return true
    }
}
