import ArgumentParser
import Foundation
import MCIPPipeline

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show samples per category and template, and what dedup removed.",
        discussion: "Example: mcip stats --db Output/mcip.sqlite")

    @Option(help: "The database to read.") var db = "Output/mcip.sqlite"
    @Flag(help: "Skip the diversity section (it reads every sample).") var noDiversity = false

    func run() throws {
        try reporting {
            print(try StatsReport.render(database: db, diversity: !noDiversity, jobs: ProcessInfo.processInfo.activeProcessorCount))
        }
    }
}
