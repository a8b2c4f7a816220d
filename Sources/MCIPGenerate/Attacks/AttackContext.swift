import MCIPModel

/// What an attack works from: the scenario, its gold trajectory, the template and its own
/// random stream. Attacks edit a copy of the gold trajectory and policy.
public struct AttackContext {
    public let seeds: Seeds
    public let scenario: Scenario
    public let gold: GoldBuilder.Gold
    public let template: AttackTemplate
    let builder: GoldBuilder
    let synthesizer: CallSynthesizer
    public var rng: RNG

    public var trajectory: Trajectory
    public var policy: Policy
    /// Values for the template's texts and rationales.
    public var slots: [String: JSON]

    /// `slots`: the scenario's generic slots (`Scenario.genericSlots`), which the attack may change.
    init(
        seeds: Seeds, scenario: Scenario, gold: GoldBuilder.Gold, slots: [String: JSON], template: AttackTemplate,
        synthesizer: CallSynthesizer, rng: RNG
    ) {
        self.seeds = seeds
        self.scenario = scenario
        self.gold = gold
        self.template = template
        self.builder = GoldBuilder(seeds: seeds)
        self.synthesizer = synthesizer
        self.rng = rng
        trajectory = gold.trajectory
        policy = gold.policy
        self.slots = slots
    }

    /// Renders one of `templates` (chosen at random) with the current slots.
    mutating func render(_ templates: [SlotTemplate]) throws -> String? {
        guard !templates.isEmpty else { return nil }
        return try rng.pick(templates).render(slots)
    }

    /// Appends text to the user's turn (a claim, an authorisation, an injected instruction).
    mutating func appendToUserTurn(_ text: String) {
        guard let i = trajectory.steps.firstIndex(where: { if case .user = $0 { true } else { false } }),
            case .user(let original) = trajectory.steps[i]
        else { return }
        trajectory.steps[i] = .user(original + " " + text)
    }

    /// Sets the template slots that describe the call at `stepIndex` as "the" tool.
    mutating func focus(on call: ToolCall) {
        slots["tool"] = .string(call.tool)
        slots["server"] = .string(call.server)
        slots["server_title"] = .string(trajectory.server(named: call.server)?.title ?? call.server)
    }

    func call(at stepIndex: Int) -> ToolCall {
        guard case .call(let c) = trajectory.steps[stepIndex] else { preconditionFailure("step \(stepIndex) is not a call") }
        return c
    }

    /// Makes sure `server` is connected: adds it and its `tools/list` if it is not in the session.
    mutating func connect(_ server: SeedServer) {
        connect(server.definition)
    }

    mutating func connect(_ definition: ServerDefinition) {
        guard trajectory.server(named: definition.name) == nil else { return }
        trajectory.servers.append(definition)
        let lastList = trajectory.steps.lastIndex { if case .listTools = $0 { true } else { false } } ?? 0
        trajectory.steps.insert(.listTools(server: definition.name), at: lastList + 1)
        policy.dependencies.append(contentsOf: seeds.server(definition.name)?.dependencyRules ?? [])
    }

    /// Replaces a tool's offered definition (a poisoned description, an added tool).
    mutating func updateTool(server: String, _ change: (inout ServerDefinition) -> Void) {
        guard let i = trajectory.servers.firstIndex(where: { $0.name == server }) else { return }
        change(&trajectory.servers[i])
    }

    mutating func setAnswer(_ text: String?) {
        trajectory.steps.removeAll { if case .answer = $0 { true } else { false } }
        if let text { trajectory.steps.append(.answer(text)) }
    }

    /// Removes every step after `stepIndex` (the dialogue stops there).
    mutating func truncate(after stepIndex: Int) {
        trajectory.steps.removeSubrange((stepIndex + 1)...)
    }

    var intendedKeys: Set<String> { Set(policy.intendedCalls.map { "\($0.server).\($0.tool)" }) }

    /// A seed tool to inject or substitute, from the template's pool: never one the user asked
    /// for, one that covers an intended tool, one whose name could be confused with one, or one
    /// the sender may not use.
    mutating func pickTool(preferStateChanging: Bool = false) -> (SeedServer, SeedTool)? {
        // Every seed tool is checked for every sample, so the checks compare small numbers.
        let intended = policy.intendedCalls.compactMap { seeds.toolPosition(server: $0.server, name: $0.tool) }
        let intendedFolded = policy.intendedCalls.compactMap { seeds.foldedID(ToolNameSimilarity.fold($0.tool)) }
        let domain = seeds.domainID(scenario.task.domain) ?? -1
        let inSession = trajectory.servers.compactMap { seeds.serverPosition($0.name) }
        let privilege = scenario.identity.privilege
        let pool = template.pool
        let candidates = seeds.tools.withUnsafeBufferPointer { tools in
            tools.indices.filter { i in
                if tools[i].privilege > privilege || intendedFolded.contains(tools[i].foldedID) { return false }
                let server = tools[i].server, tool = tools[i].tool
                if intended.contains(where: { $0.server == server && ($0.tool == tool || tools[i].coveredTools.contains($0.tool)) }) {
                    return false
                }
                switch pool {
                case .inDomain: return tools[i].domainID == domain || inSession.contains(server)
                case .offDomain: return tools[i].domainID != domain && !inSession.contains(server)
                case .any: return true
                }
            }
        }
        guard !candidates.isEmpty else { return nil }
        var picked = rng.pick(candidates)
        if preferStateChanging {
            let changing = candidates.filter { seeds.tools[$0].changesState }
            if !changing.isEmpty && rng.chance(0.75) { picked = rng.pick(changing) }
        }
        let ref = seeds.tools[picked]
        let server = seeds.servers[ref.server]
        return (server, server.tools[ref.tool])
    }
}
