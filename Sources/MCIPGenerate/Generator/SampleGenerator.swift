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

    /// The sample together with the gold trajectory it was made from (for inspection and tests).
    public func build(seed: Int, category: MCIPClass, index: Int) throws -> (sample: Sample, gold: GoldBuilder.Gold, scenario: Scenario) {
        let templates = inputs.templates(for: category)
        guard !templates.isEmpty else { throw GenerationError(category: category, index: index, reason: "no templates") }
        var pick = RNG("\(seed)", category.id, "\(index)", "template")
        let template = templates[pick.pickWeighted(templates.map(\.weight))]
        let eligible = inputs.eligible[template.id] ?? []
        let attack = Attacks.attack(for: category)
        let tasks = inputs.seeds.tasks

        for attempt in 0..<Self.attempts {
            // The first attempt draws from the stream shared by every category, so sample i of
            // each class is built on the same request when it can host the attack: minimal pairs.
            var rng: RNG
            let task: SeedTask
            if attempt == 0 {
                rng = RNG("\(seed)", "scenario", "\(index)")
                let i = rng.int(below: tasks.count)
                guard eligible.contains(i) else { continue }
                task = tasks[i]
            } else {
                rng = RNG("\(seed)", category.id, "\(index)", "scenario", "\(attempt)")
                task = tasks[rng.pick(eligible)]
            }
            let scenario = scenarios.draw(task: task, rng: &rng)
            let built = try gold.build(scenario)
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
                id: SampleID.make(seed: seed, category: category, index: index), category: category, group: scenario.group, title: built.title,
                trajectory: ctx.trajectory, policy: ctx.policy, rationale: rationale, provenance: provenance)
            return (sample, built, scenario)
        }
        throw GenerationError(
            category: category, index: index, reason: "template '\(template.id)' found no hosting scenario in \(Self.attempts) draws")
    }
}
