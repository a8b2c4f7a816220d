import Foundation
import MCIPModel
import Testing

/// `mcip dedup` on hand-made JSONL: what is kept, what the cluster report says, bad input.
struct DedupCommandTests {
    static let base = "the user asked the assistant to list the open issues in the mcip repository and then to summarise the three oldest ones for the weekly report"
    static let lines = [
        #"{"id":"a","body":"\#(base)"}"#,
        #"{"id":"b","body":"please book a table for four people at the italian place near the station on friday evening at seven and send the confirmation to my email"}"#,
        "",
        #"{"id":"a2","body":"\#(base.replacingOccurrences(of: "three oldest", with: "three newest"))"}"#,
        #"{"id":"a3","body":"\#(base)"}"#,
        #"{"id":"n","body":{"nested":"rotate the api keys of the staging project and revoke the old ones after the deploy finishes tonight"}}"#,
    ]

    func run(_ lines: [String], _ extra: [String] = []) throws -> (result: ProcessResult, out: URL, clusters: URL) {
        let dir = temporaryFolder("dedup-cmd")
        let input = dir.appendingPathComponent("in.jsonl"), out = dir.appendingPathComponent("kept.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let result = try runProcess(Repo.binary, ["dedup", "--input", input.path, "--field", "body", "--out", out.path] + extra)
        return (result, out, dir.appendingPathComponent("kept.clusters.jsonl"))
    }

    @Test(arguments: ["1", "2"])
    func keepsTheFirstOfEachClusterAndReportsTheRest(jobs: String) throws {
        let (result, out, clusters) = try run(Self.lines, ["--jobs", jobs, "--ngram", "3", "--threshold", "0.6"])
        #expect(result.status == 0, "\(result.stderr)")
        let kept = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        // a2 differs in one word (Jaccard of 3-grams ≈ 0.84), a3 is a copy of a; n holds an object.
        #expect(kept == [Self.lines[0], Self.lines[1], Self.lines[5]])
        let report = try String(contentsOf: clusters, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(report.count == 1)
        #expect(report[0]["kept_line"] == 1)
        let dropped = report[0]["dropped"]?.arrayValue ?? []
        #expect(dropped.map { $0["line"] } == [4, 5])
        #expect(dropped.map { $0["exact"] } == [false, true])
        let j = dropped[0]["similarity"]?.doubleValue ?? 0
        #expect(j > 0.6 && j < 1)
        #expect(result.stdout.contains("read 5 records: kept 3, exact duplicates 1, near-duplicates 1"))
    }

    @Test func aStricterThresholdKeepsTheNearCopy() throws {
        let (result, out, _) = try run(Self.lines, ["--ngram", "3", "--threshold", "0.95"])
        #expect(result.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").count == 4)
    }

    @Test(arguments: [
        (#"{"id":"x","body":"fine"}"# + "\n" + #"{"id":"y","body": oops}"#, "in.jsonl:2:"),
        (#"{"id":"x","text":"no body"}"#, "in.jsonl:1:1: the record has no field 'body'"),
    ])
    func badInputExits65AndWritesNothing(text: String, message: String) throws {
        let (result, out, clusters) = try run([text])
        #expect(result.status == 65)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: clusters.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(leftovers == ["in.jsonl"])
    }
}
