/// The generator's version, recorded in every sample's provenance and the export manifest.
public let generatorVersion = "0.3.0"

/// A sample's id names what made it: `<seed>-<category>-<index>`, so the store finds a
/// sample by id through its (category, seed, index) key.
public enum SampleID {
    public static func make(seed: Int, category: MCIPClass, index: Int) -> String {
        // Written as bytes: every sample gets one, and interpolation costs several times more.
        var w = JSONWriter(capacity: 48)
        w.writeInt(seed)
        w.appendRaw("-")
        w.appendRaw(category.id)
        w.appendRaw("-")
        w.writeInt(index)
        return w.string
    }

    public static func parse(_ id: String) -> (seed: Int, category: MCIPClass, index: Int)? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let seed = Int(parts[0]), let category = MCIPClass(rawValue: String(parts[1])), let index = Int(parts[2]),
            make(seed: seed, category: category, index: index) == id
        else { return nil }
        return (seed, category, index)
    }
}

/// Where a sample came from: enough to regenerate it exactly.
public struct Provenance: Sendable, Hashable {
    public var seed: Int
    public var index: Int
    public var template: String
    public var task: String
    public var cause: String
    /// The kind of safe look-alike, for `appropriate` samples that imitate an attack.
    public var hardNegative: String?
    public var generator: String
    public var taxonomyVersion: String

    public init(
        seed: Int, index: Int, template: String, task: String, cause: String, hardNegative: String?,
        generator: String = generatorVersion, taxonomyVersion: String
    ) {
        self.seed = seed
        self.index = index
        self.template = template
        self.task = task
        self.cause = cause
        self.hardNegative = hardNegative
        self.generator = generator
        self.taxonomyVersion = taxonomyVersion
    }

    public var json: JSON {
        var o: [String: JSON] = [
            "seed": .int(seed), "index": .int(index), "template": .string(template), "task": .string(task),
            "cause": .string(cause), "generator": .string(generator), "taxonomy_version": .string(taxonomyVersion),
        ]
        if let hardNegative { o["hard_negative"] = .string(hardNegative) }
        return .object(o)
    }

    public init?(json: JSON?) {
        guard let json, let seed = json["seed"]?.intValue, let index = json["index"]?.intValue else { return nil }
        self.init(
            seed: seed, index: index, template: json["template"]?.stringValue ?? "", task: json["task"]?.stringValue ?? "",
            cause: json["cause"]?.stringValue ?? "", hardNegative: json["hard_negative"]?.stringValue,
            generator: json["generator"]?.stringValue ?? "", taxonomyVersion: json["taxonomy_version"]?.stringValue ?? "")
    }
}

/// A labelled trajectory with everything needed to check, store and export it.
public struct Sample: Sendable {
    public var id: String
    public var category: MCIPClass
    public var group: String
    public var title: String
    public var trajectory: Trajectory
    public var policy: Policy
    public var rationale: String
    public var provenance: Provenance

    public init(
        id: String, category: MCIPClass, group: String, title: String, trajectory: Trajectory, policy: Policy, rationale: String,
        provenance: Provenance
    ) {
        self.id = id
        self.category = category
        self.group = group
        self.title = title
        self.trajectory = trajectory
        self.policy = policy
        self.rationale = rationale
        self.provenance = provenance
    }

    public var template: String { provenance.template }

    public var events: [Event] { trajectory.events }

    public func flows(for events: [Event]) -> [Flow] {
        FlowAnnotator(subject: policy.identity.name, servers: trajectory.servers).flows(for: events)
    }

    public var body: String { BodyRenderer.render(title: title, trajectory: trajectory, policy: policy) }

    /// The `chat` format's assistant answer: the rationale, then the choice line the paper's
    /// parser reads.
    public var guardAnswer: String { "Rationale: \(rationale)\nChoice: \(category.option)" }
}
