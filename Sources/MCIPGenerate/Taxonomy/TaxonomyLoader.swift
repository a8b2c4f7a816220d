import Foundation
import MCIPModel

/// Loads `Templates/taxonomy.yaml` and checks that the eleven generated classes are present
/// with exactly the paper's label, letter and option name.
public enum TaxonomyLoader {
    static let fields: Set<String> = [
        "id", "label", "letter", "option", "definition", "phase", "source", "scope", "type", "maestro", "generated",
    ]

    public static func load(_ url: URL) throws(InputErrors) -> Taxonomy {
        let diagnostics = Diagnostics()
        let path = InputFiles.display(url, under: url)
        var result: Taxonomy?
        diagnostics.attempt { result = try read(try YAMLFile.load(url, displayPath: path), diagnostics) }
        try diagnostics.throwIfAny()
        return result!
    }

    /// Reads the taxonomy file's root node; problems with single entries go to `diagnostics`.
    static func read(_ root: YNode, _ diagnostics: Diagnostics) throws -> Taxonomy {
        let map = try root.mapping("the taxonomy file")
        try map.onlyKeys(["version", "categories"])
        let version = try map.required("version").nonEmptyString("version")
        var entries: [TaxonomyEntry] = []
        var seen: Set<String> = []
        let categoriesNode = try map.required("categories")
        for item in try categoriesNode.nonEmptyList("categories") {
            // An entry with a problem is reported once, not again as missing.
            if let id = try? item.mapping("a category").optional("id")?.string("id") { seen.insert(id) }
            guard let entry = diagnostics.attempt({ try readEntry(item) }) else { continue }
            if entries.contains(where: { $0.id == entry.id }) {
                diagnostics.record(item.error("duplicate category id '\(entry.id)'"))
                continue
            }
            entries.append(entry)
        }
        for cls in MCIPClass.allCases where !seen.contains(cls.id) {
            let key = map.entries.first { $0.key == "categories" }?.keyNode ?? categoriesNode
            diagnostics.record(key.error("the taxonomy lacks category '\(cls.id)'"))
        }
        return Taxonomy(version: version, entries: entries)
    }

    static func readEntry(_ node: YNode) throws -> TaxonomyEntry {
        let m = try node.mapping("a category")
        try m.onlyKeys(fields)
        let id = try m.required("id").nonEmptyString("id")
        let labelNode = try m.required("label")
        let label = try labelNode.nonEmptyString("label")
        let letter = try m.optional("letter")?.nonEmptyString("letter")
        let option = try m.optional("option")?.nonEmptyString("option")
        let generated = try m.optional("generated")?.bool("generated") ?? true
        if let cls = MCIPClass(rawValue: id) {
            if label != cls.paperLabel {
                throw labelNode.error("category '\(id)' must have the paper label '\(cls.paperLabel)', found '\(label)'")
            }
            if letter != cls.letter { throw node.error("category '\(id)' must have letter \(cls.letter)") }
            if option != cls.optionName { throw node.error("category '\(id)' must have option name '\(cls.optionName)'") }
            if !generated { throw node.error("category '\(id)' is one of the eleven generated classes") }
        } else if generated {
            throw node.error("category '\(id)' is not one the generator knows; mark it generated: false")
        }
        return TaxonomyEntry(
            id: id, label: label, letter: letter, optionName: option,
            definition: try m.required("definition").nonEmptyString("definition"),
            phase: try m.required("phase").nonEmptyString("phase"), source: try m.required("source").nonEmptyString("source"),
            scope: try m.required("scope").nonEmptyString("scope"), type: try m.required("type").nonEmptyString("type"),
            maestro: try m.required("maestro").list("maestro").map { try $0.nonEmptyString("a MAESTRO layer") },
            generated: generated)
    }
}
