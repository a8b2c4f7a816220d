import MCIPModel

/// One MCP server of a stored scenario as a live server presents it: the tools the sample
/// offered in its `tools/list` (poisoned descriptions and lookalike tools included) and the
/// calls the trajectory sent to it, in order, with their recorded outcomes.
///
/// A stdio process is one MCP server, so a scenario with several servers is served by one
/// process per server; `defaultServer` is the one its first call goes to.
public struct ScenarioServer: Sendable {
    public let sampleID: String
    public let definition: ServerDefinition
    /// The `serverInfo` version: the generator version that made the scenario (seed servers
    /// carry no version of their own).
    public let version: String
    /// The calls the trajectory sent to this server, in trajectory order.
    public let recordedCalls: [ToolCall]

    /// The server `name` of `sample`, or its default server when `name` is nil. An unknown
    /// name is an error listing the sample's servers.
    public init(sample: Sample, server name: String? = nil) throws(ServeError) {
        let names = ScenarioServer.serverNames(of: sample)
        guard let chosen = name ?? ScenarioServer.defaultServer(of: sample) else {
            throw ServeError("sample \(sample.id) has no MCP server to serve")
        }
        guard let definition = sample.trajectory.server(named: chosen) else {
            throw ServeError(
                "sample \(sample.id) has no server \"\(chosen)\"; its servers: \(names.joined(separator: ", "))")
        }
        sampleID = sample.id
        self.definition = definition
        version = sample.provenance.generator.isEmpty ? generatorVersion : sample.provenance.generator
        recordedCalls = sample.trajectory.calls.filter { $0.server == chosen }
    }

    /// The sample's servers, in the order the session offered them.
    public static func serverNames(of sample: Sample) -> [String] { sample.trajectory.servers.map(\.name) }

    /// The server the sample's first call goes to; with no calls, the first server whose
    /// tools were listed, else the first server.
    public static func defaultServer(of sample: Sample) -> String? {
        if let first = sample.trajectory.calls.first { return first.server }
        for step in sample.trajectory.steps { if case .listTools(let server) = step { return server } }
        return sample.trajectory.servers.first?.name
    }

    public var name: String { definition.name }

    /// The tools of `tools/list`, exactly as the sample offered them.
    public var tools: [ToolDefinition] { definition.tools }
}
