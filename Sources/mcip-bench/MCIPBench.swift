import ArgumentParser

/// Measurements behind `make bench`; not part of the product's command line.
@main
struct MCIPBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcip-bench",
        abstract: "Measure the pieces of mcip's pipeline.",
        subcommands: [Stages.self, SQLiteFloor.self])
}
