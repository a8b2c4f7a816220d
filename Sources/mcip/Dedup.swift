import ArgumentParser
import Foundation
import MCIPPipeline

struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove near-duplicate records from any JSONL file (MinHash, LSH, exact Jaccard check).",
        discussion: """
            Records are compared on one field's word n-grams; the first record of a cluster is kept and
            every later one with Jaccard similarity at or above the threshold, or identical text, is
            dropped. Kept lines are copied unchanged; the cluster report has one line per cluster.

            Example: mcip dedup --input Output/dataset/bench/train.jsonl --field body --out train.dedup.jsonl
            """)

    @Option(help: "The JSONL file to read, or - for standard input.") var input: String
    @Option(help: "The field to compare (a dotted path for nested fields); non-string values compare as JSON.") var field: String
    @Option(help: "Where to write the kept records.") var out: String
    @Option(help: "Where to write the cluster report (default: beside --out, .clusters.jsonl).") var clusters: String?
    @Option(help: "Jaccard similarity at or above which two records are near-duplicates.") var threshold = 0.85
    @Option(help: "Word n-gram size of the shingles.") var ngram = 5
    @Option(help: "MinHash permutations.") var permutations = 128
    @Option(help: "Worker threads (default: all cores). The output does not depend on it.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threshold > 0 && threshold <= 1 else { throw ValidationError("--threshold must be in (0, 1]") }
        guard ngram > 0 else { throw ValidationError("--ngram must be positive") }
        guard permutations >= 8 else { throw ValidationError("--permutations must be at least 8") }
        guard jobs > 0 else { throw ValidationError("--jobs must be positive") }
    }

    func run() throws {
        try reporting {
            let options = JSONLDedupOptions(
                input: input, field: field, out: out, clusters: clusters, threshold: threshold, ngram: ngram, permutations: permutations,
                jobs: jobs)
            let r = try JSONLDedup.run(options)
            let rate = r.seconds > 0 ? Double(r.records) / r.seconds : 0
            print(
                "read \(r.records) records: kept \(r.kept), exact duplicates \(r.exactDuplicates), near-duplicates \(r.nearDuplicates) "
                    + "in \(r.clusters) clusters (\(r.lsh), \(r.candidatesChecked) candidates checked) in "
                    + "\(String(format: "%.2f", r.seconds)) s (\(Int(rate)) records/s) → \(out), \(options.clusters)")
        }
    }
}
