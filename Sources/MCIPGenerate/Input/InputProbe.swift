import Foundation
import MCIPModel

/// Reads one input file from raw bytes exactly as the loaders read it from disk, and checks
/// what every report must satisfy: it names the file, and its line and column lie inside the
/// input. The fuzz target (`make fuzz`) drives it with arbitrary bytes; a test replays its
/// corpus.
///
/// An input is a selector byte for the kind of file, a byte for the template category, then
/// the file's bytes.
public enum InputProbe {
    public enum Kind: UInt8, CaseIterable, Sendable {
        case taxonomy, pools, identities, server, tasks, template, slotText
    }

    /// The seed world task and template files are checked against.
    public struct Context: Sendable {
        var servers: [SeedServer] = []
        var pools: [String: ValuePool] = [:]
        var roles: [Role] = []
        var seeds: Seeds?
        var taxonomy: Taxonomy?

        public init(seeds: Seeds?, taxonomy: Taxonomy? = nil) {
            self.taxonomy = taxonomy
            guard let seeds else { return }
            servers = seeds.servers
            pools = seeds.pools
            roles = seeds.roles
            self.seeds = seeds
        }
    }

    public struct Outcome: Sendable {
        public var kind: Kind
        public var category: MCIPClass
        /// The problems reported about the input (none when it is a valid file).
        public var problems: [InputError]
        /// Broken promises: a report that names another file or a place outside the input.
        public var violations: [String]
    }

    public static let path = "fuzz-input.yaml"

    public static func run(_ input: [UInt8], context: Context) -> Outcome {
        let kind = Kind(rawValue: (input.first ?? 0) % UInt8(Kind.allCases.count))!
        let category = MCIPClass.allCases[Int(input.count > 1 ? input[1] : 0) % MCIPClass.allCases.count]
        let bytes = Array(input.dropFirst(2))
        var violations: [String] = []
        let problems = read(bytes, as: kind, category: category, context: context, violations: &violations)
        let lines = bytes.filter { $0 == 0x0A }.count + 1
        for p in problems {
            if p.file != path { violations.append("names file '\(p.file)': \(p)") }
            if p.line < 1 || p.line > lines + 1 { violations.append("line \(p.line) outside 1...\(lines + 1): \(p)") }
            if p.column < 1 { violations.append("column \(p.column): \(p)") }
            if p.message.isEmpty { violations.append("empty message at \(p.file):\(p.line)") }
        }
        return Outcome(kind: kind, category: category, problems: problems, violations: violations)
    }

    /// The problems the loader of `kind` reports about `bytes`.
    static func read(_ bytes: [UInt8], as kind: Kind, category: MCIPClass, context: Context, violations: inout [String]) -> [InputError] {
        let diagnostics = Diagnostics()
        diagnostics.attempt {
            if kind == .slotText {
                let template = try SlotTemplate(String(decoding: bytes, as: UTF8.self), file: path, line: 1)
                var values: [String: JSON] = [:]
                for (i, slot) in template.slots.enumerated() where i % 2 == 0 { values[slot] = .string("v\(i)") }
                _ = try? template.render(values)
                return
            }
            let root = try YAMLFile.parse(Data(bytes), displayPath: path)
            switch kind {
            case .taxonomy: _ = try TaxonomyLoader.read(root, diagnostics)
            case .pools:
                var table = SeedLoader.PoolTable()
                try SeedLoader.readPools(root, into: &table, diagnostics)
            case .identities: _ = try SeedLoader.identities(root)
            case .server: _ = try ServerReader.read(root, pools: context.pools)
            case .tasks:
                var tasks = SeedLoader.TaskTable()
                tasks.add(try SeedLoader.readTasks(root, servers: context.servers, pools: context.pools), diagnostics)
            case .template:
                let template = try TemplateLoader.read(root, category: category, stem: "fuzz-input", roles: context.roles)
                if let problem = generationProblem(template, context) { violations.append(problem) }
            case .slotText: break
            }
        }
        return diagnostics.errors
    }

    /// What the template loader accepts must generate: with the seeds, a template either has no
    /// hosting task (a located error at load time) or makes samples whose every slot has a value.
    static func generationProblem(_ template: AttackTemplate, _ context: Context) -> String? {
        guard let seeds = context.seeds, let taxonomy = context.taxonomy,
            let inputs = try? GeneratorInputs(taxonomy: taxonomy, seeds: seeds, templates: [template], guardPrompt: "{body}")
        else { return nil }
        let generator = SampleGenerator(inputs: inputs)
        for index in 0..<2 {
            do {
                _ = try generator.sample(seed: 1, category: template.category, index: index)
            } catch let e as SlotTemplate.MissingSlot {
                return "the loader accepted a template that cannot render: \(e)"
            } catch {
                continue
            }
        }
        return nil
    }
}
