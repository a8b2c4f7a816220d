import ArgumentParser
import Foundation
import MCIPExport
import MCIPReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML page with SVG charts of what a database holds.",
        discussion: """
            Charts: samples per class and split (as an export with the same --split and --holdout writes them), \
            body lengths, tool calls per sample, duplicates dropped per class, duplicate cluster sizes, oracle \
            agreement, diversity; then the taxonomy table. The page has no scripts and no external resources.

            Example: mcip report --db Output/mcip.sqlite --out Output/report.html
            """)

    @Option(help: "The database to read.") var db = "Output/mcip.sqlite"
    @Option(help: "The HTML file to write (replaced atomically).") var out = "Output/report.html"
    @Option(help: "Share of groups for train, validation and test, as for export.") var split = "0.8,0.1,0.1"
    @Option(help: "Count splits with a servers or templates holdout, as for export.") var holdout: HoldoutKind?

    func run() throws {
        let parts = split.split(separator: ",").compactMap { Double($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 >= 0 }), abs(parts.reduce(0, +) - 1) < 1e-9, parts[0] > 0 else {
            throw ValidationError("--split needs three non-negative shares summing to 1, train first and positive")
        }
        try reporting {
            let options = ReportOptions(
                database: db, out: URL(fileURLWithPath: out), assigner: SplitAssigner(train: parts[0], validation: parts[1], test: parts[2]),
                holdout: holdout)
            let summary = try ReportRun.run(options)
            print("wrote \(summary.charts) charts for \(summary.figures.exportedTotal) samples, \(summary.bytes / 1024) KB → \(out)")
        }
    }
}
