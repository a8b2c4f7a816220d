import Foundation
import MCIPExport
import MCIPModel
import Testing

@Suite struct ExportContractTests {
    let splits = ["train", "validation", "test"]

    @Test func everyMCPMessageValidatesAgainstTheOfficialSchema() throws {
        let data = try sharedDataset.get()
        let files = splits.map { data.file("native/\($0).jsonl").path }
        let result = try python([Repo.fixtures.appendingPathComponent("validate_mcp.py").path, Repo.schema.path] + files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let checked = summary?["checked"] as? [String: Int] ?? [:]
        #expect((checked["CallToolRequest"] ?? 0) > 100)
        #expect((checked["CallToolResult"] ?? 0) > 100)
        #expect((checked["ListToolsResult"] ?? 0) > 100)
        #expect(summary?["problems"] as? Int == 0)
    }

    @Test func everyCategoryIsInEverySplitAndNoGroupStraddlesSplits() throws {
        let data = try sharedDataset.get()
        var groupSplit: [String: String] = [:]
        for split in splits {
            let records = try data.records("native/\(split).jsonl")
            let categories = Set(records.map { $0["category"] as! String })
            #expect(categories == Set(MCIPClass.allCases.map(\.id)), "split \(split) lacks \(Set(MCIPClass.allCases.map(\.id)).subtracting(categories))")
            for r in records {
                #expect(r["split"] as? String == split)
                let group = r["group"] as! String
                if let other = groupSplit[group] { #expect(other == split, "group \(group) in \(other) and \(split)") }
                groupSplit[group] = split
            }
        }
    }

    @Test func benchLabelsAreThePaperStrings() throws {
        let data = try sharedDataset.get()
        let allowed = Set(MCIPClass.allCases.map(\.paperLabel))
        #expect(allowed.contains("ignore_prupose_prompt_injection") && allowed.contains("replay_function") && allowed.contains("true"))
        for split in splits {
            let native = try data.records("native/\(split).jsonl")
            let bench = try data.records("bench/\(split).jsonl")
            #expect(native.count == bench.count)
            for (n, b) in zip(native, bench) {
                #expect(Set(b.keys) == ["id", "body", "label"])
                #expect(b["id"] as? String == n["id"] as? String)
                #expect(b["body"] as? String == n["body"] as? String)
                let category = MCIPClass(rawValue: n["category"] as! String)!
                #expect(b["label"] as? String == category.paperLabel)
                #expect(allowed.contains(b["label"] as! String))
            }
        }
    }

    @Test func chatAnswersEndWithTheirChoiceAndNameNoOtherOption() throws {
        let data = try sharedDataset.get()
        for split in splits {
            let native = try data.records("native/\(split).jsonl")
            let chat = try data.records("chat/\(split).jsonl")
            for (n, c) in zip(native, chat) {
                let category = MCIPClass(rawValue: n["category"] as! String)!
                let messages = c["messages"] as! [[String: String]]
                #expect(messages.map { $0["role"]! } == ["system", "user", "assistant"])
                let answer = messages[2]["content"]!
                #expect(answer.hasPrefix("Rationale: "))
                #expect(answer.hasSuffix("\nChoice: \(category.option)"))
                for other in MCIPClass.allCases where other != category {
                    #expect(!answer.contains(other.option), "\(c["id"]!) mentions \(other.option)")
                }
                #expect(messages[1]["content"]!.contains(n["body"] as! String))
                #expect(messages[1]["content"]!.contains("K. Replay Injection"))
            }
        }
    }

    @Test func jsonLinesAreCanonical() throws {
        let data = try sharedDataset.get()
        for format in ["native", "bench", "chat"] {
            let text = try String(contentsOf: data.file("\(format)/train.jsonl"), encoding: .utf8)
            #expect(text.hasSuffix("\n") && !text.contains("\r"))
            for line in text.split(separator: "\n").prefix(50) {
                let parsed = try JSONParser.parse(String(line))
                #expect(parsed.canonical == String(line), "not canonical: \(line.prefix(80))")
                #expect(!line.contains("\\/"))
            }
        }
    }

    @Test func manifestHashesEveryFile() throws {
        let data = try sharedDataset.get()
        let manifest = try JSONParser.parse(String(contentsOf: data.file("manifest.json"), encoding: .utf8))
        let files = manifest["files"]?.objectValue ?? [:]
        #expect(files.count == 9)
        for (path, info) in files {
            let bytes = try [UInt8](Data(contentsOf: data.file(path)))
            #expect(info["sha256"]?.stringValue == Hex.encode(SHA256.hash(bytes)), "\(path)")
            #expect(info["records"]?.intValue == bytes.filter { $0 == 0x0A }.count)
        }
        #expect(manifest["counts"]?["all"]?["total"]?.intValue == 40 * 11)
        #expect(manifest["generator"]?.stringValue == "mcip \(generatorVersion)")
        #expect(manifest["sample_generators"] == [.string("mcip \(generatorVersion)")])
        let card = try String(contentsOf: data.file("README.md"), encoding: .utf8)
        #expect(card.hasPrefix("---\n") && card.contains("config_name: bench") && card.contains("| J. Identity Injection | `identity_injection` |"))
    }
}

@Suite struct DeterminismTests {
    func digests(_ d: Dataset) throws -> [String: String] {
        var out: [String: String] = [:]
        for format in ExportRun.formats {
            for split in Split.allCases {
                let rel = "\(format)/\(split.rawValue).jsonl"
                out[rel] = Hex.encode(SHA256.hash([UInt8](try Data(contentsOf: d.file(rel)))))
            }
        }
        out["manifest.json"] = Hex.encode(SHA256.hash([UInt8](try Data(contentsOf: d.file("manifest.json")))))
        return out
    }

    @Test func sameSeedGivesIdenticalFilesAnotherSeedDoesNot() throws {
        let a = try Dataset.make(seed: 11, perClass: 15, label: "det-a")
        let b = try Dataset.make(seed: 11, perClass: 15, label: "det-b")
        let c = try Dataset.make(seed: 12, perClass: 15, label: "det-c")
        let da = try digests(a), db = try digests(b), dc = try digests(c)
        #expect(da == db)
        for key in da.keys where key.hasSuffix(".jsonl") { #expect(da[key] != dc[key], "\(key) same for another seed") }
    }
}
