/// A sample rendered in the `native` format: canonical JSON of the whole sample with its
/// split, MCP events, MCI flows and body.
///
/// Exports write millions of these, and most of a record's bytes are server definitions and
/// `tools/list` results that thousands of samples share, so the writer takes them as ready
/// bytes (`ServerForms`) and writes the members in code-point order by hand; `json` is the
/// same record as a value, for checking the writer.
public enum NativeRecord {
    /// A server's canonical JSON as a sample records it, and its tools as a `tools/list`
    /// result lists them.
    public struct ServerForms: Sendable {
        public var json: [UInt8]
        public var toolList: [UInt8]
        /// The server's lines in a body's header (`BodyRenderer.serverLines`).
        public var bodyLines: String

        /// `json`: the server's canonical JSON when at hand (as stored), else written here.
        public init(_ server: ServerDefinition, json: [UInt8]? = nil) {
            if let json {
                self.json = json
            } else {
                var w = JSONWriter(capacity: 4096)
                w.write(server.json)
                self.json = w.bytes
            }
            var t = JSONWriter(capacity: 4096)
            t.write(.array(server.tools.map(\.mcpJSON)))
            toolList = t.bytes
            bodyLines = BodyRenderer.serverLines(server)
        }
    }

    public static func json(_ sample: Sample, split: String, taxonomy: TaxonomyEntry, body: String) -> JSON {
        let events = sample.events
        return [
            "id": .string(sample.id), "category": .string(sample.category.id), "letter": .string(sample.category.letter),
            "label": .string(sample.category.paperLabel), "safe": .bool(sample.category.isSafe), "group": .string(sample.group),
            "template": .string(sample.template), "split": .string(split), "title": .string(sample.title),
            "taxonomy": taxonomy.dimensions, "servers": .array(sample.trajectory.servers.map(\.json)),
            "events": .array(events.map(\.json)), "flows": .array(sample.flows(for: events).map(\.json)),
            "policy": sample.policy.json, "body": .string(body), "rationale": .string(sample.rationale),
            "provenance": sample.provenance.json,
        ]
    }

    /// `json(...)` written canonically, from the parts many records share ready-made:
    /// `dimensions` is the taxonomy entry's `dimensions` written, `escapedBody` the body as
    /// `JSONWriter.escapedInner` gives it, and `forms` the sample's servers' bytes in the order
    /// of its servers (or empty: the servers are serialised here).
    public static func encode(
        _ sample: Sample, split: String, dimensions: [UInt8], escapedBody: [UInt8], forms: [ServerForms] = []
    ) -> [UInt8] {
        let events = sample.events
        var w = JSONWriter(capacity: 32768)
        w.appendRaw(#"{"body":"#)
        w.writeEscaped(escapedBody)
        w.appendRaw(#","category":"#)
        w.writeString(sample.category.id)
        w.appendRaw(#","events":["#)
        for (i, e) in events.enumerated() {
            if i > 0 { w.appendRaw(",") }
            writeEvent(e, trajectory: sample.trajectory, forms: forms, into: &w)
        }
        w.appendRaw(#"],"flows":["#)
        for (i, f) in sample.flows(for: events).enumerated() {
            if i > 0 { w.appendRaw(",") }
            f.write(into: &w)
        }
        w.appendRaw("]")
        w.appendRaw(#","group":"#)
        w.writeString(sample.group)
        w.appendRaw(#","id":"#)
        w.writeString(sample.id)
        w.appendRaw(#","label":"#)
        w.writeString(sample.category.paperLabel)
        w.appendRaw(#","letter":"#)
        w.writeString(sample.category.letter)
        w.appendRaw(#","policy":"#)
        SampleCodec.writePolicy(sample.policy, into: &w)
        w.appendRaw(#","provenance":"#)
        SampleCodec.writeProvenance(sample.provenance, into: &w)
        w.appendRaw(#","rationale":"#)
        w.writeString(sample.rationale)
        w.appendRaw(sample.category.isSafe ? #","safe":true,"servers":["# : #","safe":false,"servers":["#)
        for (i, s) in sample.trajectory.servers.enumerated() {
            if i > 0 { w.appendRaw(",") }
            if i < forms.count { w.appendRaw(forms[i].json) } else { w.write(s.json) }
        }
        w.appendRaw(#"],"split":"#)
        w.writeString(split)
        w.appendRaw(#","taxonomy":"#)
        w.appendRaw(dimensions)
        w.appendRaw(#","template":"#)
        w.writeString(sample.template)
        w.appendRaw(#","title":"#)
        w.writeString(sample.title)
        w.appendRaw("}")
        return w.bytes
    }

    /// `event.json`, written directly.
    static func writeEvent(_ e: Event, trajectory: Trajectory, forms: [ServerForms], into w: inout JSONWriter) {
        w.appendRaw(#"{"from":"#)
        w.writeString(e.from.description)
        switch e.payload {
        case .text(let t):
            w.appendRaw(#","text":"#)
            w.writeString(t)
        case .message(let m):
            w.appendRaw(#","message":"#)
            writeMessage(m, server: e.from, trajectory: trajectory, forms: forms, into: &w)
        }
        w.appendRaw(#","to":"#)
        w.writeString(e.to.description)
        w.appendRaw("}")
    }

    /// `message.json`, written directly; a `tools/list` result from a server with a ready form
    /// (the first server of its name, as events look servers up) uses its tool list.
    static func writeMessage(_ m: MCPMessage, server: Endpoint, trajectory: Trajectory, forms: [ServerForms], into w: inout JSONWriter) {
        switch m {
        case .listToolsRequest(let id):
            w.appendRaw(#"{"id":"#)
            w.appendRaw(String(id))
            w.appendRaw(#","jsonrpc":"2.0","method":"tools/list"}"#)
        case .listToolsResult(let id, let tools):
            w.appendRaw(#"{"id":"#)
            w.appendRaw(String(id))
            w.appendRaw(#","jsonrpc":"2.0","result":{"tools":"#)
            if case .server(let name) = server, let i = trajectory.servers.firstIndex(where: { $0.name == name }), i < forms.count {
                w.appendRaw(forms[i].toolList)
            } else {
                w.write(.array(tools.map(\.mcpJSON)))
            }
            w.appendRaw("}}")
        case .callToolRequest(let id, let name, let arguments):
            w.appendRaw(#"{"id":"#)
            w.appendRaw(String(id))
            w.appendRaw(#","jsonrpc":"2.0","method":"tools/call","params":{"arguments":"#)
            w.write(.object(arguments))
            w.appendRaw(#","name":"#)
            w.writeString(name)
            w.appendRaw("}}")
        case .callToolResult(let id, let text, let structured, let isError):
            w.appendRaw(#"{"id":"#)
            w.appendRaw(String(id))
            w.appendRaw(#","jsonrpc":"2.0","result":{"content":[{"text":"#)
            w.writeString(text)
            w.appendRaw(isError ? #","type":"text"}],"isError":true"# : #","type":"text"}],"isError":false"#)
            if let structured {
                w.appendRaw(#","structuredContent":"#)
                w.write(structured)
            }
            w.appendRaw("}}")
        case .errorResponse(let id, let code, let message):
            w.appendRaw(#"{"error":{"code":"#)
            w.appendRaw(String(code))
            w.appendRaw(#","message":"#)
            w.writeString(message)
            w.appendRaw(#"},"id":"#)
            w.appendRaw(String(id))
            w.appendRaw(#","jsonrpc":"2.0"}"#)
        case .other(let json):
            w.write(json)
        }
    }
}
