import Foundation

/// The stored form of a sample: its structured trajectory (steps, not rendered events), policy
/// and provenance as canonical JSON, with each server definition replaced by the SHA-256 of
/// its canonical JSON. Server definitions repeat across thousands of samples, so they are kept
/// once, by hash; events, flows and the body are renderings and are made again on export.
public enum SampleCodec {
    public struct Encoded: Sendable {
        /// Canonical JSON of the sample with server references.
        public var core: [UInt8]
        /// Server definitions by hash (canonical JSON), to be stored once each.
        public var servers: [(hash: String, json: [UInt8])]
        /// SHA-256 of what the sample is: category, title, servers, steps and policy (not its
        /// id, group, template, rationale or provenance).
        public var contentDigest: [UInt8]
        /// `contentDigest` in lowercase hex.
        public var contentHash: String { Hex.encode(contentDigest) }
    }

    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Stored forms of server definitions. A session's servers are mostly seed servers, unchanged,
    /// or seed servers with one tool altered by an attack; the canonical JSON of every seed
    /// tool is kept, so a server's stored form is mostly a concatenation of known bytes.
    /// Read-only after creation, so the worker threads share it freely.
    public final class KnownServers: Sendable {
        typealias SeedTool = (definition: ToolDefinition, json: [UInt8], schema: [UInt8])
        private let seeds: [String: (definition: ServerDefinition, stored: StoredServer)]
        /// Every seed tool by name, whatever its server: an attack may add another server's
        /// tool to a session's server.
        private let seedTools: [String: [SeedTool]]

        public init(_ servers: [ServerDefinition] = []) {
            var seeds: [String: (ServerDefinition, StoredServer)] = [:]
            var tools: [String: [SeedTool]] = [:]
            for s in servers {
                var json: [String: [UInt8]] = [:]
                for t in s.tools {
                    var w = JSONWriter(capacity: 1024)
                    w.write(t.json)
                    var schema = JSONWriter(capacity: 1024)
                    schema.write(t.inputSchema)
                    tools[t.name, default: []].append((t, w.bytes, schema.bytes))
                    json[t.name] = w.bytes
                }
                seeds[s.name] = (s, StoredServer(s, toolJSON: { json[$0.name]! }))
            }
            self.seeds = seeds
            seedTools = tools
        }

        func stored(_ s: ServerDefinition) -> StoredServer {
            if let known = seeds[s.name], known.definition == s { return known.stored }
            return StoredServer(s) { tool in
                let namesakes = seedTools[tool.name] ?? []
                if let seed = namesakes.first(where: { $0.definition == tool }) { return seed.json }
                // An altered seed tool mostly keeps its schema: its bytes are reused.
                return tool.storedJSON(schema: namesakes.first { $0.definition.inputSchema == tool.inputSchema }?.schema)
            }
        }
    }

    /// A server definition's canonical JSON and its SHA-256, the key it is stored under.
    public struct StoredServer: Sendable {
        public var hash: String
        public var json: [UInt8]

        init(_ s: ServerDefinition, toolJSON: (ToolDefinition) -> [UInt8]) {
            // The same bytes as `s.json.canonical`: keys name, title, tools in order.
            var w = JSONWriter(capacity: 4096)
            w.appendRaw(#"{"name":"#)
            w.writeString(s.name)
            w.appendRaw(#","title":"#)
            w.writeString(s.title)
            w.appendRaw(#","tools":["#)
            for (i, t) in s.tools.enumerated() {
                if i > 0 { w.appendRaw(",") }
                w.appendRaw(toolJSON(t))
            }
            w.appendRaw("]}")
            json = w.bytes
            hash = Hex.encode(SHA256.hash(json))
        }
    }

    /// Encodes a sample. The object members are written in code-point order by hand, giving
    /// the same bytes as the canonical writer at a fraction of the cost (generation encodes
    /// every sample it makes). The core is written once; the content hash reads its policy,
    /// server and step parts in place.
    public static func encode(_ sample: Sample, known: KnownServers = KnownServers()) -> Encoded {
        var core = JSONWriter(capacity: 4096)
        core.appendRaw(#"{"category":"#)
        core.writeString(sample.category.id)
        let category = 0..<core.count
        core.appendRaw(#","group":"#)
        core.writeString(sample.group)
        core.appendRaw(#","id":"#)
        core.writeString(sample.id)
        core.appendRaw(#","policy":"#)
        let policyStart = core.count
        writePolicy(sample.policy, into: &core)
        let policy = policyStart..<core.count
        core.appendRaw(#","provenance":"#)
        writeProvenance(sample.provenance, into: &core)
        core.appendRaw(#","rationale":"#)
        core.writeString(sample.rationale)
        core.appendRaw(#","servers":["#)
        let serversStart = core.count - 1
        var servers: [(hash: String, json: [UInt8])] = []
        for (i, s) in sample.trajectory.servers.enumerated() {
            let stored = known.stored(s)
            servers.append((stored.hash, stored.json))
            if i > 0 { core.appendRaw(",") }
            core.writeString(stored.hash)
        }
        core.appendRaw("]")
        // `"servers":[…],"steps":[…]` is hashed as one run: the content has the same keys there.
        core.appendRaw(#","steps":["#)
        for (i, step) in sample.trajectory.steps.enumerated() {
            if i > 0 { core.appendRaw(",") }
            writeStep(step, into: &core)
        }
        core.appendRaw("]")
        let serversAndSteps = serversStart..<core.count
        let titleStart = core.count
        core.appendRaw(#","title":"#)
        core.writeString(sample.title)
        core.appendRaw("}")

        // What the sample is, hashed: {"category","policy","servers","steps","title"}.
        let bytes = core.bytes
        var content = SHA256()
        content.update(bytes[category])
        content.update(#","policy":"#)
        content.update(bytes[policy])
        content.update(#","servers":"#)
        content.update(bytes[serversAndSteps])
        content.update(bytes[titleStart...])
        return Encoded(core: bytes, servers: servers, contentDigest: content.finalize())
    }

    /// `stepJSON(step).canonical`, written directly.
    static func writeStep(_ step: Step, into w: inout JSONWriter) {
        switch step {
        case .user(let t):
            w.appendRaw(#"{"user":"#)
            w.writeString(t)
            w.appendRaw("}")
        case .answer(let t):
            w.appendRaw(#"{"answer":"#)
            w.writeString(t)
            w.appendRaw("}")
        case .listTools(let s):
            w.appendRaw(#"{"list":"#)
            w.writeString(s)
            w.appendRaw("}")
        case .call(let c):
            w.appendRaw(#"{"call":{"arguments":"#)
            w.write(.object(c.arguments))
            switch c.outcome {
            case .result(let text, let structured, let isError):
                w.appendRaw(isError ? #","result":{"is_error":true"# : #","result":{"is_error":false"#)
                if let structured {
                    w.appendRaw(#","structured":"#)
                    w.write(structured)
                }
                w.appendRaw(#","text":"#)
                w.writeString(text)
                w.appendRaw("}")
            case .error(let code, let message):
                w.appendRaw(#","error":{"code":"#)
                w.appendRaw(String(code))
                w.appendRaw(#","message":"#)
                w.writeString(message)
                w.appendRaw("}")
            case .noResponse:
                w.appendRaw(#","no_response":true"#)
            }
            w.appendRaw(#","server":"#)
            w.writeString(c.server)
            w.appendRaw(#","tool":"#)
            w.writeString(c.tool)
            w.appendRaw("}}")
        }
    }

    /// `policy.json.canonical`, written directly.
    static func writePolicy(_ p: Policy, into w: inout JSONWriter) {
        w.appendRaw(#"{"dependencies":["#)
        for (i, d) in p.dependencies.enumerated() {
            w.appendRaw(i > 0 ? #",{"requires":"# : #"{"requires":"#)
            w.writeString(d.requires)
            w.appendRaw(#","server":"#)
            w.writeString(d.server)
            w.appendRaw(#","tool":"#)
            w.writeString(d.tool)
            w.appendRaw("}")
        }
        w.appendRaw(#"],"identity":{"name":"#)
        w.writeString(p.identity.name)
        w.appendRaw(#","privilege":"#)
        w.writeString(p.identity.privilege.rawValue)
        w.appendRaw(#","role":"#)
        w.writeString(p.identity.role)
        w.appendRaw(p.identity.verified ? #","verified":true},"intended_calls":["# : #","verified":false},"intended_calls":["#)
        for (i, c) in p.intendedCalls.enumerated() {
            w.appendRaw(i > 0 ? #",{"arguments":"# : #"{"arguments":"#)
            w.write(.object(c.arguments))
            w.appendRaw(#","server":"#)
            w.writeString(c.server)
            w.appendRaw(#","times":"#)
            w.appendRaw(String(c.times))
            w.appendRaw(#","tool":"#)
            w.writeString(c.tool)
            w.appendRaw("}")
        }
        w.appendRaw("]}")
    }

    /// `provenance.json.canonical`, written directly.
    static func writeProvenance(_ p: Provenance, into w: inout JSONWriter) {
        w.appendRaw(#"{"cause":"#)
        w.writeString(p.cause)
        w.appendRaw(#","generator":"#)
        w.writeString(p.generator)
        if let h = p.hardNegative {
            w.appendRaw(#","hard_negative":"#)
            w.writeString(h)
        }
        w.appendRaw(#","index":"#)
        w.appendRaw(String(p.index))
        w.appendRaw(#","seed":"#)
        w.appendRaw(String(p.seed))
        w.appendRaw(#","task":"#)
        w.writeString(p.task)
        w.appendRaw(#","taxonomy_version":"#)
        w.writeString(p.taxonomyVersion)
        w.appendRaw(#","template":"#)
        w.writeString(p.template)
        w.appendRaw("}")
    }

    /// Rebuilds a sample from its stored form; `server` looks up a definition by hash.
    public static func decode(_ core: JSON, server: (String) throws -> ServerDefinition) throws -> Sample {
        func fail(_ m: String) -> DecodeError { DecodeError(message: "stored sample \(core["id"]?.stringValue ?? "?"): \(m)") }
        guard let id = core["id"]?.stringValue, let c = core["category"]?.stringValue, let category = MCIPClass(rawValue: c),
            let policy = core["policy"].flatMap(Policy.init(json:)), let provenance = Provenance(json: core["provenance"]),
            let refs = core["servers"]?.arrayValue, let steps = core["steps"]?.arrayValue
        else { throw fail("missing fields") }
        var servers: [ServerDefinition] = []
        for ref in refs {
            guard let hash = ref.stringValue else { throw fail("bad server reference") }
            servers.append(try server(hash))
        }
        var decoded: [Step] = []
        for s in steps {
            guard let step = step(s) else { throw fail("bad step \(s.canonical.prefix(80))") }
            decoded.append(step)
        }
        return Sample(
            id: id, category: category, group: core["group"]?.stringValue ?? "", title: core["title"]?.stringValue ?? "",
            trajectory: Trajectory(servers: servers, steps: decoded), policy: policy,
            rationale: core["rationale"]?.stringValue ?? "", provenance: provenance)
    }

    static func stepJSON(_ step: Step) -> JSON {
        switch step {
        case .user(let t): return ["user": .string(t)]
        case .answer(let t): return ["answer": .string(t)]
        case .listTools(let s): return ["list": .string(s)]
        case .call(let c):
            var call: [String: JSON] = ["server": .string(c.server), "tool": .string(c.tool), "arguments": .object(c.arguments)]
            switch c.outcome {
            case .result(let text, let structured, let isError):
                var r: [String: JSON] = ["text": .string(text), "is_error": .bool(isError)]
                if let structured { r["structured"] = structured }
                call["result"] = .object(r)
            case .error(let code, let message):
                call["error"] = ["code": .int(code), "message": .string(message)]
            case .noResponse:
                call["no_response"] = true
            }
            return ["call": .object(call)]
        }
    }

    static func step(_ json: JSON) -> Step? {
        if let t = json["user"]?.stringValue { return .user(t) }
        if let t = json["answer"]?.stringValue { return .answer(t) }
        if let s = json["list"]?.stringValue { return .listTools(server: s) }
        guard let c = json["call"], let server = c["server"]?.stringValue, let tool = c["tool"]?.stringValue else { return nil }
        let outcome: CallOutcome
        if let r = c["result"] {
            outcome = .result(text: r["text"]?.stringValue ?? "", structured: r["structured"], isError: r["is_error"]?.boolValue ?? false)
        } else if let e = c["error"], let code = e["code"]?.intValue {
            outcome = .error(code: code, message: e["message"]?.stringValue ?? "")
        } else {
            outcome = .noResponse
        }
        return .call(ToolCall(server: server, tool: tool, arguments: c["arguments"]?.objectValue ?? [:], outcome: outcome))
    }
}

extension Trajectory {
    /// The structured form as JSON: the servers as offered (with the host's classification of
    /// each tool) and the steps as they are stored.
    public var json: JSON {
        ["servers": .array(servers.map(\.json)), "steps": .array(steps.map(SampleCodec.stepJSON))]
    }
}
