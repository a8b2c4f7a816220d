import Foundation
import MCIPModel

/// Re-checks an export folder against its `manifest.json`: every listed file exists with the
/// recorded SHA-256, size and record count; every format the manifest names has its three
/// split files; every record has its format's shape and sits in the file of its split; each
/// format's per-split, per-class counts match; no unlisted JSONL file is present.
public enum Verify {
    public static func run(_ folder: URL) -> [String] {
        var problems: [String] = []
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else { return ["\(manifestURL.path): missing"] }
        let manifest: JSON
        do { manifest = try JSONParser.parse([UInt8](data)) } catch { return ["\(manifestURL.path):\(error)"] }
        guard manifest["generator"]?.stringValue?.hasPrefix("mcip ") == true, let files = manifest["files"]?.objectValue else {
            return ["\(manifestURL.path): not an mcip manifest"]
        }
        // format → split → class id (or `safe` / `unsafe` for binary) → records
        var counts: [String: [String: [String: Int]]] = [:]
        let listed = manifest["formats"]?.arrayValue?.compactMap(\.stringValue)
            ?? Array(Set(files.keys.compactMap { $0.split(separator: "/").first.map(String.init) })).sorted()
        for format in listed {
            guard ExportFormat(rawValue: format) != nil else {
                problems.append("manifest.json: unknown format \(format)")
                continue
            }
            for split in Split.allCases where files["\(format)/\(split.rawValue).jsonl"] == nil {
                problems.append("manifest.json: format \(format) lacks \(format)/\(split.rawValue).jsonl")
            }
        }
        for rel in files.keys.sorted() {
            let info = files[rel]!
            // Only `<format>/<split>.jsonl` inside the folder: a manifest must not point elsewhere.
            let parts = rel.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, listed.contains(parts[0]), parts[1].hasSuffix(".jsonl"),
                let split = parts[1].split(separator: ".").first.map(String.init), ["train", "validation", "test"].contains(split)
            else {
                problems.append("\(rel): unexpected file name")
                continue
            }
            let url = folder.appendingPathComponent(rel)
            guard let bytes = FileManager.default.contents(atPath: url.path).map({ [UInt8]($0) }) else {
                problems.append("\(rel): missing")
                continue
            }
            if Hex.encode(SHA256.hash(bytes)) != info["sha256"]?.stringValue { problems.append("\(rel): sha256 differs from the manifest") }
            if bytes.count != info["bytes"]?.intValue { problems.append("\(rel): \(bytes.count) bytes, manifest says \(info["bytes"]?.intValue ?? -1)") }
            let records: [(line: Int, value: JSON)]
            do {
                records = try JSONLines.parse(bytes, file: rel)
            } catch {
                problems.append("\(error)")
                continue
            }
            if records.count != info["records"]?.intValue {
                problems.append("\(rel): \(records.count) records, manifest says \(info["records"]?.intValue ?? -1)")
            }
            for (line, record) in records {
                if let problem = shapeProblem(record, format: parts[0], split: split) {
                    problems.append("\(rel):\(line): \(problem)")
                    if problems.count > 50 { return problems + ["… stopping after 50 problems"] }
                }
                if let key = countKey(record, format: parts[0]) { counts[parts[0], default: [:]][split, default: [:]][key, default: 0] += 1 }
            }
        }
        for format in listed where ExportFormat(rawValue: format) != nil {
            for split in Split.allCases.map(\.rawValue) {
                let expected = manifest["counts"]?[split]
                let found = counts[format]?[split] ?? [:]
                var pairs = MCIPClass.allCases.map { ($0.id, expected?[$0.id]?.intValue ?? 0) }
                if format == ExportFormat.binary.rawValue {
                    let safe = expected?[MCIPClass.appropriate.id]?.intValue ?? 0
                    pairs = [("safe", safe), ("unsafe", (expected?["total"]?.intValue ?? 0) - safe)]
                }
                for (key, n) in pairs where found[key, default: 0] != n {
                    problems.append("counts: \(format)/\(split) has \(found[key, default: 0]) \(key) records, manifest says \(n)")
                }
            }
        }
        for format in ExportFormat.allCases.map(\.rawValue) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(format).path)) ?? []
            for name in names where name.hasSuffix(".jsonl") && files["\(format)/\(name)"] == nil {
                problems.append("\(format)/\(name): not listed in the manifest")
            }
        }
        return problems
    }

    /// What is wrong with a record's shape for its format, or nil.
    static func shapeProblem(_ r: JSON, format: String, split: String) -> String? {
        guard case .object(let o) = r else { return "not a JSON object" }
        guard o["id"]?.stringValue != nil else { return "no string id" }
        switch format {
        case "bench":
            guard Set(o.keys) == ["id", "body", "label"] else { return "bench records hold exactly id, body and label" }
            guard o["body"]?.stringValue != nil, let l = o["label"]?.stringValue, MCIPClass(paperLabel: l) != nil else {
                return "bench label must be a paper label string"
            }
        case "chat":
            guard let m = o["messages"]?.arrayValue, m.count == 3, m.map({ $0["role"]?.stringValue ?? "" }) == ["system", "user", "assistant"],
                let answer = m[2]["content"]?.stringValue, MCIPClass.allCases.contains(where: { answer.hasSuffix("Choice: \($0.option)") })
            else { return "chat records hold system, user and assistant messages ending in a Choice line" }
        case "native":
            for key in ["category", "label", "letter", "group", "template", "body", "rationale"] where o[key]?.stringValue == nil {
                return "native record lacks \(key)"
            }
            guard o["split"]?.stringValue == split else { return "record's split is not \(split)" }
            guard let events = o["events"]?.arrayValue, let flows = o["flows"]?.arrayValue, events.count == flows.count else {
                return "native records need events and one flow per event"
            }
            guard let c = o["category"]?.stringValue.flatMap(MCIPClass.init(rawValue:)), o["label"]?.stringValue == c.paperLabel else {
                return "category and label disagree"
            }
        case "openai":
            return OpenAIShape.problem(o)
        case "binary":
            guard Set(o.keys) == ["id", "body", "label"], o["body"]?.stringValue != nil else { return "binary records hold exactly id, body and label" }
            guard o["label"] == "safe" || o["label"] == "unsafe" else { return "binary label must be safe or unsafe" }
        default:
            return "unknown format \(format)"
        }
        return nil
    }

    /// The class a record is counted under (`safe` or `unsafe` for binary), or nil when it
    /// cannot be read (its shape problem is reported already).
    static func countKey(_ r: JSON, format: String) -> String? {
        switch format {
        case "bench": return r["label"]?.stringValue.flatMap(MCIPClass.init(paperLabel:))?.id
        case "native", "openai": return r["category"]?.stringValue.flatMap(MCIPClass.init(rawValue:))?.id
        case "binary": return r["label"]?.stringValue
        case "chat":
            guard let answer = r["messages"]?.arrayValue?.last?["content"]?.stringValue else { return nil }
            return MCIPClass.allCases.first { answer.hasSuffix("Choice: \($0.option)") }?.id
        default: return nil
        }
    }
}
