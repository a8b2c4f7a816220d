import ArgumentParser
import Foundation
import MCIPModel
import MCIPPipeline

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate labelled samples into an SQLite database.",
        discussion: "Example: mcip generate --per-class 1000 --seed 42 --db Output/mcip.sqlite")

    @Option(help: "Samples to store per class (duplicates are dropped and replaced).")
    var perClass = 1000

    @Option(help: "Seed of every random choice.")
    var seed = 42

    @Option(help: "The database to write (created when missing; a rerun continues it).")
    var db = "Output/mcip.sqlite"

    @OptionGroup var inputs: InputOptions

    @Option(help: "Jaccard similarity at which two samples of a class count as near-duplicates (above 1: off).")
    var nearThreshold = 0.85

    @Option(help: "Word n-gram size of near-duplicate shingles.")
    var ngram = 1

    @Option(help: "Worker threads (default: all cores). The output does not depend on it.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print no progress on stderr.")
    var quiet = false

    @Option(help: "Indices per class in a batch; a batch of every class is committed at once, so a stop or crash loses at most one. The output does not depend on it.")
    var batchSize = GenerateOptions.defaultBatchSize

    func validate() throws {
        guard perClass > 0 else { throw ValidationError("--per-class must be positive") }
        guard seed >= 0 else { throw ValidationError("--seed must not be negative") }
        guard jobs > 0 else { throw ValidationError("--jobs must be positive") }
        guard nearThreshold > 0 else { throw ValidationError("--near-threshold must be positive") }
        guard ngram > 0 else { throw ValidationError("--ngram must be positive") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() throws {
        try reporting {
            let options = GenerateOptions(
                perClass: perClass, seed: seed, database: db, templates: inputs.templatesURL, seeds: inputs.seedsURL, jobs: jobs,
                batchSize: batchSize, dedup: DedupConfig(threshold: nearThreshold, ngram: ngram))
            StopSignal.install()
            let bar = ProgressBar.standardError(label: "generate", quiet: quiet)
            defer { bar.abandon() }
            let report = try GenerateRun.run(options, stop: { StopSignal.received }) { category, stored, total in
                bar.update(stored, of: total, detail: category)
            }
            bar.finish()
            if let signal = report.interruptedBy {
                printError("mcip: stopped by signal \(signal) after committing \(report.stored) new samples to \(db)")
                printError("mcip: to continue where it stopped, run the same command again:")
                printError("  \(ShellWords.join(CommandLine.arguments))")
                throw ExitCode(128 + signal)
            }
            if !report.continuedOtherMakers.isEmpty {
                printError(
                    "mcip: \(db) already held samples of seed \(seed) made \(report.continuedOtherMakers.joined(separator: " and ")); the \(report.stored) added now come from mcip \(generatorVersion) and the current inputs, so together they are not what one run makes"
                )
            }
            let rate = report.seconds > 0 ? Double(report.generated) / report.seconds : 0
            print("generated \(report.generated), stored \(report.stored), exact duplicates \(report.duplicates), near-duplicates \(report.nearDuplicates) in \(String(format: "%.2f", report.seconds)) s (\(Int(rate)) samples/s) → \(db)")
        }
    }
}
