import MCIPModel

/// The MCI trajectory of a recorded session: one flow per logged message or turn, annotated by
/// the same `FlowAnnotator` as generated samples, plus the structured trajectory (servers as
/// they listed their tools, user turns, calls with their outcomes, answers). This is the
/// tracking log MCIP says MCP lacks.
public struct SessionTrace: Sendable {
    public var entries: [LogEntry]
    public var subject: String
    public var trajectory: Trajectory
    public var flows: [Flow]

    public init(entries: [LogEntry], subject: String = "user") {
        let events = entries.map(\.event)
        var trajectory = Trajectory(events: events)
        for s in trajectory.servers.indices {
            for t in trajectory.servers[s].tools.indices {
                trajectory.servers[s].tools[t].privilege = Self.privilege(trajectory.servers[s].tools[t].annotations)
            }
        }
        self.entries = entries
        self.subject = subject
        self.trajectory = trajectory
        self.flows = FlowAnnotator(subject: subject, servers: trajectory.servers).flows(for: events)
    }

    /// A log has no host classification of tools, so the privilege comes from the annotations,
    /// with MCP's defaults: a tool that does not say it is read-only may change state.
    static func privilege(_ annotations: ToolAnnotations) -> Privilege {
        annotations.readOnlyHint == true ? .read : .write
    }

    /// The user's first turn on one line, for the `User Enquiry:` header; nil without one.
    public var enquiry: String? {
        for entry in entries {
            if entry.event.from == .user, case .text(let text) = entry.event.payload {
                return text.split(whereSeparator: \.isNewline).joined(separator: " ")
            }
        }
        return nil
    }

    /// `{"flows", "subject", "trajectory", "user_enquiry"}`; each flow also names its log line.
    public var json: JSON {
        let flows = zip(flows, entries).map { flow, entry -> JSON in
            guard case .object(var o) = flow.json else { return flow.json }
            o["line"] = .int(entry.line)
            return .object(o)
        }
        var o: [String: JSON] = ["flows": .array(flows), "subject": .string(subject), "trajectory": trajectory.json]
        if let enquiry { o["user_enquiry"] = .string(enquiry) }
        return .object(o)
    }

    /// The paper's numbered readable form.
    public var text: String { FlowRenderer.render(title: enquiry, flows: flows) }
}
