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
    /// Tasks drawn for a fallback request before picking among the eligible ones directly; a
    /// template accepting a fifth of the tasks misses them all with odds 0.8^64 ≈ 10⁻⁶.
    static let fallbackDraws = 64

    public init(inputs: GeneratorInputs) {
        self.inputs = inputs
        scenarios = ScenarioBuilder(seeds: inputs.seeds)
        gold = GoldBuilder(seeds: inputs.seeds)
        synthesizer = CallSynthesizer(seeds: inputs.seeds)
    }

    public func sample(seed: Int, category: MCIPClass, index: Int) throws -> Sample {
        try build(seed: seed, category: category, index: index).sample
    }

    /// A request a sample is tried on: a task, its scenario and gold trajectory.
    public struct SharedRequest: Sendable {
        let taskIndex: Int
        let scenario: Scenario
        let gold: GoldBuilder.Gold
        /// `scenario.group`, hashed once for all the classes.
        let group: String
        /// The template slots that describe the scenario, made once for all the classes.
        let slots: [String: JSON]

        init(taskIndex: Int, scenario: Scenario, gold: GoldBuilder.Gold) {
            self.taskIndex = taskIndex
            self.scenario = scenario
            self.gold = gold
            group = scenario.group
            slots = scenario.genericSlots(title: gold.title)
        }
    }

    /// The requests the classes made at one index share, each made once, on first use. Every
    /// class is first tried on the same request; a class that cannot host it falls back on
    /// requests drawn by streams that name no class, so the classes that fall back share those
    /// too. Each is a pure function of the seed, the index and what it was drawn for: sharing
    /// only saves making it again.
    public struct SharedRequests: Sendable {
        var first: SharedRequest?
        var fallbacks: [(attempt: Int, task: Int, request: SharedRequest)] = []
        public init() {}
    }

    /// The task of the first request, drawn first from its stream.
    func firstTask(seed: Int, index: Int) -> Int {
        var rng = RNG(seed, "scenario", index)
        return rng.int(below: inputs.seeds.tasks.count)
    }

    func firstRequest(seed: Int, index: Int) throws -> SharedRequest {
        var rng = RNG(seed, "scenario", index)
        let i = rng.int(below: inputs.seeds.tasks.count)
        let scenario = scenarios.draw(task: inputs.seeds.tasks[i], rng: &rng)
        return SharedRequest(taskIndex: i, scenario: scenario, gold: try gold.build(scenario))
    }

    /// Attempt `attempt`'s fallback task for a class whose template accepts the tasks
    /// `eligible` (`accepts[i]` says whether it accepts task i): the first that the template
    /// accepts in a sequence of tasks drawn uniformly from all of them by a stream that names no
    /// class. That is uniform over the class's own tasks, and two classes take the same task
    /// whenever the first that either accepts is accepted by both: classes accepting the same
    /// tasks always do, and a class accepting a subset of another's tasks does at odds
    /// |subset| / |set|.
    static func fallbackTask(seed: Int, index: Int, attempt: Int, eligible: [Int], accepts: [Bool]) -> Int {
        var pick = RNG(seed, "fallback", index, attempt)
        for _ in 0..<fallbackDraws {
            let t = pick.int(below: accepts.count)
            if accepts[t] { return t }
        }
        // After that many misses, a uniform pick among the class's own tasks: still uniform.
        return eligible[pick.int(below: eligible.count)]
    }

    /// Attempt `attempt`'s request on the fallback task, drawn for the scenario by a stream
    /// named by the task, so every class that takes the task gets the same request.
    func fallbackRequest(
        seed: Int, index: Int, attempt: Int, eligible: [Int], accepts: [Bool], shared: inout SharedRequests
    ) throws -> SharedRequest {
        let i = Self.fallbackTask(seed: seed, index: index, attempt: attempt, eligible: eligible, accepts: accepts)
        if let made = shared.fallbacks.first(where: { $0.attempt == attempt && $0.task == i }) { return made.request }
        var rng = RNG(seed, "scenario", index, "fallback", attempt, i)
        let scenario = scenarios.draw(task: inputs.seeds.tasks[i], rng: &rng)
        let request = SharedRequest(taskIndex: i, scenario: scenario, gold: try gold.build(scenario))
        shared.fallbacks.append((attempt, i, request))
        return request
    }

    /// The sample together with the gold trajectory it was made from (for inspection and tests).
    public func build(seed: Int, category: MCIPClass, index: Int) throws -> (sample: Sample, gold: GoldBuilder.Gold, scenario: Scenario) {
        var shared = SharedRequests()
        return try build(seed: seed, category: category, index: index, shared: &shared)
    }

    /// As `build(seed:category:index:)`, reusing (or filling in) the requests the classes at
    /// this index share.
    public func build(
        seed: Int, category: MCIPClass, index: Int, shared: inout SharedRequests
    ) throws -> (sample: Sample, gold: GoldBuilder.Gold, scenario: Scenario) {
        let templates = inputs.templates(for: category)
        guard !templates.isEmpty else { throw GenerationError(category: category, index: index, reason: "no templates") }
        var pick = RNG(seed, category.id, index, "template")
        let template = templates[pick.pickWeighted(templates.map(\.weight))]
        let eligible = inputs.eligible[template.id] ?? []
        let eligibleTask = inputs.eligibleTask[template.id] ?? []
        let attack = Attacks.attack(for: category)

        for attempt in 0..<Self.attempts {
            // The first attempt uses the request shared by every category, so sample i of each
            // class is built on the same request when it can host the attack: minimal pairs.
            let request: SharedRequest
            if attempt == 0 {
                let i = shared.first?.taskIndex ?? firstTask(seed: seed, index: index)
                guard eligibleTask[i] else { continue }
                if shared.first == nil { shared.first = try firstRequest(seed: seed, index: index) }
                request = shared.first!
            } else {
                request = try fallbackRequest(
                    seed: seed, index: index, attempt: attempt, eligible: eligible, accepts: eligibleTask, shared: &shared)
            }
            let task = inputs.seeds.tasks[request.taskIndex]
            let (scenario, built, group) = (request.scenario, request.gold, request.group)
            var ctx = AttackContext(
                seeds: inputs.seeds, scenario: scenario, gold: built, slots: request.slots, template: template, synthesizer: synthesizer,
                rng: RNG(seed, category.id, index, "attack", attempt))
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
