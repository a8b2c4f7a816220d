/// One thing that crossed a boundary: a host-side turn (`text`) or an MCP message (`message`).
public struct Event: Sendable, Hashable {
    public enum Payload: Sendable, Hashable {
        case text(String)
        case message(MCPMessage)
    }

    public var from: Endpoint
    public var to: Endpoint
    public var payload: Payload

    public init(from: Endpoint, to: Endpoint, payload: Payload) {
        self.from = from
        self.to = to
        self.payload = payload
    }

    public var json: JSON {
        var o: [String: JSON] = ["from": .string(from.description), "to": .string(to.description)]
        switch payload {
        case .text(let t): o["text"] = .string(t)
        case .message(let m): o["message"] = m.json
        }
        return .object(o)
    }
}

extension Trajectory {
    /// The trajectory as events: each `tools/list` and `tools/call` becomes a request and its
    /// response with ids counting up from 1, so the same trajectory always gives the same bytes.
    public var events: [Event] {
        var events: [Event] = []
        var nextID = 1
        for step in steps {
            switch step {
            case .user(let text):
                events.append(Event(from: .user, to: .client, payload: .text(text)))
            case .answer(let text):
                events.append(Event(from: .client, to: .user, payload: .text(text)))
            case .listTools(let name):
                let id = nextID
                nextID += 1
                let tools = server(named: name)?.tools ?? []
                events.append(Event(from: .client, to: .server(name), payload: .message(.listToolsRequest(id: id))))
                events.append(Event(from: .server(name), to: .client, payload: .message(.listToolsResult(id: id, tools: tools))))
            case .call(let call):
                let id = nextID
                nextID += 1
                events.append(
                    Event(
                        from: .client, to: .server(call.server),
                        payload: .message(.callToolRequest(id: id, name: call.tool, arguments: call.arguments))))
                let reply: MCPMessage?
                switch call.outcome {
                case .result(let text, let structured, let isError):
                    reply = .callToolResult(id: id, text: text, structured: structured, isError: isError)
                case .error(let code, let message):
                    reply = .errorResponse(id: id, code: code, message: message)
                case .noResponse:
                    reply = nil
                }
                if let reply { events.append(Event(from: .server(call.server), to: .client, payload: .message(reply))) }
            }
        }
        return events
    }

    /// Rebuilds the structured form from events (an exported sample or a recorded log): requests
    /// are paired with their responses by id and endpoint; tool definitions come from the
    /// `tools/list` results seen, falling back to `knownServers` for classification.
    public init(events: [Event], knownServers: [ServerDefinition] = []) {
        var steps: [Step] = []
        var servers: [ServerDefinition] = []
        var pendingCalls: [String: Int] = [:]  // "server#id" -> step index
        var pendingLists: Set<String> = []
        func key(_ server: String, _ id: Int) -> String { "\(server)#\(id)" }
        func known(_ server: String) -> ServerDefinition? { knownServers.first { $0.name == server } }

        for event in events {
            switch event.payload {
            case .text(let text):
                if event.from == .user { steps.append(.user(text)) } else if event.to == .user { steps.append(.answer(text)) }
            case .message(let message):
                switch (event.from, event.to, message) {
                case (.client, .server(let name), .listToolsRequest(let id)):
                    pendingLists.insert(key(name, id))
                    steps.append(.listTools(server: name))
                case (.server(let name), .client, .listToolsResult(let id, let tools)):
                    pendingLists.remove(key(name, id))
                    let classified = tools.map { tool -> ToolDefinition in
                        guard let k = known(name)?.tool(named: tool.name) else { return tool }
                        var t = tool
                        t.privilege = k.privilege
                        t.covers = k.covers
                        return t
                    }
                    let def = ServerDefinition(name: name, title: known(name)?.title ?? name, tools: classified)
                    if let i = servers.firstIndex(where: { $0.name == name }) { servers[i] = def } else { servers.append(def) }
                case (.client, .server(let name), .callToolRequest(let id, let tool, let arguments)):
                    pendingCalls[key(name, id)] = steps.count
                    steps.append(.call(ToolCall(server: name, tool: tool, arguments: arguments, outcome: .noResponse)))
                case (.server(let name), .client, let reply):
                    guard let id = reply.id, let index = pendingCalls.removeValue(forKey: key(name, id)),
                        case .call(var call) = steps[index]
                    else { continue }
                    switch reply {
                    case .callToolResult(_, let text, let structured, let isError):
                        call.outcome = .result(text: text, structured: structured, isError: isError)
                    case .errorResponse(_, let code, let msg):
                        call.outcome = .error(code: code, message: msg)
                    default:
                        continue
                    }
                    steps[index] = .call(call)
                default:
                    continue
                }
            }
        }
        for k in knownServers where !servers.contains(where: { $0.name == k.name }) { servers.append(k) }
        self.init(servers: servers, steps: steps)
    }
}

extension Event {
    public init?(json: JSON) {
        guard let f = json["from"]?.stringValue, let from = Endpoint(f), let t = json["to"]?.stringValue, let to = Endpoint(t)
        else { return nil }
        if let text = json["text"]?.stringValue {
            self.init(from: from, to: to, payload: .text(text))
        } else if let message = json["message"] {
            self.init(from: from, to: to, payload: .message(MCPMessage(json: message)))
        } else {
            return nil
        }
    }
}

extension Trajectory {
    /// How many events the trajectory renders to, without rendering them.
    public var eventCount: Int {
        steps.reduce(0) { n, step in
            switch step {
            case .user, .answer: n + 1
            case .listTools: n + 2
            case .call(let c): n + (c.outcome == .noResponse ? 1 : 2)
            }
        }
    }
}
