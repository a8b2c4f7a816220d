/// How one MCP message reads as an MCI flow: its information type, transmission principle and
/// whose information it is. One table per message kind, following MCP 2025-11-25; the words
/// for tool traffic are the ones every exported sample carries. docs/TRACE.md lists them all.
struct Reading {
    /// Whose information a flow carries: the data subject (the user), the server's own
    /// description of itself, or the protocol session.
    enum About { case subject, server, session }

    var type: String
    var principle: String
    var about: About

    init(_ type: String, _ principle: String, _ about: About) {
        self.type = type
        self.principle = principle
        self.about = about
    }

    static let housekeeping = "necessity (protocol housekeeping)"
    static let unclassified = "unclassified (not an MCP 2025-11-25 method)"
    private static let followUp = "necessity (follows up a long-running request)"
    private static let taskReport = "transparency (reports on a long-running request)"

    /// A request other than `tools/call` (which needs the server's tool classification).
    static func request(_ method: String, _ params: JSON?) -> Reading {
        let uri = params?["uri"]?.stringValue ?? "?"
        switch method {
        case "tools/list": return Reading("function list request", "necessity (discovers the server's functions)", .server)
        case "initialize":
            return Reading(
                "initialization request" + software(params?["clientInfo"]),
                "necessity (negotiates the protocol version and capabilities)", .session)
        case "ping": return Reading("ping", "necessity (checks the connection)", .session)
        case "resources/list": return Reading("resource list request", "necessity (discovers the server's resources)", .server)
        case "resources/templates/list":
            return Reading("resource template list request", "necessity (discovers the server's resources)", .server)
        case "resources/read": return Reading("resource request: \(uri)", "necessity (reads what the request needs)", .subject)
        case "resources/subscribe":
            return Reading("resource subscription: \(uri)", "necessity (follows changes the request needs)", .subject)
        case "resources/unsubscribe":
            return Reading("resource unsubscription: \(uri)", "data minimization (stops following a resource)", .subject)
        case "prompts/list": return Reading("prompt list request", "necessity (discovers the server's prompts)", .server)
        case "prompts/get":
            let name = params?["name"]?.stringValue ?? "?"
            return Reading(
                "prompt request: \(name)" + argumentNames(params?["arguments"]), "necessity (fetches the prompt the request needs)", .subject)
        case "completion/complete":
            let argument = params?["argument"]?["name"]?.stringValue ?? "?"
            return Reading("completion request: \(argument)", "necessity (suggests argument values)", .subject)
        case "logging/setLevel":
            return Reading("logging level request: \(params?["level"]?.stringValue ?? "?")", housekeeping, .session)
        case "tasks/get": return Reading("task status request", followUp, .session)
        case "tasks/list": return Reading("task list request", followUp, .session)
        case "tasks/result": return Reading("task result request", followUp, .subject)
        case "tasks/cancel": return Reading("task cancellation request", "necessity (withdraws a long-running request)", .session)
        case "sampling/createMessage":
            let count = params?["messages"]?.arrayValue?.count ?? 0
            return Reading(
                "sampling request (\(count) messages)", "explicit consent (the server asks the client's model to generate)", .subject)
        case "elicitation/create":
            return Reading("elicitation request", "explicit consent (the server asks the user for information)", .subject)
        case "roots/list": return Reading("root list request", "necessity (asks which roots it may use)", .subject)
        default: return Reading("request: \(method)", unclassified, .session)
        }
    }

    /// A successful response, read with the request it answers.
    static func toolList(count: Int) -> Reading {
        Reading("function list (\(count) tools)", "transparency (the server declares its functions)", .server)
    }

    static func result(_ request: OpenRequests.Request, _ result: JSON) -> Reading {
        func count(_ key: String) -> Int { result[key]?.arrayValue?.count ?? 0 }
        let params = request.params
        switch request.method {
        case "tools/list": return toolList(count: count("tools"))
        case "tools/call":
            if result["isError"]?.boolValue == true {
                return Reading("function error: \(request.name)", "transparency (reports a failed call)", .subject)
            }
            return Reading("function return: \(request.name)", "service provision (returns the result of the call)", .subject)
        case "initialize":
            return Reading(
                "initialization result" + software(result["serverInfo"]),
                "transparency (the server declares its identity and capabilities)", .server)
        case "resources/list":
            return Reading("resource list (\(count("resources")) resources)", "transparency (the server declares its resources)", .server)
        case "resources/templates/list":
            return Reading(
                "resource template list (\(count("resourceTemplates")) templates)", "transparency (the server declares its resources)",
                .server)
        case "resources/read":
            let uri = params?["uri"]?.stringValue ?? "?"
            return Reading("resource contents: \(uri)", "service provision (returns the requested resource)", .subject)
        case "prompts/list":
            return Reading("prompt list (\(count("prompts")) prompts)", "transparency (the server declares its prompts)", .server)
        case "prompts/get":
            let name = params?["name"]?.stringValue ?? "?"
            return Reading("prompt: \(name)", "service provision (returns the requested prompt)", .subject)
        case "completion/complete":
            let values = result["completion"]?["values"]?.arrayValue?.count ?? 0
            return Reading("completion values (\(values))", "service provision (suggests argument values)", .subject)
        case "tasks/get": return Reading("task status", taskReport, .session)
        case "tasks/list": return Reading("task list (\(count("tasks")) tasks)", taskReport, .session)
        case "tasks/cancel": return Reading("task cancelled", taskReport, .session)
        case "tasks/result": return Reading("task result", "service provision (returns the result of a long-running request)", .subject)
        case "sampling/createMessage":
            let model = result["model"]?.stringValue.map { " (\($0))" } ?? ""
            return Reading("sampled message" + model, "service provision (returns the generated message)", .subject)
        case "elicitation/create":
            let action = result["action"]?.stringValue ?? "?"
            return Reading("elicitation answer: \(action)", "consent (the user's answer: \(action))", .subject)
        case "roots/list":
            return Reading("root list (\(count("roots")) roots)", "transparency (the client declares its roots)", .subject)
        case "ping", "resources/subscribe", "resources/unsubscribe", "logging/setLevel":
            return Reading("acknowledgement: \(request.method)", housekeeping, .session)
        default: return Reading("result: \(request.method)", unclassified, .session)
        }
    }

    /// A notification; `cancelled` is the open request a `notifications/cancelled` withdraws.
    static func notification(_ method: String, _ params: JSON?, cancelled: OpenRequests.Request?) -> Reading {
        switch method {
        case "notifications/initialized": return Reading("initialization complete", housekeeping, .session)
        case "notifications/cancelled":
            let what = cancelled?.name ?? "request \(params?["requestId"]?.canonical ?? "?")"
            return Reading("cancellation: \(what)", "necessity (withdraws a request)", .session)
        case "notifications/progress": return Reading("progress report", "transparency (reports progress)", .session)
        case "notifications/message":
            let level = params?["level"]?.stringValue ?? "?"
            return Reading("log message (\(level))", "transparency (the server reports its activity)", .session)
        case "notifications/tools/list_changed":
            return Reading("function list changed", "transparency (the server announces changed functions)", .server)
        case "notifications/resources/list_changed":
            return Reading("resource list changed", "transparency (the server announces changed resources)", .server)
        case "notifications/resources/updated":
            let uri = params?["uri"]?.stringValue ?? "?"
            return Reading("resource updated: \(uri)", "transparency (reports a change to a followed resource)", .subject)
        case "notifications/prompts/list_changed":
            return Reading("prompt list changed", "transparency (the server announces changed prompts)", .server)
        case "notifications/roots/list_changed":
            return Reading("root list changed", "transparency (the client announces changed roots)", .subject)
        case "notifications/tasks/status":
            return Reading("task status: \(params?["status"]?.stringValue ?? "?")", taskReport, .session)
        case "notifications/elicitation/complete":
            return Reading("elicitation complete", "transparency (reports an answer given elsewhere)", .session)
        default: return Reading("notification: \(method)", unclassified, .session)
        }
    }

    /// ` (a, b)` for the sorted keys of an arguments object, or nothing when there are none.
    static func argumentNames(_ arguments: JSON?) -> String {
        let names = arguments?.objectValue?.keys.sorted() ?? []
        return names.isEmpty ? "" : " (\(names.joined(separator: ", ")))"
    }

    /// `: name version` of an MCP `Implementation` (clientInfo, serverInfo), when present.
    private static func software(_ info: JSON?) -> String {
        guard let name = info?["name"]?.stringValue else { return "" }
        return ": " + ([name] + [info?["version"]?.stringValue].compactMap { $0 }).joined(separator: " ")
    }
}
