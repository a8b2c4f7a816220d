import MCIPModel

/// The right functions run, but a value the user stated is swapped for another from the same
/// pool everywhere it is used; results and the answer follow the wrong value.
enum WrongArgumentsIntent: Attack {
    /// (slot, argument) pairs: task slots the user states that a call passes as a whole argument.
    static func candidates(_ task: SeedTask, phrasing: Int? = nil) -> [(slot: String, argument: String)] {
        let stated = Set((phrasing.map { [task.phrasings[$0]] } ?? task.phrasings).flatMap(\.slots))
        var out: [(String, String)] = []
        for call in task.calls {
            for name in call.arguments.keys.sorted() {
                if case .text(let t) = call.arguments[name]!, let slot = t.soleSlot, task.slots[slot] != nil, stated.contains(slot),
                    !out.contains(where: { $0.0 == slot })
                {
                    out.append((slot, name))
                }
            }
        }
        return out
    }

    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool {
        !task.needsAdmin(seeds) && candidates(task).contains { (seeds.pools[task.slots[$0.slot]!]?.count ?? 0) > 1 }
    }

    static func apply(_ ctx: inout AttackContext) throws -> Bool {
        let task = ctx.scenario.task
        let options = candidates(task, phrasing: ctx.scenario.phrasing)
        guard !options.isEmpty else { return false }
        let (slot, argument) = ctx.rng.pick(options)
        let original = ctx.scenario.values[slot]!
        let userText = ctx.trajectory.userText
        var wrong: JSON?
        for _ in 0..<8 {
            guard let v = ScenarioBuilder(seeds: ctx.seeds).draw(pool: task.slots[slot]!, avoiding: original, rng: &ctx.rng) else { break }
            if !mentions(userText, v.plainText) {
                wrong = v
                break
            }
        }
        guard let wrong else { return false }
        var values = ctx.scenario.values
        values[slot] = wrong
        var callNumber = 0
        for (i, step) in ctx.trajectory.steps.enumerated() {
            guard case .call(let c) = step else { continue }
            let seedCall = task.calls[callNumber]
            callNumber += 1
            let arguments = try ctx.builder.renderArguments(seedCall, values: values)
            ctx.trajectory.steps[i] = .call(try ctx.builder.makeCall(server: c.server, tool: c.tool, arguments: arguments, values: values))
        }
        ctx.focus(on: ctx.call(at: ctx.trajectory.callIndices[0]))
        ctx.slots["argument"] = .string(argument)
        ctx.slots["stated_value"] = .string(original.plainText)
        ctx.slots["used_value"] = .string(wrong.plainText)
        ctx.setAnswer(try task.answers[ctx.scenario.answer].render(values))
        if ctx.template.cause == .withCause, let text = try ctx.render(ctx.template.texts) { ctx.appendToUserTurn(text) }
        return true
    }

    /// Whether `text` holds `value`, as Foundation's `contains` answers (canonically equivalent
    /// text counts, the empty string is never found): byte by byte when both are printable
    /// ASCII, where the two questions are the same and Foundation's Unicode comparison costs
    /// ~20,000 instructions a call; Foundation's answer otherwise.
    static func mentions(_ text: String, _ value: String) -> Bool {
        var text = text, value = value
        let printable = { (b: UInt8) in b >= 0x20 && b < 0x7F }
        let ascii = text.withUTF8 { t in
            value.withUTF8 { v -> Bool? in
                guard t.allSatisfy(printable), v.allSatisfy(printable) else { return nil }
                guard !v.isEmpty, v.count <= t.count else { return false }
                return (0...(t.count - v.count)).contains { start in (0..<v.count).allSatisfy { t[start + $0] == v[$0] } }
            }
        }
        return ascii ?? text.contains(value)
    }
}
