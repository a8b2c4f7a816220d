import MCIPModel

/// A problem with a log, where it is: the line, and the column for JSON syntax errors.
public struct TraceProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public var description: String {
        [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":") + ": " + message
    }
}

/// Every problem found in a log. A log with any problem is not traced at all, so a partial
/// trajectory is never mistaken for the whole session.
public struct TraceError: Error, Sendable, CustomStringConvertible {
    public var problems: [TraceProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// One message or host-side turn of a log, with the line it was read from.
public struct LogEntry: Sendable, Hashable {
    public var line: Int
    public var event: Event
}

/// Reads an MCP session log: one JSON object a line (blank lines skipped), each in one of three
/// forms, told apart line by line (docs/TRACE.md):
///
/// - an event, `{"from": "client", "to": "server:github", "message": {...}}`, or with `text`
///   instead of `message` for a turn between `user` and `client`;
/// - a proxy record, `{"direction": "outgoing" | "incoming", "server": "github", "message": {...}}`;
/// - a bare JSON-RPC message of the one server the log is about, its direction inferred from
///   the method, or for a response from the request it answers.
public enum TraceReader {
    public static func read(_ bytes: [UInt8], file: String, server: String? = nil) throws(TraceError) -> [LogEntry] {
        var problems: [TraceProblem] = []
        var lines: [Line] = []
        for (number, text) in split(bytes) {
            let json: JSON
            do {
                json = try JSONParser.parse(Array(text))
            } catch {
                problems.append(TraceProblem(file: file, line: number, column: error.column, message: error.problem))
                continue
            }
            do {
                lines.append(try Line(number: number, json: json))
            } catch {
                problems.append(TraceProblem(file: file, line: number, message: error.description))
            }
        }
        if problems.isEmpty && lines.isEmpty {
            problems.append(TraceProblem(file: file, message: "the log holds no messages"))
        }
        guard problems.isEmpty else { throw TraceError(problems: problems) }

        let bare = Endpoint.server(server ?? lines.lazy.compactMap(\.serverInfoName).first ?? "server")
        var open = OpenRequests()
        return lines.map { line in
            let (from, to) = line.route ?? infer(line.body, bare, open)
            switch line.body {
            case .text(let text):
                return LogEntry(line: line.number, event: Event(from: from, to: to, payload: .text(text)))
            case .message(let json, let kind):
                var answering: String?
                switch kind {
                case .request(let id, let method):
                    open.insert(from: from, to: to, id: id, OpenRequests.Request(method: method, params: json["params"]))
                case .result(let id), .error(let id?, _):
                    answering = open.answer(from: from, to: to, id: id)?.method
                case .notification, .error(nil, _):
                    break
                }
                let message = MCPMessage(json: json, answering: answering)
                return LogEntry(line: line.number, event: Event(from: from, to: to, payload: .message(message)))
            }
        }
    }

    /// The non-blank lines with their numbers, a trailing `\r` removed.
    private static func split(_ bytes: [UInt8]) -> [(Int, ArraySlice<UInt8>)] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated().compactMap { offset, line in
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            return trimmed.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : (offset + 1, trimmed)
        }
    }

    /// Methods only a server sends; every other request and notification of a bare log is the
    /// client's. `ping`, `notifications/cancelled` and the task methods go both ways and are
    /// read as the client's, `notifications/progress` and `notifications/tasks/status` as the
    /// server's: the usual direction. Logs that need the other one use the event form.
    private static let sentByServer: Set<String> = [
        "sampling/createMessage", "elicitation/create", "roots/list", "notifications/message", "notifications/progress",
        "notifications/tools/list_changed", "notifications/resources/list_changed", "notifications/resources/updated",
        "notifications/prompts/list_changed", "notifications/tasks/status", "notifications/elicitation/complete",
    ]

    /// The direction of a bare message: by method, or for a response, against the request it answers.
    private static func infer(_ body: Line.Body, _ server: Endpoint, _ open: OpenRequests) -> (Endpoint, Endpoint) {
        let toClient = (server, Endpoint.client), toServer = (Endpoint.client, server)
        guard case .message(_, let kind) = body else { return toServer }
        switch kind {
        case .request(_, let method), .notification(let method):
            return sentByServer.contains(method) ? toClient : toServer
        case .result(let id), .error(let id?, _):
            if open.find(from: .client, to: server, id: id) != nil { return toClient }
            return open.find(from: server, to: .client, id: id) != nil ? toServer : toClient
        case .error(nil, _):
            return toClient
        }
    }
}

/// One line read and checked on its own: its route (nil for a bare message, whose route
/// depends on the lines before it) and what it carries.
private struct Line {
    enum Body {
        case text(String)
        case message(JSON, JSONRPCKind)
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    var number: Int
    var route: (Endpoint, Endpoint)?
    var body: Body

    init(number: Int, json: JSON) throws(Problem) {
        self.number = number
        guard json.objectValue != nil else { throw Problem("expected a JSON object (a log entry or a JSON-RPC message)") }
        if json["from"] != nil || json["to"] != nil {
            (route, body) = try Self.event(json)
        } else if json["direction"] != nil {
            (route, body) = try Self.proxyRecord(json)
        } else {
            route = nil
            body = try Self.message(json, what: "not a log entry or a JSON-RPC message")
        }
    }

    /// The server's own name from an `initialize` result, to name the server of a bare log.
    var serverInfoName: String? {
        guard route == nil, case .message(let json, .result) = body else { return nil }
        return json["result"]?["serverInfo"]?["name"]?.stringValue
    }

    private static func event(_ json: JSON) throws(Problem) -> ((Endpoint, Endpoint), Body) {
        let from = try endpoint(json, "from"), to = try endpoint(json, "to")
        switch (json["text"], json["message"]) {
        case (let text?, nil):
            guard let text = text.stringValue else { throw Problem("\"text\" must be a string") }
            guard (from, to) == (.user, .client) || (from, to) == (.client, .user) else {
                throw Problem("\"text\" is for turns between user and client, not from \(from) to \(to)")
            }
            return ((from, to), .text(text))
        case (nil, let message?):
            let isWire: Bool
            switch (from, to) {
            case (.client, .server), (.server, .client): isWire = true
            default: isWire = false
            }
            guard isWire else { throw Problem("an MCP message travels between client and a server, not from \(from) to \(to)") }
            return ((from, to), try Self.message(message, what: "\"message\" is not a JSON-RPC message"))
        default:
            throw Problem("an entry has either \"text\" (a turn between user and client) or \"message\" (a JSON-RPC message)")
        }
    }

    private static func endpoint(_ json: JSON, _ key: String) throws(Problem) -> Endpoint {
        guard let value = json[key] else { throw Problem("missing \"\(key)\"") }
        guard let text = value.stringValue, let endpoint = Endpoint(text) else {
            throw Problem("unknown endpoint \(value.canonical) in \"\(key)\" (expected \"user\", \"client\" or \"server:<name>\")")
        }
        return endpoint
    }

    private static func proxyRecord(_ json: JSON) throws(Problem) -> ((Endpoint, Endpoint), Body) {
        guard let name = json["server"]?.stringValue, !name.isEmpty else {
            throw Problem("a proxy record needs \"server\", the server's name")
        }
        let route: (Endpoint, Endpoint)
        switch json["direction"]?.stringValue {
        case "outgoing": route = (.client, .server(name))
        case "incoming": route = (.server(name), .client)
        default: throw Problem("\"direction\" must be \"outgoing\" (client to server) or \"incoming\" (server to client)")
        }
        guard let message = json["message"] else { throw Problem("a proxy record needs \"message\"") }
        return (route, try Self.message(message, what: "\"message\" is not a JSON-RPC message"))
    }

    private static func message(_ json: JSON, what: String) throws(Problem) -> Body {
        switch JSONRPCKind.of(json) {
        case .success(let kind): return .message(json, kind)
        case .failure(let invalid): throw Problem("\(what): \(invalid.reason)")
        }
    }
}
