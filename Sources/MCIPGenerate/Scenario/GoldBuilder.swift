import MCIPModel

/// Builds the safe (gold) trajectory of a scenario: the user's request, a `tools/list` from
/// each server in the session, every call the task needs with its result, and the answer.
public struct GoldBuilder: Sendable {
    public let seeds: Seeds

    public init(seeds: Seeds) { self.seeds = seeds }

    public struct Gold: Sendable {
        public var title: String
        public var trajectory: Trajectory
        public var policy: Policy
    }

    public func build(_ scenario: Scenario) throws -> Gold {
        let task = scenario.task
        var steps: [Step] = [.user(try task.phrasings[scenario.phrasing].render(scenario.values))]
        for server in scenario.servers { steps.append(.listTools(server: server.name)) }
        var intended: [IntendedCall] = []
        let tools = seeds.plan(task).callTools
        for (call, tool) in zip(task.calls, tools) {
            let arguments = try renderArguments(call, values: scenario.values)
            steps.append(.call(try makeCall(tool, server: call.server, arguments: arguments, values: scenario.values)))
            intended.append(IntendedCall(server: call.server, tool: call.tool, arguments: arguments))
        }
        steps.append(.answer(try task.answers[scenario.answer].render(scenario.values)))
        let trajectory = Trajectory(servers: scenario.servers.map(\.definition), steps: steps)
        let policy = Policy(identity: scenario.identity, intendedCalls: intended, dependencies: scenario.dependencies)
        return Gold(title: try task.title.render(scenario.values), trajectory: trajectory, policy: policy)
    }

    public func renderArguments(_ call: SeedCall, values: [String: JSON]) throws -> [String: JSON] {
        var arguments = [String: JSON](minimumCapacity: call.arguments.count)
        for (name, template) in call.arguments { arguments[name] = try template.render(values) }
        return arguments
    }

    /// A call with the result the tool gives for these arguments. The result is rendered from
    /// the arguments actually sent, so a call with wrong values gets a result that follows them.
    public func makeCall(server: String, tool name: String, arguments: [String: JSON], values: [String: JSON]) throws -> ToolCall {
        guard let tool = seeds.tool(server: server, name: name) else {
            preconditionFailure("unknown tool \(server).\(name); the loader checks references")
        }
        return try makeCall(tool, server: server, arguments: arguments, values: values)
    }

    /// `makeCall(server:tool:arguments:values:)` for a tool already looked up.
    func makeCall(_ tool: SeedTool, server: String, arguments: [String: JSON], values: [String: JSON]) throws -> ToolCall {
        let rendered = try tool.result.render(LayeredValues(arguments, over: values))
        return ToolCall(server: server, tool: tool.name, arguments: arguments, outcome: GoldBuilder.outcome(for: rendered))
    }

    /// A string result is sent as text; an object also as `structuredContent`.
    public static func outcome(for rendered: JSON) -> CallOutcome {
        switch rendered {
        case .string(let s): .result(text: s, structured: nil, isError: false)
        case .object: .result(text: rendered.canonical, structured: rendered, isError: false)
        default: .result(text: rendered.canonical, structured: nil, isError: false)
        }
    }
}
