import Foundation
import MCIPModel

/// Everything generation reads, loaded and checked once: the taxonomy, the seeds and the
/// templates, with each template's eligible tasks worked out in advance.
public struct GeneratorInputs: Sendable {
    public let taxonomy: Taxonomy
    public let seeds: Seeds
    public let templates: [AttackTemplate]
    /// The guard prompt text (`Templates/prompts/guard.txt`), with `{body}` still open.
    public let guardPrompt: GuardPrompt
    let byCategory: [MCIPClass: [AttackTemplate]]
    /// Template id → indices of the tasks it can use.
    let eligible: [String: [Int]]
    /// Template id → for each task, whether the template can use it.
    let eligibleTask: [String: [Bool]]

    public init(taxonomy: Taxonomy, seeds: Seeds, templates: [AttackTemplate], guardPrompt: String) throws(InputErrors) {
        self.taxonomy = taxonomy
        self.guardPrompt = GuardPrompt(template: guardPrompt, taxonomy: taxonomy)
        self.seeds = seeds
        self.templates = templates
        var byCategory: [MCIPClass: [AttackTemplate]] = [:]
        var eligible: [String: [Int]] = [:]
        var errors: [InputError] = []
        for t in templates {
            byCategory[t.category, default: []].append(t)
            let attack = Attacks.attack(for: t.category)
            let tasks = seeds.tasks.indices.filter { attack.isEligible(seeds.tasks[$0], t, seeds) }
            if tasks.isEmpty {
                errors.append(InputError(file: t.file, line: 1, "no task in the seeds can host template '\(t.id)'"))
            }
            eligible[t.id] = tasks
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        self.byCategory = byCategory
        self.eligible = eligible
        eligibleTask = eligible.mapValues { tasks in
            var mask = [Bool](repeating: false, count: seeds.tasks.count)
            for i in tasks { mask[i] = true }
            return mask
        }
    }

    /// Loads `Templates/taxonomy.yaml`, `Seeds/` and `Templates/<category>/`, reporting every
    /// problem across all of them.
    public static func load(templates: URL, seeds: URL) throws(InputErrors) -> GeneratorInputs {
        var errors: [InputError] = []
        var taxonomy: Taxonomy?
        var loadedSeeds: Seeds?
        do { taxonomy = try TaxonomyLoader.load(templates.appendingPathComponent("taxonomy.yaml")) } catch { errors += error.errors }
        do { loadedSeeds = try SeedLoader.load(from: seeds) } catch { errors += error.errors }
        var loadedTemplates: [AttackTemplate] = []
        do {
            loadedTemplates = try TemplateLoader.load(from: templates, roles: loadedSeeds?.roles ?? [], taxonomy: taxonomy)
        } catch { errors += error.errors }
        let promptURL = templates.appendingPathComponent("prompts/guard.txt")
        let promptPath = InputFiles.display(promptURL, under: templates)
        var prompt = ""
        if let data = FileManager.default.contents(atPath: promptURL.path), let text = String(data: data, encoding: .utf8) {
            prompt = text
            if !text.contains("{body}") { errors.append(InputError(file: promptPath, line: 1, "the guard prompt has no {body} placeholder")) }
        } else {
            errors.append(InputError(file: promptPath, line: 1, "cannot read the guard prompt (UTF-8 text with a {body} placeholder)"))
        }
        guard errors.isEmpty, let taxonomy, let loadedSeeds else { throw InputErrors(errors) }
        return try GeneratorInputs(taxonomy: taxonomy, seeds: loadedSeeds, templates: loadedTemplates, guardPrompt: prompt)
    }

    func templates(for category: MCIPClass) -> [AttackTemplate] { byCategory[category] ?? [] }
}
