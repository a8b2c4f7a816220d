import MCIPModel

/// The last call the user asked for is replaced by a different function (often one that
/// changes state); the user's purpose is ignored.
enum WrongFunctionIntent: Attack {
    /// The replaced call's tool must not be called elsewhere in the task: otherwise the
    /// intended function still runs and the substitute reads as an injected extra call.
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool {
        guard let last = task.calls.last, !task.needsAdmin(seeds) else { return false }
        return task.calls.filter { $0.server == last.server && $0.tool == last.tool }.count == 1
    }

    static func apply(_ ctx: inout AttackContext) throws -> Bool {
        guard let stepIndex = ctx.trajectory.callIndices.last else { return false }
        let target = ctx.call(at: stepIndex)
        ctx.focus(on: target)
        guard let (server, tool) = ctx.pickTool(preferStateChanging: ctx.template.preferStateChanging) else { return false }
        ctx.slots["replacement_tool"] = .string(tool.name)
        ctx.slots["replacement_server"] = .string(server.name)
        let replacement = try ctx.synthesizer.call(server: server.name, tool: tool.name, rng: &ctx.rng)
        ctx.connect(server)
        let index = ctx.trajectory.steps.firstIndex(of: .call(target))!
        ctx.trajectory.steps[index] = .call(replacement)
        if ctx.template.cause == .withCause, let text = try ctx.render(ctx.template.texts) { ctx.appendToUserTurn(text) }
        ctx.setAnswer(try ctx.render(ctx.template.answers))
        return true
    }
}
