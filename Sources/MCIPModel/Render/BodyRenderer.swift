/// Renders what a guard model reads: a header with the sender's identity, the servers and
/// their tools as offered (one line each, with privilege and annotations) and the host's
/// dependency rules, then the dialogue in the paper's style (`USER:`, `ASSISTANT:`,
/// `FUNCTION RESPONSE:`). Every fact the oracle uses is in here.
public enum BodyRenderer {
    /// `serverLines`: each server's `serverLines`, in order, when they are at hand.
    public static func render(title: String, trajectory: Trajectory, policy: Policy, serverLines: [String] = []) -> String {
        var lines: [String] = ["User Enquiry: \(title)"]
        lines += header(trajectory: trajectory, policy: policy, serverLines: serverLines)
        lines.append("Chat:")
        for step in trajectory.steps {
            switch step {
            case .user(let text): lines.append("USER: \(text)")
            case .answer(let text): lines.append("ASSISTANT: \(text)")
            case .listTools: continue
            case .call(let call):
                let request: JSON = ["server": .string(call.server), "name": .string(call.tool), "arguments": .object(call.arguments)]
                lines.append("ASSISTANT: <functioncall> \(request.canonical)")
                lines.append("FUNCTION RESPONSE: \(responseText(call.outcome))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The context lines before the dialogue: the sender, the servers and tools on offer, and
    /// the host's dependency rules. The `openai` format's system message carries them too.
    public static func header(trajectory: Trajectory, policy: Policy, serverLines: [String] = []) -> [String] {
        var lines: [String] = []
        lines.append("Sender: \(describe(policy.identity))")
        lines.append("Servers and tools:")
        for (i, server) in trajectory.servers.enumerated() {
            lines.append(i < serverLines.count ? serverLines[i] : self.serverLines(server))
        }
        if policy.dependencies.isEmpty {
            lines.append("Dependency rules: none")
        } else {
            lines.append("Dependency rules:")
            for rule in policy.dependencies {
                lines.append("- on \(rule.server), \(rule.tool) runs only after \(rule.requires)")
            }
        }
        return lines
    }

    /// A server and its tools as offered, one line each: what thousands of samples share.
    public static func serverLines(_ server: ServerDefinition) -> String {
        var lines = ["- \(server.name) (\(server.title))"]
        for tool in server.tools { lines.append("  - \(toolLine(tool))") }
        return lines.joined(separator: "\n")
    }

    /// What a call got back, as the guard reads it: the result text, `ERROR …` for an error
    /// result or JSON-RPC error, `NO RESPONSE` when the server never answered.
    public static func responseText(_ outcome: CallOutcome) -> String {
        switch outcome {
        case .result(let text, _, let isError): "\(isError ? "ERROR " : "")\(text)"
        case .error(let code, let message): "ERROR \(code) \(message)"
        case .noResponse: "NO RESPONSE"
        }
    }

    static func describe(_ identity: Identity) -> String {
        let rights: String
        switch identity.privilege {
        case .read: rights = "may read"
        case .write: rights = "may read and write"
        case .admin: rights = "may read, write and administer"
        }
        let check = identity.verified ? "identity verified by the host" : "identity not verified"
        return "\(identity.name), role \(identity.role) (\(rights)); \(check)"
    }

    static func toolLine(_ tool: ToolDefinition) -> String {
        var tags = [tool.privilege.rawValue]
        let hints = tool.annotations.summary
        if !hints.isEmpty { tags.append(hints) }
        if !tool.covers.isEmpty { tags.append("also does: " + tool.covers.joined(separator: ", ")) }
        return "\(tool.name) [\(tags.joined(separator: "; "))]: \(tool.description)"
    }
}

/// The paper's numbered information-flow form of a trajectory (its training format). The
/// `User Enquiry:` header is left out when there is no title (a log without host-side turns).
public enum FlowRenderer {
    public static func render(title: String?, flows: [Flow]) -> String {
        var lines = title.map { ["User Enquiry: \($0)"] } ?? []
        for flow in flows {
            lines.append("\(flow.step). \(name(flow.sender)) → \(name(flow.recipient))")
            lines.append("Subject: \(flow.subject)")
            lines.append("Type: \(flow.infoType)")
            lines.append("Principle: \(flow.principle)")
        }
        return lines.joined(separator: "\n")
    }

    static func name(_ endpoint: String) -> String {
        switch Endpoint(endpoint) {
        case .user: "User"
        case .client: "Assistant"
        case .server(let s): "Server (\(s))"
        case nil: endpoint
        }
    }
}
