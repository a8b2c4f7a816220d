import ArgumentParser
import MCIPPipeline

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show samples per category and template, and what dedup removed.",
        discussion: "Example: mcip stats --db Output/mcip.sqlite")

    @Option(help: "The database to read.") var db = "Output/mcip.sqlite"

    func run() throws {
        try reporting { print(try StatsReport.render(database: db)) }
    }
}
