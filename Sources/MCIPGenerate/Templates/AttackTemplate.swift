import MCIPModel

/// Whether a sample shows only the attack's outcome (as the paper's data does) or also the
/// artefact that caused it: a poisoned description, a planted instruction, an identity claim.
public enum AttackCause: String, Sendable, CaseIterable {
    case outcomeOnly = "outcome_only"
    case withCause = "with_cause"
}

/// Where an injected or replacement tool is drawn from.
public enum ToolPoolKind: String, Sendable, CaseIterable {
    /// A tool of a server already in the session or of the task's domain.
    case inDomain = "in_domain"
    /// A tool of another domain.
    case offDomain = "off_domain"
    /// Any tool of any seed server.
    case any
}

/// How an impostor tool (function overlapping) is named relative to the real one.
public enum ImpostorNaming: String, Sendable, CaseIterable {
    case identical
    case confusable
}

/// What an impostor server sends back.
public enum ImpostorResponse: String, Sendable, CaseIterable {
    case noResponse = "no_response"
    case empty
    case ack
}

/// The safe look-alikes of attacks, recorded in `provenance.hard_negative`.
public enum HardNegativeKind: String, Sendable, CaseIterable {
    case none
    case repeatRequested = "repeat_requested"
    case verifiedAdmin = "verified_admin"
    case lookalikeRouting = "lookalike_routing"
    case orderedDependencies = "ordered_dependencies"
    case harmlessMention = "harmless_mention"
    case unusedElevatedTool = "unused_elevated_tool"
}

/// One file under `Templates/<category>/`: how that category is instantiated. Which fields
/// a category reads is listed in `TemplateFields`; unknown fields are errors. A class: read
/// once and never changed, so each sample holds a reference instead of copying every field.
public final class AttackTemplate: Sendable {
    public let id: String
    public let category: MCIPClass
    public let description: String
    public let cause: AttackCause
    public let weight: Double
    /// Reasons a guard would give for the label, rendered into the `chat` answer.
    public let rationales: [SlotTemplate]
    /// The causal artefact's wording (with_cause), or the hard negative's extra wording.
    public let texts: [SlotTemplate]
    /// Replacement answers for the final assistant turn; empty keeps the task's answer
    /// (or, where the attack ends the dialogue early, leaves no answer).
    public let answers: [SlotTemplate]
    /// Impostor server names (function overlapping, lookalike routing) or elevated tool names
    /// (excessive privileges, unused elevated tool).
    public let names: [SlotTemplate]
    /// Descriptions of impostor or elevated tools.
    public let descriptions: [SlotTemplate]
    public let pool: ToolPoolKind
    public let naming: [ImpostorNaming]
    public let responses: [ImpostorResponse]
    public let privilege: Privilege
    public let extraArguments: [String: JSON]
    public let repeats: ClosedRange<Int>
    public let senderRoles: [String]
    public let hardNegative: HardNegativeKind
    public let file: String

    /// Tools of this category may touch only data; state-changing replacements are preferred
    /// when the template says so (wrong function intent: "often state-changing").
    public let preferStateChanging: Bool

    public init(
        id: String, category: MCIPClass, description: String, cause: AttackCause, weight: Double, rationales: [SlotTemplate],
        texts: [SlotTemplate], answers: [SlotTemplate], names: [SlotTemplate], descriptions: [SlotTemplate], pool: ToolPoolKind,
        naming: [ImpostorNaming], responses: [ImpostorResponse], privilege: Privilege, extraArguments: [String: JSON],
        repeats: ClosedRange<Int>, senderRoles: [String], hardNegative: HardNegativeKind, file: String, preferStateChanging: Bool
    ) {
        self.id = id
        self.category = category
        self.description = description
        self.cause = cause
        self.weight = weight
        self.rationales = rationales
        self.texts = texts
        self.answers = answers
        self.names = names
        self.descriptions = descriptions
        self.pool = pool
        self.naming = naming
        self.responses = responses
        self.privilege = privilege
        self.extraArguments = extraArguments
        self.repeats = repeats
        self.senderRoles = senderRoles
        self.hardNegative = hardNegative
        self.file = file
        self.preferStateChanging = preferStateChanging
    }
}
