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
        public var servers: [(hash: String, json: String)]
        /// SHA-256 of what the sample is: category, title, servers, steps and policy (not its
        /// id, group, template, rationale or provenance).
        public var contentHash: String
    }

    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Server definitions whose stored form is already known: the seed servers, unchanged
    /// (an equality check), and recently seen variants (a lookup), so most samples need no
    /// serialisation or hash of their servers. Shared by the worker threads.
    public final class KnownServers: @unchecked Sendable {
        private let seeds: [String: (definition: ServerDefinition, hash: String, json: String)]
        private var variants: [ServerDefinition: (hash: String, json: String)] = [:]
        private let lock = NSLock()
        private let limit = 20_000

        public init(_ servers: [ServerDefinition] = []) {
            var seeds: [String: (ServerDefinition, String, String)] = [:]
            for s in servers {
                let json = s.json.canonical
                seeds[s.name] = (s, SHA256.hex(json), json)
            }
            self.seeds = seeds
        }

        func stored(_ s: ServerDefinition) -> (hash: String, json: String) {
            if let known = seeds[s.name], known.definition == s { return (known.hash, known.json) }
            if let hit = lock.withLock({ variants[s] }) { return hit }
            let json = s.json.canonical
            let stored = (SHA256.hex(json), json)
            lock.withLock {
                if variants.count >= limit { variants.removeAll(keepingCapacity: true) }
                variants[s] = stored
            }
            return stored
        }
    }

    public static func encode(_ sample: Sample, known: KnownServers = KnownServers()) -> Encoded {
        var servers: [(String, String)] = []
        var refs: [JSON] = []
        for s in sample.trajectory.servers {
            let (hash, json) = known.stored(s)
            servers.append((hash, json))
            refs.append(.string(hash))
        }
        let steps = JSON.array(sample.trajectory.steps.map(stepJSON))
        let policy = sample.policy.json
        var content = JSONWriter(capacity: 2048)
        content.write([
            "category": .string(sample.category.id), "title": .string(sample.title), "servers": .array(refs),
            "steps": steps, "policy": policy,
        ])
        var core = JSONWriter(capacity: content.bytes.count + 512)
        core.write([
            "id": .string(sample.id), "category": .string(sample.category.id), "group": .string(sample.group),
            "title": .string(sample.title), "rationale": .string(sample.rationale), "provenance": sample.provenance.json,
            "policy": policy, "servers": .array(refs), "steps": steps,
        ])
        return Encoded(core: core.bytes, servers: servers, contentHash: Hex.encode(SHA256.hash(content.bytes)))
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
