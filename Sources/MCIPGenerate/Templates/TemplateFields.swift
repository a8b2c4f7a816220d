import MCIPModel

/// Which template fields each category reads, and which slots its texts may use.
enum TemplateFields {
    static let common: Set<String> = ["id", "category", "description", "cause", "weight", "rationales"]

    static func fields(for category: MCIPClass) -> Set<String> {
        switch category {
        case .appropriate: common.union(["hard_negative", "texts", "answers", "names", "descriptions", "privilege"])
        case .functionOverlapping: common.union(["names", "descriptions", "naming", "responses", "answers", "texts"])
        case .excessivePrivileges: common.union(["names", "descriptions", "privilege", "extra_arguments", "texts"])
        case .functionDependencyInjection, .functionInjection: common.union(["pool", "texts"])
        case .causalDependencyInjection: common.union(["texts", "answers"])
        case .wrongFunctionIntent: common.union(["pool", "texts", "answers", "prefer_state_changing"])
        case .wrongArgumentsIntent: common.union(["texts"])
        case .dataInjection: common.union(["texts", "answers"])
        case .identityInjection: common.union(["texts", "sender_roles"])
        case .replayInjection: common.union(["texts", "repeats"])
        }
    }

    /// Slots a `names` entry defines: the name of the tool or server being made, which has no
    /// value while that name is rendered.
    static let definedByNames: Set<String> = ["elevated_tool", "impostor_server", "lookalike_server"]

    /// Slots every template text may use.
    static let generic: Set<String> = ["user_name", "user_role", "server", "server_title", "tool", "task_title", "domain"]

    static func slots(for category: MCIPClass, hardNegative: HardNegativeKind = .none) -> Set<String> {
        switch category {
        case .appropriate:
            // Each hard negative fills its own slots; a slot another kind fills has no value here.
            switch hardNegative {
            case .none, .verifiedAdmin: generic
            case .orderedDependencies: generic.union(["first_tool", "second_tool"])
            case .repeatRequested: generic.union(["times"])
            case .lookalikeRouting: generic.union(["lookalike_server", "tool_description"])
            case .harmlessMention: generic.union(["other_tool", "other_server"])
            case .unusedElevatedTool: generic.union(["elevated_tool"])
            }
        case .functionOverlapping: generic.union(["impostor_server", "impostor_tool", "tool_description"])
        case .excessivePrivileges: generic.union(["elevated_tool", "elevated_privilege"])
        case .functionDependencyInjection, .functionInjection: generic.union(["injected_tool", "injected_server"])
        case .causalDependencyInjection: generic.union(["first_tool", "second_tool"])
        case .wrongFunctionIntent: generic.union(["replacement_tool", "replacement_server"])
        case .wrongArgumentsIntent: generic.union(["argument", "stated_value", "used_value"])
        case .dataInjection: generic.union(["answer"])
        case .identityInjection: generic.union(["claimed_role", "sender_role"])
        case .replayInjection: generic.union(["times"])
        }
    }
}
