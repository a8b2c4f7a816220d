import Testing
@testable import MCIPModel

/// The annotator's words for tool traffic are part of every exported sample, so they are pinned
/// here exactly; other MCP traffic (as recorded logs carry it) is checked below.
struct FlowAnnotatorTests {
    static let tools = [
        ToolDefinition(name: "read_file", description: "Read.", inputSchema: ["type": "object"],
                       annotations: ToolAnnotations(readOnlyHint: true), privilege: .read),
        ToolDefinition(name: "write_file", description: "Write.", inputSchema: ["type": "object"],
                       annotations: ToolAnnotations(readOnlyHint: false), privilege: .write),
        ToolDefinition(name: "delete_file", description: "Delete.", inputSchema: ["type": "object"],
                       annotations: ToolAnnotations(destructiveHint: true), privilege: .write),
        ToolDefinition(name: "set_owner", description: "Admin.", inputSchema: ["type": "object"],
                       annotations: ToolAnnotations(), privilege: .admin),
    ]
    static let annotator = FlowAnnotator(subject: "Ana", servers: [ServerDefinition(name: "fs", title: "Files", tools: tools)])

    static func call(_ tool: String, _ outcome: CallOutcome, arguments: [String: JSON] = [:]) -> Step {
        .call(ToolCall(server: "fs", tool: tool, arguments: arguments, outcome: outcome))
    }

    /// Typed tool messages read exactly as the same messages in their JSON form do, including
    /// results answering no request, or answering a request of another method.
    @Test func typedMessagesReadAsTheirJSON() {
        let fs = Endpoint.server("fs")
        let events: [Event] = [
            Event(from: .client, to: fs, payload: .message(.listToolsRequest(id: 1))),
            Event(from: fs, to: .client, payload: .message(.callToolResult(id: 1, text: "odd", structured: nil, isError: false))),
            Event(from: .client, to: fs, payload: .message(.callToolRequest(id: 2, name: "delete_file", arguments: ["path": "a"]))),
            Event(from: fs, to: .client, payload: .message(.callToolResult(id: 2, text: "no", structured: ["x": 1], isError: true))),
            Event(from: .client, to: fs, payload: .message(.callToolRequest(id: 3, name: "nope", arguments: [:]))),
            Event(from: fs, to: .client, payload: .message(.callToolResult(id: 3, text: "ok", structured: nil, isError: false))),
            Event(from: fs, to: .client, payload: .message(.callToolResult(id: 9, text: "late", structured: nil, isError: false))),
        ]
        let asJSON = events.map { e -> Event in
            guard case .message(let m) = e.payload else { return e }
            return Event(from: e.from, to: e.to, payload: .message(.other(m.json)))
        }
        let typed = Self.annotator.flows(for: events)
        #expect(typed == Self.annotator.flows(for: asJSON))
        #expect(typed[1].infoType == "function list (0 tools)")
        #expect(typed[3].infoType == "function error: delete_file")
        #expect(typed[6].infoType == "response to no open request (id 9)")
    }

    @Test func toolTrafficKeepsItsWords() {
        let trajectory = Trajectory(servers: [], steps: [
            .user("Tidy my files."),
            .listTools(server: "fs"),
            Self.call("read_file", .result(text: "a", structured: nil, isError: false), arguments: ["path": "a", "mode": "r"]),
            Self.call("write_file", .result(text: "no", structured: nil, isError: true)),
            Self.call("delete_file", .error(code: -32602, message: "bad path")),
            Self.call("set_owner", .noResponse),
            Self.call("unlisted", .result(text: "?", structured: nil, isError: false)),
            .answer("Done."),
        ])
        let flows = Self.annotator.flows(for: trajectory.events).map { "\($0.step)|\($0.sender)|\($0.recipient)|\($0.subject)|\($0.infoType)|\($0.principle)" }
        #expect(flows == [
            "1|user|client|Ana|user query|consent (the user states the request)",
            "2|client|server:fs|server fs|function list request|necessity (discovers the server's functions)",
            "3|server:fs|client|server fs|function list (0 tools)|transparency (the server declares its functions)",
            "4|client|server:fs|Ana|function request: read_file (mode, path)|necessity (reads what the request needs)",
            "5|server:fs|client|Ana|function return: read_file|service provision (returns the result of the call)",
            "6|client|server:fs|Ana|function request: write_file|explicit consent (changes state)",
            "7|server:fs|client|Ana|function error: write_file|transparency (reports a failed call)",
            "8|client|server:fs|Ana|function request: delete_file|explicit consent (destructive state change)",
            "9|server:fs|client|Ana|protocol error -32602: delete_file|transparency (reports a failed call)",
            "10|client|server:fs|Ana|function request: set_owner|verified identity (administrative function)",
            "11|client|server:fs|Ana|function request: unlisted|necessity (calls a function the server did not list)",
            "12|server:fs|client|Ana|function return: unlisted|service provision (returns the result of the call)",
            "13|client|user|Ana|response|transparency (reports the outcome to the user)",
        ])
    }

    /// Events from `(from, to, message JSON)` triples, read the way a recorded log is.
    static func events(_ lines: [(String, String, String)]) throws -> [Event] {
        try lines.map { from, to, text in
            Event(from: Endpoint(from)!, to: Endpoint(to)!, payload: .message(MCPMessage(json: try JSONParser.parse(text))))
        }
    }

    static func rows(_ flows: [Flow]) -> [String] {
        flows.map { "\($0.step)|\($0.subject)|\($0.infoType)|\($0.principle)" }
    }

    @Test func sessionTrafficGetsAFlowEach() throws {
        let events = try Self.events([
            ("client", "server:fs", #"{"jsonrpc":"2.0","id":"a","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"host","version":"1.2"}}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","id":"a","result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"fs-server"}}}"#),
            ("client", "server:fs", #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#),
            ("client", "server:fs", #"{"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"delete_file","arguments":{"path":"x"}}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}"#),
            ("client", "server:fs", #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"b"}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","id":"b","result":{"content":[],"isError":true}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","id":7,"method":"roots/list"}"#),
            ("client", "server:fs", #"{"jsonrpc":"2.0","id":7,"result":{"roots":[{"uri":"file:///a"}]}}"#),
            ("client", "server:fs", #"{"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"file:///a/b"}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","id":7,"error":{"code":-32002,"message":"Resource not found"}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","id":8,"result":{}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}}"#),
            ("client", "server:fs", #"{"jsonrpc":"2.0","id":9,"method":"vendor/sync"}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","id":9,"result":{}}"#),
            ("server:fs", "client", #"{"jsonrpc":"2.0","method":"vendor/hello"}"#),
        ])
        #expect(Self.rows(Self.annotator.flows(for: events)) == [
            "1|session|initialization request: host 1.2|necessity (negotiates the protocol version and capabilities)",
            "2|server fs|initialization result: fs-server|transparency (the server declares its identity and capabilities)",
            "3|session|initialization complete|necessity (protocol housekeeping)",
            "4|Ana|function request: delete_file (path)|explicit consent (destructive state change)",
            "5|session|progress report|transparency (reports progress)",
            "6|session|cancellation: delete_file|necessity (withdraws a request)",
            "7|Ana|function error: delete_file|transparency (reports a failed call)",
            "8|Ana|root list request|necessity (asks which roots it may use)",
            "9|Ana|root list (1 roots)|transparency (the client declares its roots)",
            "10|Ana|resource request: file:///a/b|necessity (reads what the request needs)",
            "11|session|protocol error -32002: resources/read|transparency (reports a failed request)",
            "12|session|response to no open request (id 8)|unverified (answers no request in the log)",
            "13|session|protocol error -32700|transparency (reports a failed request)",
            "14|session|request: vendor/sync|unclassified (not an MCP 2025-11-25 method)",
            "15|session|result: vendor/sync|unclassified (not an MCP 2025-11-25 method)",
            "16|session|notification: vendor/hello|unclassified (not an MCP 2025-11-25 method)",
        ])
    }

    @Test func responsesPairByConnection() throws {
        // The same id on two servers, answered out of order.
        let events = try Self.events([
            ("client", "server:a", #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}"#),
            ("client", "server:b", #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"y"}}"#),
            ("server:b", "client", #"{"jsonrpc":"2.0","id":1,"result":{"content":[]}}"#),
            ("server:a", "client", #"{"jsonrpc":"2.0","id":1,"result":{"content":[]}}"#),
        ])
        let types = Self.annotator.flows(for: events).map(\.infoType)
        #expect(types == ["function request: x", "function request: y", "function return: y", "function return: x"])
    }

    @Test func kindsAreToldApartOrRefused() throws {
        #expect(try JSONRPCKind.of(["jsonrpc": "2.0", "id": "q", "method": "ping"]).get() == .request(id: "q", method: "ping"))
        #expect(try JSONRPCKind.of(["jsonrpc": "2.0", "method": "notifications/initialized"]).get() == .notification(method: "notifications/initialized"))
        #expect(try JSONRPCKind.of(["jsonrpc": "2.0", "id": 3, "result": [:]]).get() == .result(id: 3))
        #expect(try JSONRPCKind.of(["jsonrpc": "2.0", "id": nil, "error": ["code": -32700, "message": "x"]]).get() == .error(id: nil, code: -32700))
        let refused: [(JSON, String)] = [
            (["id": 1, "method": "ping"], "missing \"jsonrpc\": \"2.0\""),
            (["jsonrpc": "2.0", "id": true, "method": "ping"], "\"id\" must be a string or an integer"),
            (["jsonrpc": "2.0", "id": 1], "neither a request, a notification nor a response (no \"method\", \"result\" or \"error\")"),
            (["jsonrpc": "2.0", "id": 1, "error": ["code": "x"]], "\"error\" must be an object with an integer \"code\" and a string \"message\""),
            (["jsonrpc": "2.0", "method": "ping", "params": [1]], "\"params\" must be an object"),
            ([1, 2], "a JSON-RPC message must be a JSON object"),
        ]
        for (json, reason) in refused {
            guard case .failure(let invalid) = JSONRPCKind.of(json) else {
                Issue.record("accepted \(json.canonical)")
                continue
            }
            #expect(invalid.reason == reason)
        }
    }

    /// The rest of the table in docs/TRACE.md, one message of each kind.
    @Test func everyDocumentedKindReadsAsDocumented() throws {
        let c = "client", s = "server:fs"
        let events = try Self.events([
            (c, s, #"{"jsonrpc":"2.0","id":1,"method":"resources/templates/list"}"#),
            (s, c, #"{"jsonrpc":"2.0","id":1,"result":{"resourceTemplates":[{"uriTemplate":"file:///{p}","name":"f"}]}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"file:///a"}}"#),
            (s, c, #"{"jsonrpc":"2.0","id":2,"result":{}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":3,"method":"resources/unsubscribe","params":{"uri":"file:///a"}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":4,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"p"},"argument":{"name":"lang","value":"py"}}}"#),
            (s, c, #"{"jsonrpc":"2.0","id":4,"result":{"completion":{"values":["python","pytorch"]}}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":5,"method":"logging/setLevel","params":{"level":"debug"}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":6,"method":"tasks/get","params":{"taskId":"t"}}"#),
            (s, c, #"{"jsonrpc":"2.0","id":6,"result":{"taskId":"t","status":"working"}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":7,"method":"tasks/list"}"#),
            (s, c, #"{"jsonrpc":"2.0","id":7,"result":{"tasks":[]}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":8,"method":"tasks/result","params":{"taskId":"t"}}"#),
            (s, c, #"{"jsonrpc":"2.0","id":8,"result":{}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":9,"method":"tasks/cancel","params":{"taskId":"t"}}"#),
            (s, c, #"{"jsonrpc":"2.0","id":9,"result":{}}"#),
            (s, c, #"{"jsonrpc":"2.0","method":"notifications/tasks/status","params":{"taskId":"t","status":"completed"}}"#),
            (s, c, #"{"jsonrpc":"2.0","method":"notifications/resources/list_changed"}"#),
            (s, c, #"{"jsonrpc":"2.0","method":"notifications/prompts/list_changed"}"#),
            (s, c, #"{"jsonrpc":"2.0","method":"notifications/elicitation/complete","params":{"elicitationId":"e"}}"#),
            (c, s, #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":42}}"#),
            (c, s, #"{"jsonrpc":"2.0","id":10,"method":"prompts/get","params":{"name":"p"}}"#),
            (s, c, #"{"jsonrpc":"2.0","id":10,"error":{"code":-32602,"message":"Unknown prompt"}}"#),
        ])
        let follow = "necessity (follows up a long-running request)", report = "transparency (reports on a long-running request)"
        #expect(Self.rows(Self.annotator.flows(for: events)) == [
            "1|server fs|resource template list request|necessity (discovers the server's resources)",
            "2|server fs|resource template list (1 templates)|transparency (the server declares its resources)",
            "3|Ana|resource subscription: file:///a|necessity (follows changes the request needs)",
            "4|session|acknowledgement: resources/subscribe|necessity (protocol housekeeping)",
            "5|Ana|resource unsubscription: file:///a|data minimization (stops following a resource)",
            "6|Ana|completion request: lang|necessity (suggests argument values)",
            "7|Ana|completion values (2)|service provision (suggests argument values)",
            "8|session|logging level request: debug|necessity (protocol housekeeping)",
            "9|session|task status request|\(follow)",
            "10|session|task status|\(report)",
            "11|session|task list request|\(follow)",
            "12|session|task list (0 tasks)|\(report)",
            "13|Ana|task result request|\(follow)",
            "14|Ana|task result|service provision (returns the result of a long-running request)",
            "15|session|task cancellation request|necessity (withdraws a long-running request)",
            "16|session|task cancelled|\(report)",
            "17|session|task status: completed|\(report)",
            "18|server fs|resource list changed|transparency (the server announces changed resources)",
            "19|server fs|prompt list changed|transparency (the server announces changed prompts)",
            "20|session|elicitation complete|transparency (reports an answer given elsewhere)",
            "21|session|cancellation: request 42|necessity (withdraws a request)",
            "22|Ana|prompt request: p|necessity (fetches the prompt the request needs)",
            "23|session|protocol error -32602: prompts/get|transparency (reports a failed request)",
        ])
    }
}
