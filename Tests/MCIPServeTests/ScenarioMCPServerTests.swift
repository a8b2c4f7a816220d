import MCIPModel
import MCP
import Testing

@testable import MCIPServe

/// The swift-sdk wiring, end to end in one process: the SDK's own client talks to the scenario
/// server over an in-memory transport.
struct ScenarioMCPServerTests {
    let scenarios: Scenarios

    init() throws { scenarios = try sharedScenarios.get() }

    /// A connected client and the initialize result it got.
    func connect(_ scenario: ScenarioServer, log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> (Client, Initialize.Result) {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = await ScenarioMCPServer.make(scenario, log: log)
        try await server.start(transport: serverSide)
        let client = Client(name: "mcip-tests", version: "1")
        let initialized = try await client.connect(transport: clientSide)
        return (client, initialized)
    }

    @Test func initializeListAndCallOverTheSDK() async throws {
        let sample = try scenarios.first(template: "function_injection/planted_instruction")
        let injected = try #require(sample.unrequestedCalls.first)
        let calls = sample.trajectory.calls
        let anchor = calls[try #require(calls.firstIndex(of: injected)) - 1]
        let scenario = try ScenarioServer(sample: sample, server: anchor.server)
        let (client, initialized) = try await connect(scenario)

        #expect(initialized.serverInfo.name == anchor.server)
        #expect(initialized.serverInfo.title == scenario.definition.title)
        #expect(initialized.serverInfo.version == sample.provenance.generator)

        let listed = try await client.listTools().tools
        #expect(listed.map(\.name) == scenario.tools.map(\.name))
        #expect(listed.map(\.description) == scenario.tools.map(\.description))
        #expect(listed.allSatisfy { $0.description != nil })

        let result = try await client.send(CallTool.request(.init(name: anchor.tool, arguments: anchor.arguments.mapValues(Value.init)))).value
        guard case .result(let text, let structured, let isError) = anchor.outcome else {
            Issue.record("the anchor call has no result")
            return
        }
        #expect(result.content == [.text(text: text, annotations: nil, _meta: nil)])
        #expect(result.structuredContent.map { JSON($0) } == structured)
        #expect(result.isError == isError)
        if case .text(let served, _, _) = result.content.first { #expect(served.contains(injected.tool)) }

        let again = try await client.callTool(name: anchor.tool, arguments: anchor.arguments.mapValues(Value.init))
        #expect(again.isError == true, "the recorded call was answered once already")
        await client.disconnect()
    }

    @Test func unknownToolIsAJSONRPCError() async throws {
        let sample = try scenarios.first(where: { !$0.trajectory.calls.isEmpty }, "a sample with calls")
        let (client, _) = try await connect(try ScenarioServer(sample: sample))
        await #expect(throws: MCPError.self) { _ = try await client.callTool(name: "no_such_tool", arguments: [:]) }
        await client.disconnect()
    }

    @Test func recordedSilenceLeavesTheRequestOpenUntilCancelled() async throws {
        let sample = try scenarios.first(
            where: { $0.trajectory.calls.contains { $0.outcome == .noResponse } }, "a call the server never answered")
        let silent = try #require(sample.trajectory.calls.first { $0.outcome == .noResponse })
        let (lines, sink) = AsyncStream.makeStream(of: String.self)
        let (client, _) = try await connect(try ScenarioServer(sample: sample, server: silent.server)) { sink.yield($0) }
        let pending = try await client.send(CallTool.request(.init(name: silent.tool, arguments: silent.arguments.mapValues(Value.init))))
        var iterator = lines.makeAsyncIterator()
        let logged = await iterator.next()
        #expect(logged?.contains("no response (the request stays open)") == true)
        // The server keeps answering other requests meanwhile.
        let other = try await client.callTool(name: silent.tool, arguments: ["mcip_unrecorded_argument": true])
        #expect(other.isError == true)
        try await client.cancelRequest(pending.requestID, reason: "test")
        await #expect(throws: CancellationError.self) { _ = try await pending.value }
        await client.disconnect()
    }

    @Test func recordedSilenceNeverProducesAResult() async throws {
        let silence = Task { try await ScenarioMCPServer.reply(.noResponse) }
        silence.cancel()
        await #expect(throws: CancellationError.self) { _ = try await silence.value }
    }

    @Test func recordedErrorIsThrownWithItsCode() async throws {
        do {
            _ = try await ScenarioMCPServer.reply(.error(code: -32001, message: "upstream timeout"))
            Issue.record("a recorded error was answered as a result")
        } catch let error as MCPError {
            #expect(error.code == -32001)
            #expect(error.errorDescription?.contains("upstream timeout") == true)
        }
    }
}
