import ArgumentParser
import MCIPAudit
import MCIPPipeline

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a model's answers against gold labels: accuracy, macro-F1, per-class scores and the confusion matrix.",
        discussion: """
            Gold is a bench (or native) JSONL file; predictions are {"id", "output"} lines with the model's raw text, \
            read like the paper's code: an option string ("E. Function Injection"), else a "Choice: E" line, else an \
            option name alone.

            Example: mcip eval --gold Output/dataset/bench/test.jsonl --predictions answers.jsonl --json
            """)

    @Option(help: "Gold labels: bench or native JSONL, or - for stdin.") var gold: String
    @Option(help: "The model's answers: {\"id\", \"output\"} JSONL, or - for stdin.") var predictions: String
    @Flag(help: "Leave unparsed outputs out of the figures, as the paper's code does, instead of counting them as wrong.")
    var excludeUnparsed = false
    @Flag(help: "Print one canonical JSON object instead of tables.") var json = false

    func validate() throws {
        if gold == "-" && predictions == "-" { throw ValidationError("only one of --gold and --predictions can read stdin") }
    }

    func run() throws {
        try reporting {
            let evaluation = try Evaluation.load(
                gold: try readRecords(gold), predictions: try readRecords(predictions), excludeUnparsed: excludeUnparsed)
            print(json ? evaluation.json.canonical : EvaluationReport.render(evaluation))
        }
    }
}
