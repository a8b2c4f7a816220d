import ArgumentParser
import MCIPGenerate

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the taxonomy, seeds and templates and report every problem with file:line.",
        discussion: "Example: mcip lint --templates Templates --seeds Seeds")

    @OptionGroup var inputs: InputOptions

    func run() throws {
        try reporting {
            let loaded = try GeneratorInputs.load(templates: inputs.templatesURL, seeds: inputs.seedsURL)
            let s = loaded.seeds
            print("ok: \(s.servers.count) servers, \(s.tools.count) tools, \(s.tasks.count) tasks, \(s.domains.count) domains, \(loaded.templates.count) templates")
        }
    }
}
