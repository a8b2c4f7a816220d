/// Annotates events as MCI flows. It reads only what is on the wire and the host's tool
/// classification, never how a trajectory was made, so gold and attacked trajectories (and
/// recorded logs) are annotated by the same rules. Messages are read in their JSON form, so
/// every MCP message kind gets a flow, whatever its id type; how each kind reads is in
/// `ProtocolFlows.swift` and docs/TRACE.md.
public struct FlowAnnotator: Sendable {
    public var subject: String
    public var servers: [ServerDefinition]

    public init(subject: String, servers: [ServerDefinition]) {
        self.subject = subject
        self.servers = servers
    }

    public func flows(for events: [Event]) -> [Flow] {
        var open = OpenRequests()
        return events.enumerated().map { offset, event in
            let reading = read(event, &open)
            let about: String
            switch reading.about {
            case .subject: about = subject
            case .server: about = "server \(serverName(event))"
            case .session: about = "session"
            }
            return Flow(
                step: offset + 1, sender: event.from.description, recipient: event.to.description, subject: about,
                infoType: reading.type, principle: reading.principle)
        }
    }

    /// The server a message travels to or from.
    private func serverName(_ event: Event) -> String {
        switch (event.from, event.to) {
        case (.server(let s), _), (_, .server(let s)): s
        default: "?"
        }
    }

    private func read(_ event: Event, _ open: inout OpenRequests) -> Reading {
        let message: JSON
        switch event.payload {
        case .text:
            if event.from == .user { return Reading("user query", "consent (the user states the request)", .subject) }
            return Reading("response", "transparency (reports the outcome to the user)", .subject)
        case .message(.listToolsResult(let id, let tools)):
            // Read without building the message's JSON: it holds every tool definition.
            guard let request = open.answer(from: event.from, to: event.to, id: .int(id)) else {
                return Reading("response to no open request (id \(id))", "unverified (answers no request in the log)", .session)
            }
            if request.method == "tools/list" { return Reading.toolList(count: tools.count) }
            return Reading.result(request, MCPMessage.listToolsResult(id: id, tools: tools).json["result"] ?? [:])
        // The kinds every generated session is made of read without building their JSON,
        // exactly as the general reading below reads them.
        case .message(.listToolsRequest(let id)):
            open.insert(from: event.from, to: event.to, id: .int(id), OpenRequests.Request(method: "tools/list", params: nil))
            return Reading.request("tools/list", nil)
        case .message(.callToolRequest(let id, let name, let arguments)):
            let params: JSON = ["arguments": .object(arguments), "name": .string(name)]
            open.insert(from: event.from, to: event.to, id: .int(id), OpenRequests.Request(method: "tools/call", params: params))
            return callRequest(server: serverName(event), params)
        case .message(.callToolResult(let id, let text, let structured, let isError)):
            guard let request = open.answer(from: event.from, to: event.to, id: .int(id)) else {
                return Reading("response to no open request (id \(id))", "unverified (answers no request in the log)", .session)
            }
            // A tools/call result reads by `isError` alone.
            if request.method == "tools/call" { return Reading.result(request, ["isError": .bool(isError)]) }
            let message = MCPMessage.callToolResult(id: id, text: text, structured: structured, isError: isError)
            return Reading.result(request, message.json["result"] ?? [:])
        case .message(let m):
            message = m.json
        }
        let params = message["params"]
        switch JSONRPCKind.of(message) {
        case .failure(let invalid):
            return Reading("unreadable message (\(invalid.reason))", Reading.unclassified, .session)
        case .success(.request(let id, let method)):
            open.insert(from: event.from, to: event.to, id: id, OpenRequests.Request(method: method, params: params))
            if method == "tools/call" { return callRequest(server: serverName(event), params) }
            return Reading.request(method, params)
        case .success(.notification(let method)):
            let cancelled = params?["requestId"].flatMap { open.find(from: event.from, to: event.to, id: $0) }
            return Reading.notification(method, params, cancelled: cancelled)
        case .success(.result(let id)):
            guard let request = open.answer(from: event.from, to: event.to, id: id) else {
                return Reading("response to no open request (id \(id.canonical))", "unverified (answers no request in the log)", .session)
            }
            return Reading.result(request, message["result"] ?? [:])
        case .success(.error(let id, let code)):
            guard let id, let request = open.answer(from: event.from, to: event.to, id: id) else {
                return Reading("protocol error \(code)", "transparency (reports a failed request)", .session)
            }
            if request.method == "tools/call" {
                return Reading("protocol error \(code): \(request.name)", "transparency (reports a failed call)", .subject)
            }
            return Reading("protocol error \(code): \(request.name)", "transparency (reports a failed request)", .session)
        }
    }

    private func callRequest(server: String, _ params: JSON?) -> Reading {
        let name = params?["name"]?.stringValue ?? "?"
        let tool = servers.first { $0.name == server }?.tool(named: name)
        return Reading("function request: \(name)" + Reading.argumentNames(params?["arguments"]), requestPrinciple(tool), .subject)
    }

    private func requestPrinciple(_ tool: ToolDefinition?) -> String {
        guard let tool else { return "necessity (calls a function the server did not list)" }
        switch tool.privilege {
        case .admin: return "verified identity (administrative function)"
        case .write:
            return tool.annotations.destructiveHint == true
                ? "explicit consent (destructive state change)" : "explicit consent (changes state)"
        case .read: return "necessity (reads what the request needs)"
        }
    }
}
