/// MCP tool annotations (hints a server declares; MCP 2025-11-25 `ToolAnnotations`).
public struct ToolAnnotations: Sendable, Hashable {
    public var readOnlyHint: Bool?
    public var destructiveHint: Bool?
    public var idempotentHint: Bool?
    public var openWorldHint: Bool?

    public init(readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil, idempotentHint: Bool? = nil, openWorldHint: Bool? = nil) {
        self.readOnlyHint = readOnlyHint
        self.destructiveHint = destructiveHint
        self.idempotentHint = idempotentHint
        self.openWorldHint = openWorldHint
    }

    public var json: JSON {
        var o: [String: JSON] = [:]
        if let v = readOnlyHint { o["readOnlyHint"] = .bool(v) }
        if let v = destructiveHint { o["destructiveHint"] = .bool(v) }
        if let v = idempotentHint { o["idempotentHint"] = .bool(v) }
        if let v = openWorldHint { o["openWorldHint"] = .bool(v) }
        return .object(o)
    }

    public init(json: JSON?) {
        self.init(
            readOnlyHint: json?["readOnlyHint"]?.boolValue, destructiveHint: json?["destructiveHint"]?.boolValue,
            idempotentHint: json?["idempotentHint"]?.boolValue, openWorldHint: json?["openWorldHint"]?.boolValue)
    }

    /// Short words for the guard's header, e.g. `read-only` or `destructive, idempotent`.
    public var summary: String {
        var words: [String] = []
        if readOnlyHint == true { words.append("read-only") }
        if destructiveHint == true { words.append("destructive") }
        if idempotentHint == true { words.append("idempotent") }
        if openWorldHint == true { words.append("open-world") }
        return words.joined(separator: ", ")
    }
}

/// A tool as a server offers it in `tools/list`, plus the host's classification of it
/// (privilege, and which other tools' jobs it can also do).
public struct ToolDefinition: Sendable, Hashable {
    public var name: String
    public var title: String?
    public var description: String
    public var inputSchema: JSON
    public var annotations: ToolAnnotations
    public var privilege: Privilege
    /// Names of tools whose task this tool can also carry out (a broader, higher-privilege
    /// variant declares the narrower tools it covers).
    public var covers: [String]

    public init(
        name: String, title: String? = nil, description: String, inputSchema: JSON, annotations: ToolAnnotations,
        privilege: Privilege, covers: [String] = []
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.annotations = annotations
        self.privilege = privilege
        self.covers = covers
    }

    /// Whether calling it changes state (the host treats a missing hint as state-changing
    /// unless the privilege is `read`).
    public var changesState: Bool {
        if let ro = annotations.readOnlyHint { return !ro }
        return privilege != .read
    }

    /// The MCP `Tool` object of a `tools/list` result.
    public var mcpJSON: JSON {
        var o: [String: JSON] = [
            "name": .string(name), "description": .string(description), "inputSchema": inputSchema,
        ]
        if let title { o["title"] = .string(title) }
        if case .object(let a) = annotations.json, !a.isEmpty { o["annotations"] = .object(a) }
        return .object(o)
    }

    /// The tool as recorded in a sample's `servers`: the MCP fields plus the host's classification.
    public var json: JSON {
        guard case .object(var o) = mcpJSON else { return mcpJSON }
        o["privilege"] = .string(privilege.rawValue)
        if !covers.isEmpty { o["covers"] = .array(covers.map { .string($0) }) }
        return .object(o)
    }

    /// `json` written canonically by hand; `schema` is `inputSchema` written, when at hand.
    func storedJSON(schema: [UInt8]?) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.appendRaw("{")
        if case .object(let a) = annotations.json, !a.isEmpty {
            w.appendRaw(#""annotations":"#)
            w.write(.object(a))
            w.appendRaw(",")
        }
        if !covers.isEmpty {
            w.appendRaw(#""covers":"#)
            w.write(.array(covers.map { .string($0) }))
            w.appendRaw(",")
        }
        w.appendRaw(#""description":"#)
        w.writeString(description)
        w.appendRaw(#","inputSchema":"#)
        if let schema { w.appendRaw(schema) } else { w.write(inputSchema) }
        w.appendRaw(#","name":"#)
        w.writeString(name)
        w.appendRaw(#","privilege":"#)
        w.writeString(privilege.rawValue)
        if let title {
            w.appendRaw(#","title":"#)
            w.writeString(title)
        }
        w.appendRaw("}")
        return w.bytes
    }

    public init?(json: JSON) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.init(
            name: name, title: json["title"]?.stringValue, description: json["description"]?.stringValue ?? "",
            inputSchema: json["inputSchema"] ?? ["type": "object"], annotations: ToolAnnotations(json: json["annotations"]),
            privilege: json["privilege"]?.stringValue.flatMap(Privilege.init(rawValue:)) ?? .read,
            covers: json["covers"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}

/// An MCP server in a session: its name and the tools it offers.
public struct ServerDefinition: Sendable, Hashable {
    public var name: String
    public var title: String
    public var tools: [ToolDefinition]

    public init(name: String, title: String, tools: [ToolDefinition]) {
        self.name = name
        self.title = title
        self.tools = tools
    }

    public func tool(named name: String) -> ToolDefinition? { tools.first { $0.name == name } }

    public var json: JSON {
        ["name": .string(name), "title": .string(title), "tools": .array(tools.map(\.json))]
    }

    public init?(json: JSON) {
        guard let name = json["name"]?.stringValue, let tools = json["tools"]?.arrayValue else { return nil }
        self.init(name: name, title: json["title"]?.stringValue ?? name, tools: tools.compactMap(ToolDefinition.init(json:)))
    }
}
