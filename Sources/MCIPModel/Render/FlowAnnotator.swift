/// Annotates events as MCI flows. It reads only what is on the wire and the host's tool
/// classification, never how a trajectory was made, so gold and attacked trajectories (and
/// recorded logs) are annotated by the same rules.
public struct FlowAnnotator: Sendable {
    public var subject: String
    public var servers: [ServerDefinition]

    public init(subject: String, servers: [ServerDefinition]) {
        self.subject = subject
        self.servers = servers
    }

    public func flows(for events: [Event]) -> [Flow] {
        var requestNames: [String: String] = [:]  // "server#id" -> tool name
        return events.enumerated().map { offset, event in
            let (type, principle, about) = classify(event, &requestNames)
            return Flow(
                step: offset + 1, sender: event.from.description, recipient: event.to.description, subject: about,
                infoType: type, principle: principle)
        }
    }

    private func tool(_ server: String, _ name: String) -> ToolDefinition? {
        servers.first { $0.name == server }?.tool(named: name)
    }

    private func classify(_ event: Event, _ names: inout [String: String]) -> (String, String, String) {
        switch event.payload {
        case .text:
            if event.from == .user { return ("user query", "consent (the user states the request)", subject) }
            return ("response", "transparency (reports the outcome to the user)", subject)
        case .message(let message):
            let server: String
            switch (event.from, event.to) {
            case (.server(let s), _), (_, .server(let s)): server = s
            default: server = "?"
            }
            switch message {
            case .listToolsRequest:
                return ("function list request", "necessity (discovers the server's functions)", "server \(server)")
            case .listToolsResult(_, let tools):
                return ("function list (\(tools.count) tools)", "transparency (the server declares its functions)", "server \(server)")
            case .callToolRequest(let id, let name, let arguments):
                names["\(server)#\(id)"] = name
                let args = arguments.keys.sorted().joined(separator: ", ")
                let type = "function request: \(name)" + (args.isEmpty ? "" : " (\(args))")
                return (type, requestPrinciple(tool(server, name)), subject)
            case .callToolResult(let id, _, _, let isError):
                let name = names["\(server)#\(id)"] ?? "?"
                if isError { return ("function error: \(name)", "transparency (reports a failed call)", subject) }
                return ("function return: \(name)", "service provision (returns the result of the call)", subject)
            case .errorResponse(let id, let code, _):
                let name = names["\(server)#\(id)"] ?? "?"
                return ("protocol error \(code): \(name)", "transparency (reports a failed call)", subject)
            case .other(let json):
                let method = json["method"]?.stringValue ?? (json["result"] != nil ? "result" : "message")
                return ("protocol message: \(method)", "necessity (protocol housekeeping)", "session")
            }
        }
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
