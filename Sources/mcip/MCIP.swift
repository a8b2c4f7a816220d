import ArgumentParser

@main
struct MCIP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcip",
        abstract: "Manufacture safety training and evaluation data for the Model Context Protocol.",
        subcommands: [
            Generate.self, Export.self, Stats.self, Taxonomy.self, Lint.self, AuditCommand.self, VerifyCommand.self, Trace.self,
            Prompt.self, Eval.self, Serve.self,
        ])
}
