import ArgumentParser
import Foundation
import MCIPExport
import MCIPPipeline

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the database as JSONL datasets with train/validation/test splits.",
        discussion: """
            Formats: native (the whole sample), bench ({"id", "body", "label"} with the paper's label), chat (guard \
            prompt and answer), openai (the trajectory as an OpenAI/TRL tool-calling chat with tools, plus the \
            label), binary ({"id", "body", "label"} with safe or unsafe). The default is native,bench,chat.

            Examples:
              mcip export --db Output/mcip.sqlite --out Output/dataset
              mcip export --db Output/mcip.sqlite --out Output/dataset --format native,bench,chat,openai,binary
            """)

    @Option(help: "The database to read.") var db = "Output/mcip.sqlite"
    @Option(help: "The dataset folder to write (replaced atomically).") var out = "Output/dataset"
    @Option(help: "Share of groups for train, validation and test, e.g. 0.8,0.1,0.1.") var split = "0.8,0.1,0.1"
    @Option(help: "Hold out whole servers or templates for test only: servers or templates.") var holdout: HoldoutKind?
    @Option(help: "Formats to write, comma-separated, from native, bench, chat, openai, binary.") var format = "native,bench,chat"
    @Flag(help: "Print no progress on stderr.") var quiet = false

    func run() throws {
        let parts = split.split(separator: ",").compactMap { Double($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 >= 0 }), abs(parts.reduce(0, +) - 1) < 1e-9, parts[0] > 0 else {
            throw ValidationError("--split needs three non-negative shares summing to 1, train first and positive")
        }
        let formats: [ExportFormat]
        do { formats = try ExportFormat.parseList(format) } catch { throw ValidationError("--format: \(error)") }
        try reporting {
            let options = ExportOptions(
                database: db, out: URL(fileURLWithPath: out), assigner: SplitAssigner(train: parts[0], validation: parts[1], test: parts[2]),
                holdout: holdout, formats: formats)
            let bar = ProgressBar.standardError(label: "export", quiet: quiet)
            defer { bar.abandon() }
            let report = try ExportRun.run(options) { written, total in bar.update(written, of: total) }
            bar.finish()
            let mb = Double(report.bytes) / 1_000_000
            print("exported \(report.samples) samples, \(String(format: "%.1f", mb)) MB in \(String(format: "%.2f", report.seconds)) s → \(out)")
            for split in Split.allCases {
                print("  \(split.rawValue): \(report.counts[split]?.values.reduce(0, +) ?? 0)")
            }
            if let holdout {
                print("  held out (\(holdout.rawValue), test only): \(report.heldOut.joined(separator: ", "))")
                print("  left out to keep them unseen: \(report.excluded)")
            }
        }
    }
}

extension HoldoutKind: ExpressibleByArgument {}
