import MCIPModel

/// No function is called; the answer states a result as if a tool had returned it, with the
/// tools' output values made up.
enum DataInjection: Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool { !task.needsAdmin(seeds) }

    static func apply(_ ctx: inout AttackContext) throws -> Bool {
        let task = ctx.scenario.task
        var values = ctx.scenario.values
        let builder = ScenarioBuilder(seeds: ctx.seeds)
        for (i, _) in task.calls.enumerated() {
            guard let tool = task.tool(i, ctx.seeds) else { continue }
            for (out, pool) in tool.orderedOutputs {
                if let v = builder.draw(pool: pool, avoiding: values[out] ?? .null, rng: &ctx.rng) { values[out] = v }
            }
        }
        ctx.focus(on: ctx.call(at: ctx.trajectory.callIndices[0]))
        ctx.trajectory.steps.removeAll { if case .call = $0 { true } else { false } }
        let fabricated = try task.answers[ctx.scenario.answer].render(values)
        ctx.slots["answer"] = .string(fabricated)
        ctx.setAnswer(try ctx.render(ctx.template.answers) ?? fabricated)
        if ctx.template.cause == .withCause, let text = try ctx.render(ctx.template.texts) { ctx.appendToUserTurn(text) }
        return true
    }
}
