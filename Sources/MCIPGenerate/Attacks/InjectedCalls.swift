import MCIPModel

/// An unrequested call to a tool from the template's pool, inserted before the first
/// legitimate call (a forged dependency) or after one (an instruction planted in its result).
enum InjectedCall {
    enum Position { case before, after }

    static func apply(_ ctx: inout AttackContext, position: Position) throws -> Bool {
        let callSteps = ctx.trajectory.callIndices
        guard let first = callSteps.first, let (server, tool) = ctx.pickTool() else { return false }
        let anchor = position == .before ? first : ctx.rng.pick(callSteps)
        let target = ctx.call(at: anchor)
        ctx.focus(on: target)
        ctx.slots["injected_tool"] = .string(tool.name)
        ctx.slots["injected_server"] = .string(server.name)
        let injected = try ctx.synthesizer.call(server: server.name, tool: tool.name, rng: &ctx.rng)

        if ctx.template.cause == .withCause, let text = try ctx.render(ctx.template.texts) {
            switch position {
            case .before:
                ctx.updateTool(server: target.server) { s in
                    if let i = s.tools.firstIndex(where: { $0.name == target.tool }) { s.tools[i].description += " " + text }
                }
            case .after:
                var planted = target
                planted.outcome = plant(text, in: target.outcome)
                ctx.trajectory.steps[anchor] = .call(planted)
            }
        }
        ctx.connect(server)
        let anchorNow = ctx.trajectory.steps.firstIndex { step in
            if case .call(let c) = step { c.server == target.server && c.tool == target.tool && c.arguments == target.arguments } else { false }
        }!
        ctx.trajectory.steps.insert(.call(injected), at: position == .before ? anchorNow : anchorNow + 1)
        return true
    }

    /// Adds an instruction to a result: as a `notice` field of structured content, or appended text.
    static func plant(_ text: String, in outcome: CallOutcome) -> CallOutcome {
        switch outcome {
        case .result(_, .some(.object(var o)), let isError):
            o["notice"] = .string(text)
            let structured = JSON.object(o)
            return .result(text: structured.canonical, structured: structured, isError: isError)
        case .result(let t, _, let isError):
            return .result(text: t + "\n\n" + text, structured: nil, isError: isError)
        default:
            return outcome
        }
    }
}

enum FunctionDependencyInjection: Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool { !task.needsAdmin(seeds) }
    static func apply(_ ctx: inout AttackContext) throws -> Bool { try InjectedCall.apply(&ctx, position: .before) }
}

enum FunctionInjection: Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool { !task.needsAdmin(seeds) }
    static func apply(_ ctx: inout AttackContext) throws -> Bool { try InjectedCall.apply(&ctx, position: .after) }
}
