import MCIPModel
import Testing

@testable import MCIPAudit

/// How lines are read: forms, direction inference, server names, pairing, line numbers.
struct TraceReaderTests {
    @Test func bareDirectionFollowsTheMethodAndTheRequestAnswered() throws {
        let trace = try trace("""
            {"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"query","arguments":{"sql":"select 1"}}}
            {"jsonrpc":"2.0","id":"s1","method":"sampling/createMessage","params":{"messages":[],"maxTokens":50}}
            {"jsonrpc":"2.0","id":"s1","result":{"role":"assistant","content":{"type":"text","text":"ok"},"model":"m-1"}}
            {"jsonrpc":"2.0","id":"c1","result":{"content":[{"type":"text","text":"1"}]}}
            {"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"db://t"}}
            {"jsonrpc":"2.0","method":"notifications/roots/list_changed"}
            {"jsonrpc":"2.0","id":99,"result":{}}
            """, server: "db")
        #expect(rows(trace) == [
            "1|1|client|server:db|user|function request: query (sql)|necessity (calls a function the server did not list)",
            "2|2|server:db|client|user|sampling request (0 messages)|explicit consent (the server asks the client's model to generate)",
            "3|3|client|server:db|user|sampled message (m-1)|service provision (returns the generated message)",
            "4|4|server:db|client|user|function return: query|service provision (returns the result of the call)",
            "5|5|server:db|client|user|resource updated: db://t|transparency (reports a change to a followed resource)",
            "6|6|client|server:db|user|root list changed|transparency (the client announces changed roots)",
            "7|7|server:db|client|session|response to no open request (id 99)|unverified (answers no request in the log)",
        ])
    }

    @Test func bareServerIsNamedByOptionThenServerInfoThenDefault() throws {
        let initialize = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}
            {"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"weather","version":"2"}}}
            """
        #expect(try trace(initialize).flows.map(\.recipient) == ["server:weather", "client"])
        #expect(try trace(initialize, server: "wx").flows.map(\.sender) == ["client", "server:wx"])
        #expect(try trace(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#).flows.map(\.recipient) == ["server:server"])
    }

    @Test func formsMixLineByLine() throws {
        let trace = try trace("""
            {"from":"user","to":"client","text":"Weather in Oslo?"}
            {"direction":"outgoing","server":"weather","message":{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"forecast","arguments":{"city":"Oslo"}}}}
            {"from":"server:weather","to":"client","message":{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"4 °C, rain"}],"isError":true}}}
            {"from":"client","to":"user","text":"I could not get the forecast."}
            """)
        #expect(trace.flows.map(\.infoType) == ["user query", "function request: forecast (city)", "function error: forecast", "response"])
        #expect(trace.trajectory.calls.first?.outcome == .result(text: "4 °C, rain", structured: nil, isError: true))
    }

    @Test func blankLinesAreSkippedAndLinesKeepTheirNumbers() throws {
        let trace = try trace("\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n  \r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\r\n\n")
        #expect(rows(trace) == [
            "1|2|client|server:server|session|ping|necessity (checks the connection)",
            "2|4|server:server|client|session|acknowledgement: ping|necessity (protocol housekeeping)",
        ])
    }

    @Test func jsonFormNamesEachFlowsLineAndTheEnquiry() throws {
        let trace = try trace("""
            {"from":"user","to":"client","text":"Hi"}

            {"from":"client","to":"user","text":"Hello"}
            """)
        #expect(trace.json.canonical == """
            {"flows":[{"info_type":"user query","line":1,"principle":"consent (the user states the request)","recipient":"client","sender":"user","step":1,"subject":"user"},\
            {"info_type":"response","line":3,"principle":"transparency (reports the outcome to the user)","recipient":"user","sender":"client","step":2,"subject":"user"}],\
            "subject":"user","trajectory":{"servers":[],"steps":[{"user":"Hi"},{"answer":"Hello"}]},"user_enquiry":"Hi"}
            """)
    }
}

/// Bad logs: every problem is named with file and line (and column for JSON syntax), and
/// nothing is traced.
struct TraceBadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var log: String
        var problem: String
        var testDescription: String { name }
    }

    static let ping = #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#

    static let cases: [Case] = [
        Case(name: "malformed JSON", log: ping + "\n" + #"{"jsonrpc":"2.0","id":2,"#, problem: "log.jsonl:2:25: expected a string key"),
        Case(name: "not an object", log: "[\(ping)]", problem: "log.jsonl:1: expected a JSON object (a log entry or a JSON-RPC message)"),
        Case(name: "bare line without jsonrpc", log: #"{"id":1,"method":"ping"}"#,
             problem: #"log.jsonl:1: not a log entry or a JSON-RPC message: missing "jsonrpc": "2.0""#),
        Case(name: "bare line of no kind", log: #"{"jsonrpc":"2.0","id":1}"#,
             problem: #"log.jsonl:1: not a log entry or a JSON-RPC message: neither a request, a notification nor a response (no "method", "result" or "error")"#),
        Case(name: "message that is not JSON-RPC", log: #"{"from":"client","to":"server:a","message":{"jsonrpc":"2.0","id":1,"method":7}}"#,
             problem: #"log.jsonl:1: "message" is not a JSON-RPC message: "method" must be a string"#),
        Case(name: "unknown endpoint", log: #"{"from":"assistant","to":"user","text":"Hi"}"#,
             problem: #"log.jsonl:1: unknown endpoint "assistant" in "from" (expected "user", "client" or "server:<name>")"#),
        Case(name: "endpoint that is not a string", log: #"{"from":"client","to":3,"text":"Hi"}"#,
             problem: #"log.jsonl:1: unknown endpoint 3 in "to" (expected "user", "client" or "server:<name>")"#),
        Case(name: "server without a name", log: #"{"from":"client","to":"server:","text":"Hi"}"#,
             problem: #"log.jsonl:1: unknown endpoint "server:" in "to" (expected "user", "client" or "server:<name>")"#),
        Case(name: "missing recipient", log: #"{"from":"user","text":"Hi"}"#, problem: #"log.jsonl:1: missing "to""#),
        Case(name: "text and message", log: #"{"from":"user","to":"client","text":"Hi","message":{}}"#,
             problem: #"log.jsonl:1: an entry has either "text" (a turn between user and client) or "message" (a JSON-RPC message)"#),
        Case(name: "text to a server", log: #"{"from":"user","to":"server:a","text":"Hi"}"#,
             problem: #"log.jsonl:1: "text" is for turns between user and client, not from user to server:a"#),
        Case(name: "message between user and client", log: #"{"from":"user","to":"client","message":\#(ping)}"#,
             problem: "log.jsonl:1: an MCP message travels between client and a server, not from user to client"),
        Case(name: "proxy direction", log: #"{"direction":"up","server":"a","message":\#(ping)}"#,
             problem: #"log.jsonl:1: "direction" must be "outgoing" (client to server) or "incoming" (server to client)"#),
        Case(name: "proxy without server", log: #"{"direction":"outgoing","message":\#(ping)}"#,
             problem: #"log.jsonl:1: a proxy record needs "server", the server's name"#),
        Case(name: "empty log", log: "\n  \n", problem: "log.jsonl: the log holds no messages"),
    ]

    @Test(arguments: cases)
    func problemIsNamed(_ c: Case) {
        #expect(problems(c.log) == [c.problem])
    }

    @Test func everyBadLineIsReported() {
        let log = [Self.ping, "{", Self.ping, #"{"from":"bot","to":"user","text":"x"}"#, "", "7"].joined(separator: "\n")
        #expect(problems(log) == [
            "log.jsonl:2:2: expected a string key",
            #"log.jsonl:4: unknown endpoint "bot" in "from" (expected "user", "client" or "server:<name>")"#,
            "log.jsonl:6: expected a JSON object (a log entry or a JSON-RPC message)",
        ])
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(#"{"from":"user","to":"client","text":"caf"#.utf8)
        bytes += [0xE9] + Array(#""}"#.utf8)
        do {
            _ = try TraceReader.read(bytes, file: "log.jsonl")
            Issue.record("read a line with invalid UTF-8")
        } catch {
            #expect(error.problems.map(\.description) == ["log.jsonl:1:43: invalid UTF-8 in a string"])
        }
    }
}
