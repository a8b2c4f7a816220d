import Foundation
import MCIPExport
import MCIPModel
import Testing

/// The export folder as Hugging Face tools see it: the card's metadata and every config,
/// loaded offline by `datasets.load_dataset` with a fresh cache.
@Suite struct DatasetCardTests {
    let configs = ["bench", "native", "chat", "openai", "binary"]

    func load(_ folder: URL, _ configs: [String]) throws -> JSON {
        let home = temporaryFolder("hf-home")
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["HF_HOME=\(home.path)", "HF_DATASETS_OFFLINE=1", "HF_HUB_OFFLINE=1", "python3", Repo.fixtures.appendingPathComponent("load_dataset.py").path, folder.path]
                + configs)
        guard result.status == 0 else {
            throw TestFailure("load_dataset.py exit \(result.status): \(result.stderr.suffix(2000))")
        }
        return try JSONParser.parse(result.stdout)
    }

    @Test func loadDatasetReadsEveryConfigWithTheManifestsCounts() throws {
        let export = try allFormatsExport.get()
        let manifest = try JSONParser.parse(String(contentsOf: export.appendingPathComponent("manifest.json"), encoding: .utf8))
        let loaded = try load(export, configs)
        for config in configs {
            let splits = loaded["configs"]?[config]?["splits"]
            #expect(Set(splits?.objectValue?.keys.map { $0 } ?? []) == ["train", "validation", "test"], "\(config)")
            for split in ["train", "validation", "test"] {
                let rows = splits?[split]?.intValue
                #expect(rows != nil && rows == manifest["counts"]?[split]?["total"]?.intValue, "\(config)/\(split): \(rows ?? -1)")
                #expect(rows == manifest["files"]?["\(config)/\(split).jsonl"]?["records"]?.intValue)
            }
        }
        // The declared Json features load as objects, not strings.
        let native = loaded["configs"]?["native"]?["first"]
        #expect(native?["events"]?.arrayValue?.first?["from"] == "user")
        #expect(native?["policy"]?["identity"]?["name"]?.stringValue != nil)
        let openai = loaded["configs"]?["openai"]?["first"]
        #expect(openai?["tools"]?.arrayValue?.first?["function"]?["parameters"]?["type"] == "object")
        #expect(openai?["messages"]?.arrayValue?.first?["role"] == "system")
        let bench = loaded["configs"]?["bench"]?["first"]
        #expect(bench?["label"]?.stringValue.flatMap(MCIPClass.init(paperLabel:)) != nil)
    }

    @Test func cardMetadataIsWhatTheHubReads() throws {
        let export = try allFormatsExport.get()
        let card = try load(export, [])["card"]
        #expect(card?["license"] == "apache-2.0")
        #expect(card?["size_categories"] == ["n<1K"])
        #expect(card?["task_categories"] == ["text-classification", "text-generation"])
        let configs = card?["configs"]?.arrayValue ?? []
        #expect(configs.compactMap { $0["config_name"]?.stringValue } == ["native", "bench", "chat", "openai", "binary"])
        for c in configs {
            let name = c["config_name"]?.stringValue ?? ""
            #expect(c["data_files"] == .array(["train", "validation", "test"].map { ["split": .string($0), "path": .string("\(name)/\($0).jsonl")] }))
            #expect(c["default"] == (name == "bench" ? JSON.bool(true) : Optional<JSON>.none))
        }
        let declared = (card?["dataset_info"]?.arrayValue ?? []).compactMap { $0["config_name"]?.stringValue }
        #expect(declared == ["native", "openai"])
    }

    @Test func cardBodyHoldsCountsDedupOracleTaxonomyAndLimits() throws {
        let export = try allFormatsExport.get()
        let manifest = try JSONParser.parse(String(contentsOf: export.appendingPathComponent("manifest.json"), encoding: .utf8))
        let card = try String(contentsOf: export.appendingPathComponent("README.md"), encoding: .utf8)
        for heading in ["## Loading", "## How it was made", "## Counts", "## Deduplication and label checks", "## Formats", "## Taxonomy",
            "## Intended use and limits"]
        {
            #expect(card.contains("\n\(heading)\n"), "\(heading)")
        }
        let counts = manifest["counts"]
        for c in MCIPClass.allCases {
            let cells = ["train", "validation", "test", "all"].map { String(counts?[$0]?[c.id]?.intValue ?? -1) }
            #expect(card.contains("| \(c.option) | `\(c.paperLabel)` | \(cells.joined(separator: " | ")) |"), "\(c.id)")
            #expect(card.contains("| \(c.letter) | \(c.optionName) | `\(c.paperLabel)` | "), "taxonomy row \(c.id)")
        }
        let checked = manifest["oracle"]?["checked"]?.intValue ?? -1
        #expect(card.contains("- oracle agreement: \(checked) of \(checked) stored samples (100.0%)"))
        #expect(card.contains("- near-duplicates dropped: \(manifest["dedup"]?["near_duplicates_total"]?.intValue ?? -1) (Jaccard similarity ≥ 0.85)"))
        for format in ExportFormat.allCases { #expect(card.contains("\n- `\(format.rawValue)`: "), "\(format)") }
        #expect(card.contains("Function names are `<server>__<tool>`"))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
