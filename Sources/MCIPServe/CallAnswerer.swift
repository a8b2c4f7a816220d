import MCIPModel

/// How a live `tools/call` was answered, and why.
public struct CallAnswer: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// The recorded call at this position of `ScenarioServer.recordedCalls`.
        case recorded(position: Int)
        /// The server offers no tool of that name (a JSON-RPC error, as MCP prescribes).
        case unknownTool
        /// The scenario never called the tool with these arguments on this server.
        case notRecorded
        /// Every recorded call with these arguments was answered already.
        case alreadyAnswered(count: Int)
    }

    public var source: Source
    public var outcome: CallOutcome
    /// One line for the server's log: what was asked and how it was answered.
    public var logLine: String
}

/// Answers live `tools/call` requests from a scenario's recorded calls, and never invents data.
///
/// A call gets the recorded outcome of the first not-yet-answered recorded call with the same
/// tool name and the same arguments (numbers compared by value, object keys in any order), so a
/// tool called several times with the same arguments answers in trajectory order. A call the
/// scenario did not record, or one beyond the recorded count, gets a tool error result
/// (`isError` true) saying no recorded result exists; a tool the server does not offer gets a
/// JSON-RPC error (-32602). A recorded JSON-RPC error is returned as that error, and a
/// recorded silence (the server never answered) stays unanswered.
public struct CallAnswerer: Sendable {
    public let server: ScenarioServer
    private var answered: Set<Int> = []

    public init(server: ScenarioServer) { self.server = server }

    public mutating func answer(tool: String, arguments: [String: JSON]) -> CallAnswer {
        let asked = "tools/call \(tool) \(JSON.object(arguments).canonical)"
        guard server.definition.tool(named: tool) != nil else {
            return CallAnswer(
                source: .unknownTool, outcome: .error(code: -32602, message: "Unknown tool: \(tool)"),
                logLine: "\(asked) → error: server \(server.name) offers no tool \(tool)")
        }
        let matching = server.recordedCalls.indices.filter { i in
            let call = server.recordedCalls[i]
            return call.tool == tool && ArgumentMatch.same(.object(call.arguments), .object(arguments))
        }
        if let position = matching.first(where: { !answered.contains($0) }) {
            answered.insert(position)
            let n = matching.firstIndex(of: position)! + 1
            return CallAnswer(
                source: .recorded(position: position), outcome: server.recordedCalls[position].outcome,
                logLine: "\(asked) → recorded call \(n) of \(matching.count) with these arguments: \(Self.summary(server.recordedCalls[position].outcome))")
        }
        let text: String
        let log: String
        let source: CallAnswer.Source
        if matching.isEmpty {
            source = .notRecorded
            text =
                "No recorded result: scenario \(server.sampleID) has no call of \(tool) with these arguments on server \(server.name), "
                + "and this server only answers the calls the scenario recorded."
            let recorded = server.recordedCalls.filter { $0.tool == tool }.map { JSON.object($0.arguments).canonical }
            log =
                "\(asked) → no recorded result"
                + (recorded.isEmpty ? " (the scenario never called \(tool))" : " (recorded arguments: \(recorded.joined(separator: "; ")))")
        } else {
            source = .alreadyAnswered(count: matching.count)
            text =
                "No recorded result: scenario \(server.sampleID) recorded \(matching.count) call\(matching.count == 1 ? "" : "s") of \(tool) "
                + "with these arguments on server \(server.name), and \(matching.count == 1 ? "it has" : "all have") been answered already."
            log = "\(asked) → no recorded result (all \(matching.count) recorded calls answered)"
        }
        return CallAnswer(source: source, outcome: .result(text: text, structured: nil, isError: true), logLine: log)
    }
}

extension CallAnswerer {
    /// A few words on a recorded outcome, for the log.
    static func summary(_ outcome: CallOutcome) -> String {
        switch outcome {
        case .result(_, _, let isError): isError ? "tool error result" : "result"
        case .error(let code, _): "JSON-RPC error \(code)"
        case .noResponse: "no response (the request stays open)"
        }
    }
}

/// Equality of argument values as a client sends them: numbers by value (a client may send
/// `3` or `3.0`), objects by member, arrays in order.
enum ArgumentMatch {
    static func same(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        default: return a == b
        }
    }
}
