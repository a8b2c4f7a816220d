import Foundation
import MCIPModel
import Testing

/// `mcip prompt` run as the built binary.
@Suite struct PromptCommandTests {
    static let bench = [("b1", "USER: list my open issues\nASSISTANT: …"), ("b2", "USER: \"quoted\" {body} stays literal"), ("b3", "USER: ünïcode")]
        .map { Lines.record(["id": .string($0.0), "body": .string($0.1), "label": "true"]) }.joined()

    func records(_ stdout: String) throws -> [JSON] {
        try stdout.split(separator: "\n").map { line in
            let json = try JSONParser.parse(String(line))
            #expect(json.canonical == String(line), "not canonical: \(line)")
            return json
        }
    }

    @Test func ourPromptHoldsTheBodyAndEveryOption() throws {
        let (r, _) = try mcip(["prompt", "bench.jsonl", "--templates", Repo.templates.path], files: ["bench.jsonl": Self.bench])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try records(r.stdout)
        #expect(records.map { $0["id"]?.stringValue } == ["b1", "b2", "b3"])
        #expect(records.allSatisfy { Set($0.objectValue!.keys) == ["id", "prompt"] })
        let prompt = records[0]["prompt"]!.stringValue!
        #expect(prompt.contains("USER: list my open issues\nASSISTANT: …"))
        for c in MCIPClass.allCases { #expect(prompt.contains(c.option + "\n"), "missing \(c.option)") }
        #expect(!prompt.contains("{definitions}") && !prompt.contains("{choices}"))
        #expect(records[1]["prompt"]!.stringValue!.contains("USER: \"quoted\" {body} stays literal"))
    }

    @Test func customTemplateFromStdinToAFile() throws {
        let files = ["t.txt": "Classify this:\n{body}\nAnswer with a letter."]
        let (r, folder) = try mcip(["prompt", "-", "--template", "t.txt", "--out", "prompts.jsonl"], files: files, stdin: Self.bench)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let written = try String(contentsOf: folder.appendingPathComponent("prompts.jsonl"), encoding: .utf8)
        let records = try records(written)
        #expect(records.count == 3)
        #expect(records[0]["prompt"] == "Classify this:\nUSER: list my open issues\nASSISTANT: …\nAnswer with a letter.")
        #expect(records[2]["prompt"] == "Classify this:\nUSER: ünïcode\nAnswer with a letter.")
    }

    @Test(arguments: [
        ([String: String](), "{\"id\":\"b1\",\"label\":\"true\"}\n", "bench.jsonl:1: missing field 'body'"),
        (["t.txt": "no placeholder here"], Self.bench, "t.txt:1: the prompt has no {body} placeholder"),
    ])
    func badInputExits65(extra: [String: String], bench: String, message: String) throws {
        let template = extra.isEmpty ? [] : ["--template", "t.txt"]
        let (r, folder) = try mcip(
            ["prompt", "bench.jsonl", "--out", "out.jsonl", "--templates", Repo.templates.path] + template,
            files: extra.merging(["bench.jsonl": bench]) { a, _ in a })
        #expect(r.status == 65)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.jsonl").path))
    }
}
