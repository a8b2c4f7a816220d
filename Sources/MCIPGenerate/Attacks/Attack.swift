import MCIPModel

/// An attack (or, for `appropriate`, a safe variant): which tasks it can use and how it turns
/// a gold trajectory into its category's trajectory. `apply` returns false when the scenario
/// cannot host it, and the generator draws another.
protocol Attack {
    static func isEligible(_ task: SeedTask, _ template: AttackTemplate, _ seeds: Seeds) -> Bool
    static func apply(_ ctx: inout AttackContext) throws -> Bool
}

enum Attacks {
    static func attack(for category: MCIPClass) -> any Attack.Type {
        switch category {
        case .appropriate: SafeVariant.self
        case .functionOverlapping: FunctionOverlapping.self
        case .excessivePrivileges: ExcessivePrivileges.self
        case .functionDependencyInjection: FunctionDependencyInjection.self
        case .functionInjection: FunctionInjection.self
        case .causalDependencyInjection: CausalDependencyInjection.self
        case .wrongFunctionIntent: WrongFunctionIntent.self
        case .wrongArgumentsIntent: WrongArgumentsIntent.self
        case .dataInjection: DataInjection.self
        case .identityInjection: IdentityInjection.self
        case .replayInjection: ReplayInjection.self
        }
    }
}

extension SeedTask {
    func tool(_ i: Int, _ seeds: Seeds) -> SeedTool? { seeds.tool(server: calls[i].server, name: calls[i].tool) }

    /// Index pairs (prerequisite, dependent) of calls linked by a dependency rule.
    func dependencyPairs(_ seeds: Seeds) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        for (j, c) in calls.enumerated() {
            guard let t = tool(j, seeds) else { continue }
            for r in t.requires {
                if let i = calls[..<j].lastIndex(where: { $0.server == c.server && $0.tool == r }) { pairs.append((i, j)) }
            }
        }
        return pairs
    }

    func changesState(_ i: Int, _ seeds: Seeds) -> Bool { tool(i, seeds)?.definition.changesState ?? false }

    func needsAdmin(_ seeds: Seeds) -> Bool {
        calls.indices.contains { tool($0, seeds)?.definition.privilege == .admin }
    }
}
