import MCIPModel
import MCP

/// The MCP server of one scenario server, on the official swift-sdk: `initialize` reports the
/// scenario server's name, title and version, `tools/list` offers its tools as the sample did,
/// and `tools/call` is answered by `CallAnswerer`. This file only wires the SDK to that logic.
public enum ScenarioMCPServer {
    /// A configured, not yet started server; `log` receives one line per call.
    public static func make(_ scenario: ScenarioServer, log: @escaping @Sendable (String) -> Void = { _ in }) async -> Server {
        let server = Server(
            name: scenario.definition.name, version: scenario.version, title: scenario.definition.title,
            capabilities: .init(tools: .init(listChanged: false)))
        let tools = scenario.tools.map(Tool.init)
        let answerer = AnswererBox(CallAnswerer(server: scenario))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { params in
            let arguments = (params.arguments ?? [:]).mapValues { (v: Value) in JSON(v) }
            let answer = await answerer.answer(tool: params.name, arguments: arguments)
            log(answer.logLine)
            return try await reply(answer.outcome)
        }
        return server
    }

    /// The `tools/call` result for a recorded outcome; a recorded JSON-RPC error is thrown as
    /// that error, and a recorded silence suspends until the request is cancelled.
    static func reply(_ outcome: CallOutcome) async throws -> CallTool.Result {
        switch outcome {
        case .result(let text, let structured, let isError):
            return CallTool.Result(
                content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured.map(Value.init), isError: isError)
        case .error(let code, let message):
            throw MCPError(code: code, message: message)
        case .noResponse:
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
    }

    /// Serves `scenario` over `transport` until the client disconnects.
    public static func run(_ scenario: ScenarioServer, transport: any Transport, log: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let server = await make(scenario, log: log)
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
    }
}

/// The answering state shared by concurrently handled requests.
actor AnswererBox {
    private var answerer: CallAnswerer
    init(_ answerer: CallAnswerer) { self.answerer = answerer }
    func answer(tool: String, arguments: [String: JSON]) -> CallAnswer { answerer.answer(tool: tool, arguments: arguments) }
}
