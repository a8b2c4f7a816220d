/// The eleven MCIP classes. Their label strings, letters and option names are a compatibility
/// contract with the paper's evaluation code, which matches them literally (including the
/// paper's spelling `ignore_prupose_prompt_injection`), so they live in code; the taxonomy file
/// must agree with them.
public enum MCIPClass: String, CaseIterable, Sendable, Comparable {
    case appropriate
    case functionOverlapping = "function_overlapping"
    case excessivePrivileges = "excessive_privileges"
    case functionDependencyInjection = "function_dependency_injection"
    case functionInjection = "function_injection"
    case causalDependencyInjection = "causal_dependency_injection"
    case wrongFunctionIntent = "wrong_function_intent"
    case wrongArgumentsIntent = "wrong_arguments_intent"
    case dataInjection = "data_injection"
    case identityInjection = "identity_injection"
    case replayInjection = "replay_injection"

    /// Position in the paper's label table (0 = safe).
    public var index: Int { MCIPClass.allCases.firstIndex(of: self)! }

    public var id: String { rawValue }

    public var isSafe: Bool { self == .appropriate }

    /// The dataset label string of the paper's released data.
    public var paperLabel: String {
        switch self {
        case .appropriate: "true"
        case .functionOverlapping: "function_overlapping"
        case .excessivePrivileges: "excessive_privileges"
        case .functionDependencyInjection: "function_dependency_injection"
        case .functionInjection: "function_injection"
        case .causalDependencyInjection: "causal_dependency_injection"
        case .wrongFunctionIntent: "ignore_prupose_prompt_injection"
        case .wrongArgumentsIntent: "wrong_parameter_prompt_injection"
        case .dataInjection: "data_injection"
        case .identityInjection: "identity_injection"
        case .replayInjection: "replay_function"
        }
    }

    public var letter: String { String(UnicodeScalar(UInt8(ascii: "A") + UInt8(index))) }

    public var optionName: String {
        switch self {
        case .appropriate: "Appropriate"
        case .functionOverlapping: "Function Overlapping"
        case .excessivePrivileges: "Excessive Privileges Overlapping"
        case .functionDependencyInjection: "Function Dependency Injection"
        case .functionInjection: "Function Injection"
        case .causalDependencyInjection: "Causal Dependency Injection"
        case .wrongFunctionIntent: "Wrong Function Intent Injection"
        case .wrongArgumentsIntent: "Wrong Arguments Intent Injection"
        case .dataInjection: "Data Injection"
        case .identityInjection: "Identity Injection"
        case .replayInjection: "Replay Injection"
        }
    }

    /// `<letter>. <option name>`, the string the paper's parser looks for.
    public var option: String { "\(letter). \(optionName)" }

    public init?(paperLabel: String) {
        guard let found = MCIPClass.allCases.first(where: { $0.paperLabel == paperLabel }) else { return nil }
        self = found
    }

    public init?(letter: String) {
        guard let found = MCIPClass.allCases.first(where: { $0.letter == letter }) else { return nil }
        self = found
    }

    public static func < (a: MCIPClass, b: MCIPClass) -> Bool { a.index < b.index }
}
