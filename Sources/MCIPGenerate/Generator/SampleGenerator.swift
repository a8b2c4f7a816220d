import MCIPModel

/// A sample that could not be made: which one and why. It points at seeds or templates that
/// cannot host the category, so it stops the run rather than being skipped.
public struct GenerationError: Error, Sendable, CustomStringConvertible {
    public var category: MCIPClass
    public var index: Int
    public var reason: String
    public var description: String { "cannot generate \(category.id) sample \(index): \(reason)" }
}

/// Makes sample `index` of `category` for `seed`. A pure function of those three and the
/// inputs: every random choice comes from streams keyed by them, so samples can be made in
/// any order, on any thread, and again after a restart, with the same bytes.
public struct SampleGenerator: Sendable {
    public let inputs: GeneratorInputs
    let scenarios: ScenarioBuilder
    let gold: GoldBuilder
    let synthesizer: CallSynthesizer
    static let attempts = 16

    public init(inputs: GeneratorInputs) {
        self.inputs = inputs
        scenarios = ScenarioBuilder(seeds: inputs.seeds)
        gold = GoldBuilder(seeds: inputs.seeds)
        synthesizer = CallSynthesizer(seeds: inputs.seeds)
    }

    public func sample(seed: Int, category: MCIPClass, index: Int) throws -> Sample {
        try build(seed: seed, category: category, index: index).sample
    }

    /// The request sample `index` of every class is first tried on: a task, its scenario and
    /// gold trajectory, drawn from a stream that does not name the class. Classes made at the
    /// same index share it (made once, on first use) instead of drawing it again.
    public struct SharedRequest: Sendable {
        let taskIndex: Int
        let scenario: Scenario
        let gold: GoldBuilder.Gold
        /// `scenario.group`, hashed once for all the classes.
        let group: String
    }

    /// The task of the shared request, drawn first from its stream.
    func firstTask(seed: Int, index: Int) -> Int {
        var rng = RNG("\(seed)", "scenario", "\(index)")
        return rng.int(below: inputs.seeds.tasks.count)
    }

    func sharedRequest(seed: Int, index: Int) throws -> SharedRequest {
        var rng = RNG("\(seed)", "scenario", "\(index)")
        let i = rng.int(below: inputs.seeds.tasks.count)
        let scenario = scenarios.draw(task: inputs.seeds.tasks[i], rng: &rng)
        return SharedRequest(taskIndex: i, scenario: scenario, gold: try gold.build(scenario), group: scenario.group)
    }

    /// The sample together with the gold trajectory it was made from (for inspection and tests).
    public func build(seed: Int, category: MCIPClass, index: Int) throws -> (sample: Sample, gold: GoldBuilder.Gold, scenario: Scenario) {
        var shared: SharedRequest?
        return try build(seed: seed, category: category, index: index, shared: &shared)
    }

    /// As `build(seed:category:index:)`, reusing (or filling in) the request the classes at
    /// this index share.
    public func build(
        seed: Int, category: MCIPClass, index: Int, shared: inout SharedRequest?
    ) throws -> (sample: Sample, gold: GoldBuilder.Gold, scenario: Scenario) {
        let templates = inputs.templates(for: category)
        guard !templates.isEmpty else { throw GenerationError(category: category, index: index, reason: "no templates") }
        var pick = RNG("\(seed)", category.id, "\(index)", "template")
        let template = templates[pick.pickWeighted(templates.map(\.weight))]
        let eligible = inputs.eligible[template.id] ?? []
        let eligibleTask = inputs.eligibleTask[template.id] ?? []
        let attack = Attacks.attack(for: category)
        let tasks = inputs.seeds.tasks

        for attempt in 0..<Self.attempts {
            // The first attempt draws from the stream shared by every category, so sample i of
            // each class is built on the same request when it can host the attack: minimal pairs.
            let task: SeedTask
            let scenario: Scenario
            let built: GoldBuilder.Gold
            let group: String
            if attempt == 0 {
                let i = shared?.taskIndex ?? firstTask(seed: seed, index: index)
                guard eligibleTask[i] else { continue }
                let request = try shared ?? sharedRequest(seed: seed, index: index)
                shared = request
                (task, scenario, built, group) = (tasks[i], request.scenario, request.gold, request.group)
            } else {
                var rng = RNG("\(seed)", category.id, "\(index)", "scenario", "\(attempt)")
                task = tasks[rng.pick(eligible)]
                scenario = scenarios.draw(task: task, rng: &rng)
                built = try gold.build(scenario)
                group = scenario.group
            }
            var ctx = AttackContext(
                seeds: inputs.seeds, scenario: scenario, gold: built, template: template, synthesizer: synthesizer,
                rng: RNG("\(seed)", category.id, "\(index)", "attack", "\(attempt)"))
            guard try attack.apply(&ctx) else { continue }
            let rationale = try ctx.render(template.rationales) ?? ""
            let hardNegative = category == .appropriate && template.hardNegative != .none ? template.hardNegative.rawValue : nil
            let provenance = Provenance(
                seed: seed, index: index, template: template.id, task: task.id, cause: template.cause.rawValue,
                hardNegative: hardNegative, taxonomyVersion: inputs.taxonomy.version)
            let sample = Sample(
                id: SampleID.make(seed: seed, category: category, index: index), category: category, group: group, title: built.title,
                trajectory: ctx.trajectory, policy: ctx.policy, rationale: rationale, provenance: provenance)
            return (sample, built, scenario)
        }
        throw GenerationError(
            category: category, index: index, reason: "template '\(template.id)' found no hosting scenario in \(Self.attempts) draws")
    }
}
