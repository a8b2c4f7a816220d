import ArgumentParser

@main
struct MCIP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcip",
        abstract: "Manufacture safety training and evaluation data for the Model Context Protocol.",
        discussion: """
            Example: mcip generate --per-class 1000 --seed 42 --db Output/mcip.sqlite && mcip export --db Output/mcip.sqlite

            Shell completion: mcip --generate-completion-script bash|zsh|fish (or make completions; see README.md).
            Colour (error prefixes on a terminal) is off when NO_COLOR is set.
            """,
        subcommands: [
            Generate.self, Export.self, Stats.self, Taxonomy.self, Lint.self, AuditCommand.self, VerifyCommand.self, Trace.self,
            Prompt.self, Eval.self, Dedup.self, Report.self, Serve.self,
        ])
}
