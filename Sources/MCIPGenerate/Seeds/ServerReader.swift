import MCIPModel

/// Reads one `Seeds/servers/<name>.yaml` file.
enum ServerReader {
    static let serverFields: Set<String> = ["name", "title", "domain", "tools"]
    static let toolFields: Set<String> = [
        "name", "title", "description", "privilege", "annotations", "inputSchema", "requires", "covers", "outputs", "result",
    ]
    static let annotationFields: Set<String> = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]

    static func read(_ root: YNode, pools: [String: ValuePool]) throws -> SeedServer {
        let map = try root.mapping("a server file")
        try map.onlyKeys(serverFields)
        let nameNode = try map.required("name")
        let name = try nameNode.nonEmptyString("server name")
        guard isIdentifier(name) else { throw nameNode.error("server name '\(name)' must be lower-case letters, digits, '-' or '_'") }
        let title = try map.required("title").nonEmptyString("title")
        let domain = try map.required("domain").nonEmptyString("domain")
        var tools: [SeedTool] = []
        let errors = Diagnostics()
        for item in try map.required("tools").nonEmptyList("tools") {
            guard let tool = errors.attempt({ try readTool(item, pools: pools) }) else { continue }
            if tools.contains(where: { $0.name == tool.name }) {
                errors.record(item.error("duplicate tool name '\(tool.name)' on server '\(name)'"))
                continue
            }
            tools.append(tool)
        }
        try errors.throwIfAny()
        try checkReferences(tools, server: name)
        return SeedServer(name: name, title: title, domain: domain, tools: tools, file: root.file)
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, ("a"..."z").contains(f) || ("0"..."9").contains(f) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    static func isToolName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64
            && s.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)
            }
    }

    static func readTool(_ node: YNode, pools: [String: ValuePool]) throws -> SeedTool {
        let m = try node.mapping("a tool")
        try m.onlyKeys(toolFields)
        let nameNode = try m.required("name")
        let name = try nameNode.nonEmptyString("tool name")
        guard isToolName(name) else { throw nameNode.error("tool name '\(name)' must be 1-64 of A-Z a-z 0-9 _ - .") }
        let description = try m.required("description").nonEmptyString("description of '\(name)'")
        let pNode = try m.required("privilege")
        guard let privilege = Privilege(rawValue: try pNode.string("privilege")) else {
            throw pNode.error("privilege of '\(name)' must be one of read, write, admin")
        }
        var annotations = ToolAnnotations()
        if let a = m.optional("annotations") {
            let am = try a.mapping("annotations")
            try am.onlyKeys(annotationFields)
            annotations.readOnlyHint = try am.optional("readOnlyHint")?.bool("readOnlyHint")
            annotations.destructiveHint = try am.optional("destructiveHint")?.bool("destructiveHint")
            annotations.idempotentHint = try am.optional("idempotentHint")?.bool("idempotentHint")
            annotations.openWorldHint = try am.optional("openWorldHint")?.bool("openWorldHint")
        }
        if annotations.readOnlyHint == true && privilege != .read {
            throw pNode.error("tool '\(name)' is readOnlyHint: true but has privilege \(privilege.rawValue)")
        }
        let schemaNode = try m.required("inputSchema")
        let schema = try schemaNode.json()
        if let problem = SchemaCheck.problem(inInputSchema: schema) { throw schemaNode.error("tool '\(name)': \(problem)") }
        var outputs: [String: String] = [:]
        if let o = m.optional("outputs") {
            for e in try o.mapping("outputs").entries {
                let pool = try e.value.nonEmptyString("pool name")
                guard pools[pool] != nil else { throw e.value.error("output '\(e.key)' of '\(name)' uses unknown pool '\(pool)'") }
                outputs[e.key] = pool
            }
        }
        let resultNode = try m.required("result")
        let result = try JSONTemplate(resultNode)
        let known = Set(schema["properties"]?.objectValue?.keys.map { $0 } ?? []).union(outputs.keys).union(SeedLoader.builtinSlots)
        for slot in result.slots where !known.contains(slot) {
            throw resultNode.error("result of '\(name)' uses {{\(slot)}}, which is neither an argument nor an output of the tool")
        }
        let requires = try m.optional("requires")?.strings("requires") ?? []
        let covers = try m.optional("covers")?.strings("covers") ?? []
        let definition = ToolDefinition(
            name: name, title: try m.optional("title")?.nonEmptyString("title"), description: description,
            inputSchema: schema, annotations: annotations, privilege: privilege, covers: covers)
        return SeedTool(
            definition: definition, requires: requires, outputs: outputs, result: result, file: node.file, line: node.line,
            foldedName: ToolNameSimilarity.fold(name))
    }

    /// `requires` and `covers` name tools of the same server; dependency rules must not loop.
    static func checkReferences(_ tools: [SeedTool], server: String) throws {
        let names = Set(tools.map(\.name))
        for t in tools {
            for r in t.requires where !names.contains(r) {
                throw InputError(file: t.file, line: t.line, "tool '\(t.name)' requires unknown tool '\(r)' on server '\(server)'")
            }
            for c in t.definition.covers where !names.contains(c) || c == t.name {
                throw InputError(file: t.file, line: t.line, "tool '\(t.name)' covers unknown tool '\(c)' on server '\(server)'")
            }
        }
        var state: [String: Int] = [:]  // 1 = visiting, 2 = done
        func visit(_ name: String, _ path: [String]) throws {
            if state[name] == 2 { return }
            if state[name] == 1 {
                let t = tools.first { $0.name == name }!
                let cycle = (path.drop { $0 != name } + [name]).joined(separator: " → ")
                throw InputError(file: t.file, line: t.line, "dependency rules form a cycle: \(cycle)")
            }
            state[name] = 1
            for r in tools.first(where: { $0.name == name })?.requires ?? [] { try visit(r, path + [name]) }
            state[name] = 2
        }
        for t in tools { try visit(t.name, []) }
    }
}
