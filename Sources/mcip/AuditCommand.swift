import ArgumentParser
import MCIPAudit
import MCIPModel
import MCIPPipeline

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Re-check the labels of a native JSONL file with the oracle.",
        discussion: "Example: mcip audit Output/dataset/native/test.jsonl   (or - for stdin; exit 0 only when every label agrees)")

    @Argument(help: "A native JSONL file, or - for standard input.") var file: String
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() throws {
        try reporting {
            let records = try JSONLines.read(file)
            let report = try Audit.run(records: records, file: file)
            if json {
                print(report.json.canonical)
            } else {
                print(AuditTable.render(report))
            }
            if !report.disagreements.isEmpty { throw ExitCode.failure }
        }
    }
}
