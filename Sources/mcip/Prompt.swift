import ArgumentParser
import Foundation
import MCIPAudit
import MCIPGenerate
import MCIPModel

struct Prompt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the guard prompt of every bench record as {\"id\", \"prompt\"} lines, for any model runner to answer.",
        discussion: """
            The prompt is Templates/prompts/guard.txt with the taxonomy's definitions and the choices \
            A. Appropriate … K. Replay Injection; --template uses another prompt file with a {body} placeholder \
            ({definitions} and {choices} are filled too if present). Score the answers with mcip eval.

            Example: mcip prompt Output/dataset/bench/test.jsonl --out prompts.jsonl
            """)

    @Argument(help: "A bench JSONL file ({\"id\", \"body\", \"label\"}), or - for stdin.") var file: String
    @Option(help: "Where to write the prompts (default: stdout).") var out: String?
    @Option(help: "A prompt file with a {body} placeholder, instead of prompts/guard.txt.") var template: String?
    @Option(help: "Folder with taxonomy.yaml and prompts/guard.txt.") var templates = "Templates"

    func run() throws {
        try reporting {
            let lines = try BenchPrompts.render(try readRecords(file), prompt: try guardPrompt())
            try writeLines(lines, to: out)
        }
    }

    /// The prompt text; the taxonomy is read only when the text asks for definitions or choices,
    /// so a self-contained --template works outside the repository.
    func guardPrompt() throws -> GuardPrompt {
        let folder = URL(fileURLWithPath: templates)
        let path = template ?? folder.appendingPathComponent("prompts/guard.txt").path
        guard let data = FileManager.default.contents(atPath: path) else { throw BadRecord(file: path, line: 0, "cannot read the prompt") }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("{body}") else { throw BadRecord(file: path, line: 1, "the prompt has no {body} placeholder") }
        guard text.contains("{definitions}") || text.contains("{choices}") else { return GuardPrompt(text: text) }
        return GuardPrompt(template: text, taxonomy: try TaxonomyLoader.load(folder.appendingPathComponent("taxonomy.yaml")))
    }
}
