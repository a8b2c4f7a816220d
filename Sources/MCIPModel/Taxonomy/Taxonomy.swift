/// One row of the taxonomy: a category with its definition (in the project's own words) and
/// the paper's five dimensions.
public struct TaxonomyEntry: Sendable, Equatable {
    public var id: String
    public var label: String
    public var letter: String?
    public var optionName: String?
    public var definition: String
    public var phase: String
    public var source: String
    public var scope: String
    public var type: String
    public var maestro: [String]
    /// Whether the generator produces samples of this category (the Config and Termination
    /// attacks are described but not generated yet).
    public var generated: Bool

    public init(
        id: String, label: String, letter: String?, optionName: String?, definition: String, phase: String,
        source: String, scope: String, type: String, maestro: [String], generated: Bool
    ) {
        self.id = id
        self.label = label
        self.letter = letter
        self.optionName = optionName
        self.definition = definition
        self.phase = phase
        self.source = source
        self.scope = scope
        self.type = type
        self.maestro = maestro
        self.generated = generated
    }

    /// The dimensions as carried by every sample (`taxonomy` in the native format).
    public var dimensions: JSON {
        [
            "phase": .string(phase), "source": .string(source), "scope": .string(scope), "type": .string(type),
            "maestro": .array(maestro.map { .string($0) }),
        ]
    }
}

/// The loaded taxonomy file.
public struct Taxonomy: Sendable {
    public var version: String
    public var entries: [TaxonomyEntry]

    public init(version: String, entries: [TaxonomyEntry]) {
        self.version = version
        self.entries = entries
    }

    public func entry(for cls: MCIPClass) -> TaxonomyEntry {
        guard let e = entries.first(where: { $0.id == cls.id }) else {
            preconditionFailure("taxonomy lacks \(cls.id); the loader guarantees all eleven")
        }
        return e
    }

    public var json: JSON {
        .object([
            "version": .string(version),
            "categories": .array(
                entries.map { e in
                    var o: [String: JSON] = [
                        "id": .string(e.id), "label": .string(e.label), "definition": .string(e.definition),
                        "generated": .bool(e.generated),
                    ]
                    if let l = e.letter { o["letter"] = .string(l) }
                    if let n = e.optionName { o["option"] = .string("\(e.letter ?? "?"). \(n)") }
                    if case .object(let dims) = e.dimensions { o.merge(dims) { a, _ in a } }
                    return .object(o)
                }),
        ])
    }
}
