/// A participant in a session. `client` is the host's MCP client with its model (the paper's
/// CLIENT / Assistant); each connected server is its own endpoint.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
    case user
    case client
    case server(String)

    public var description: String {
        switch self {
        case .user: "user"
        case .client: "client"
        case .server(let name): "server:\(name)"
        }
    }

    public init?(_ text: String) {
        switch text {
        case "user": self = .user
        case "client": self = .client
        default:
            guard text.hasPrefix("server:"), text.count > 7 else { return nil }
            self = .server(String(text.dropFirst(7)))
        }
    }
}

/// One `tools/call` and what came back.
public struct ToolCall: Sendable, Hashable {
    public var server: String
    public var tool: String
    public var arguments: [String: JSON]
    public var outcome: CallOutcome

    public init(server: String, tool: String, arguments: [String: JSON], outcome: CallOutcome) {
        self.server = server
        self.tool = tool
        self.arguments = arguments
        self.outcome = outcome
    }
}

/// The answer to a `tools/call`.
public enum CallOutcome: Sendable, Hashable {
    /// A `CallToolResult` with one text block (and structured content when the tool returns an object).
    case result(text: String, structured: JSON?, isError: Bool)
    /// A JSON-RPC error response.
    case error(code: Int, message: String)
    /// The server never answered.
    case noResponse

    public var text: String? {
        switch self {
        case .result(let text, _, _): text
        case .error(_, let message): message
        case .noResponse: nil
        }
    }
}

/// A step of an interaction, before it is written out as events.
public enum Step: Sendable, Hashable {
    case user(String)
    case listTools(server: String)
    case call(ToolCall)
    case answer(String)
}

/// An interaction in structured form: the servers as they were offered in the session and
/// the ordered steps. Attacks edit this form; `events` turns it into MCP messages.
public struct Trajectory: Sendable, Hashable {
    public var servers: [ServerDefinition]
    public var steps: [Step]

    public init(servers: [ServerDefinition], steps: [Step]) {
        self.servers = servers
        self.steps = steps
    }

    public var calls: [ToolCall] {
        steps.compactMap { if case .call(let c) = $0 { c } else { nil } }
    }

    public var userText: String {
        steps.compactMap { if case .user(let t) = $0 { t } else { nil } }.joined(separator: "\n")
    }

    public var answerText: String? {
        steps.compactMap { if case .answer(let t) = $0 { t } else { nil } }.last
    }

    public func server(named name: String) -> ServerDefinition? { servers.first { $0.name == name } }

    public func tool(server: String, name: String) -> ToolDefinition? { self.server(named: server)?.tool(named: name) }

    /// Indices of the steps that are calls.
    public var callIndices: [Int] {
        steps.indices.filter { if case .call = steps[$0] { true } else { false } }
    }
}
