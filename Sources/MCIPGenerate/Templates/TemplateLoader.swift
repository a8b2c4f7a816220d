import Foundation
import MCIPModel

/// Loads every `Templates/<category>/*.yaml` file. A template for a category the taxonomy
/// does not generate, a misspelt field or a slot the category does not provide is an error
/// naming the file and line.
public enum TemplateLoader {
    public static func load(from directory: URL, roles: [Role], taxonomy: Taxonomy? = nil) throws(InputErrors) -> [AttackTemplate] {
        let diagnostics = Diagnostics()
        let base = directory.standardizedFileURL
        func display(_ url: URL) -> String { InputFiles.display(url, under: base) }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        if entries.isEmpty {
            diagnostics.record(InputError(file: display(base), line: 1, "the templates folder is missing or empty"))
        }
        var templates: [AttackTemplate] = []
        for name in entries.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let url = base.appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue, name != "prompts" else {
                continue
            }
            guard let category = MCIPClass(rawValue: name) else {
                let problem: String
                if let entry = taxonomy?.entries.first(where: { $0.id == name }), !entry.generated {
                    problem = "category '\(name)' is in the taxonomy but not generated (generated: false), so it cannot have templates yet"
                } else {
                    problem = "folder '\(name)' is not a category of the taxonomy (generated categories: \(MCIPClass.allCases.map(\.id).joined(separator: ", ")))"
                }
                let files = InputFiles.yamlFiles(in: url, diagnostics: diagnostics, display: display)
                if files.isEmpty { diagnostics.record(InputError(file: display(url), line: 1, problem)) }
                for file in files { diagnostics.record(InputError(file: display(file), line: 1, problem)) }
                continue
            }
            for file in InputFiles.yamlFiles(in: url, diagnostics: diagnostics, display: display) {
                diagnostics.attempt {
                    let root = try YAMLFile.load(file, displayPath: display(file))
                    let stem = file.deletingPathExtension().lastPathComponent
                    templates.append(try read(root, category: category, stem: stem, roles: roles))
                }
            }
        }
        for cls in MCIPClass.allCases where !templates.contains(where: { $0.category == cls }) && diagnostics.errors.isEmpty {
            diagnostics.record(InputError(file: display(base.appendingPathComponent(cls.id)), line: 1, "no template for category '\(cls.id)'"))
        }
        try diagnostics.throwIfAny()
        return templates
    }

    static func read(_ root: YNode, category: MCIPClass, stem: String, roles: [Role]) throws -> AttackTemplate {
        let m = try root.mapping("a template")
        try m.onlyKeys(TemplateFields.fields(for: category))
        let id = "\(category.id)/\(stem)"
        if let idNode = m.optional("id"), try idNode.string("id") != id {
            throw idNode.error("template id must be '\(id)' (its folder and file name)")
        }
        let catNode = try m.required("category")
        let declared = try catNode.nonEmptyString("category")
        guard declared == category.id else {
            throw catNode.error("template in folder '\(category.id)' declares category '\(declared)'")
        }
        func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, default value: E) throws -> E
        where E.RawValue == String {
            guard let n = m.optional(key) else { return value }
            let raw = try n.string(key)
            guard let v = E(rawValue: raw) else {
                throw n.error("\(key) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), found '\(raw)'")
            }
            return v
        }
        func enumList<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, default value: [E]) throws -> [E]
        where E.RawValue == String {
            guard let n = m.optional(key) else { return value }
            return try n.nonEmptyList(key).map { item in
                let raw = try item.string(key)
                guard let v = E(rawValue: raw) else {
                    throw item.error("\(key) entries must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return v
            }
        }

        // Which slots have values depends on the category and, for appropriate, on the hard negative.
        let hardNegative = try enumValue("hard_negative", HardNegativeKind.self, default: .none)
        let slots = TemplateFields.slots(for: category, hardNegative: hardNegative)
        func templates(_ key: String, required: Bool = false, extra: Set<String> = [], without: Set<String> = []) throws -> [SlotTemplate] {
            guard let node = m.optional(key) else {
                if required { throw root.error("template '\(id)' is missing '\(key)'") }
                return []
            }
            let available = slots.union(extra).subtracting(without)
            return try node.nonEmptyList(key).map { n in
                let t = try SlotTemplate(try n.nonEmptyString("an entry of \(key)"), file: n.file, line: n.line, column: n.column)
                for s in t.slots where !available.contains(s) {
                    let list = available.sorted().joined(separator: ", ")
                    if without.contains(s) { throw n.error("\(key) cannot use {{\(s)}}: the name made here is its value (available: \(list))") }
                    throw n.error("{{\(s)}} is not a slot of \(category.id)\(category == .appropriate ? " (hard_negative: \(hardNegative.rawValue))" : "") templates (available: \(list))")
                }
                return t
            }
        }

        var weight = 1.0
        if let w = m.optional("weight") {
            weight = try w.double("weight")
            if weight <= 0 { throw w.error("weight must be positive") }
        }
        var repeats = 1...1
        if let r = m.optional("repeats") {
            let bounds = try r.list("repeats")
            guard bounds.count == 2 else { throw r.error("repeats must be [low, high]") }
            let lo = try bounds[0].int("repeats low"), hi = try bounds[1].int("repeats high")
            guard 1 <= lo, lo <= hi, hi <= 5 else { throw r.error("repeats must satisfy 1 <= low <= high <= 5") }
            repeats = lo...hi
        }
        var senderRoles: [String] = []
        if let r = m.optional("sender_roles") {
            for item in try r.nonEmptyList("sender_roles") {
                let role = try item.nonEmptyString("a role")
                guard let known = roles.first(where: { $0.id == role }) else { throw item.error("unknown role '\(role)'") }
                guard known.privilege < .admin else { throw item.error("role '\(role)' may already administer") }
                senderRoles.append(role)
            }
        }
        var extra: [String: JSON] = [:]
        if let e = m.optional("extra_arguments") {
            guard case .object(let o) = try e.json() else { throw e.error("extra_arguments must be a mapping") }
            extra = o
        }
        let cause = try enumValue("cause", AttackCause.self, default: .outcomeOnly)
        let texts = try templates("texts")
        if cause == .withCause && texts.isEmpty && category != .appropriate {
            throw root.error("template '\(id)' is with_cause but has no texts to render the cause")
        }
        let needsNames: Bool =
            category == .functionOverlapping || category == .excessivePrivileges
            || [.lookalikeRouting, .unusedElevatedTool].contains(hardNegative)
        return AttackTemplate(
            id: id, category: category, description: try m.optional("description")?.nonEmptyString("description") ?? "",
            cause: cause, weight: weight, rationales: try templates("rationales", required: true), texts: texts,
            answers: try templates("answers", extra: category == .appropriate ? ["answer"] : []),
            names: try templates("names", required: needsNames, without: TemplateFields.definedByNames), descriptions: try templates("descriptions", required: needsNames),
            pool: try enumValue("pool", ToolPoolKind.self, default: .any),
            naming: try enumList("naming", ImpostorNaming.self, default: [.identical, .confusable]),
            responses: try enumList("responses", ImpostorResponse.self, default: [.noResponse, .empty, .ack]),
            privilege: try enumValue("privilege", Privilege.self, default: .admin), extraArguments: extra, repeats: repeats,
            senderRoles: senderRoles, hardNegative: hardNegative, file: root.file,
            preferStateChanging: try m.optional("prefer_state_changing")?.bool("prefer_state_changing") ?? false)
    }
}
