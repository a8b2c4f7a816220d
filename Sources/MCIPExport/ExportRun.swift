import Foundation
import MCIPModel
import MCIPStore

/// Options of `mcip export`.
public struct ExportOptions: Sendable {
    public var database: String
    public var out: URL
    public var assigner: SplitAssigner

    public init(database: String, out: URL, assigner: SplitAssigner = SplitAssigner()) {
        self.database = database
        self.out = out
        self.assigner = assigner
    }
}

public struct ExportReport: Sendable {
    public var samples = 0
    public var bytes = 0
    public var seconds = 0.0
    public var counts: [Split: [String: Int]] = [:]
}

/// Writes the dataset folder: `native`, `bench` and `chat` JSONL per split, `manifest.json`
/// and the dataset card. Everything is written into a temporary folder beside the target and
/// renamed into place at the end, so an interrupted export leaves the previous one intact.
public enum ExportRun {
    public static let formats = ["native", "bench", "chat"]

    public static func run(_ options: ExportOptions) throws -> ExportReport {
        let start = Date()
        let store = try SampleStore(path: options.database, create: false)
        guard let taxonomyText = try store.meta("taxonomy"), let promptText = try store.meta("guard_prompt") else {
            throw StoreError("\(options.database): no generation run has completed in this database")
        }
        let target = options.out.standardizedFileURL
        try ExportFolder.checkReplaceable(target)

        let keys = try store.sampleKeys()
        let groupSplit = options.assigner.assign(keys.map { ($0.group, $0.category) })
        var splitOf: [String: Split] = [:]
        splitOf.reserveCapacity(keys.count)
        for k in keys { splitOf[k.id] = groupSplit[k.group]! }

        let staging = try ExportFolder.makeStaging(for: target)
        var writers: [String: HashingFileWriter] = [:]
        for format in formats {
            try FileManager.default.createDirectory(at: staging.appendingPathComponent(format), withIntermediateDirectories: true)
            for split in Split.allCases {
                let rel = "\(format)/\(split.rawValue).jsonl"
                writers[rel] = try HashingFileWriter(path: staging.appendingPathComponent(rel).path)
            }
        }

        let encoder = RecordEncoder(prompt: GuardPrompt(text: promptText))
        var report = ExportReport()
        var line: [UInt8] = []
        line.reserveCapacity(1 << 16)
        for category in MCIPClass.allCases {
            try store.forEachSample(category: category.id) { id, record, offset, body, answer in
                let split = splitOf[id]!
                let s = split.rawValue
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: record[..<offset])
                line.append(contentsOf: Array("\"split\":\"\(s)\",".utf8))
                line.append(contentsOf: record[offset...])
                try writers["native/\(s).jsonl"]!.writeRecord(line)
                try writers["bench/\(s).jsonl"]!.writeRecord(encoder.bench(id: id, body: body, label: category.paperLabel))
                try writers["chat/\(s).jsonl"]!.writeRecord(encoder.chat(id: id, body: body, answer: answer))
                report.counts[split, default: [:]][category.id, default: 0] += 1
                report.samples += 1
            }
        }

        var files: [String: JSON] = [:]
        for rel in writers.keys.sorted() {
            let w = writers[rel]!
            let sha = try w.finish()
            files[rel] = ["sha256": .string(sha), "records": .int(w.records), "bytes": .int(w.bytes)]
            report.bytes += w.bytes
        }
        let taxonomy = (try? JSONParser.parse(taxonomyText)) ?? .null
        let manifest = try Manifest.build(store: store, report: report, files: files, taxonomy: taxonomy, options: options)
        var manifestWriter = JSONWriter()
        manifestWriter.write(manifest)
        try Data((manifestWriter.string + "\n").utf8).write(to: staging.appendingPathComponent("manifest.json"))
        try Data(DatasetCard.render(manifest: manifest, taxonomy: taxonomy).utf8).write(to: staging.appendingPathComponent("README.md"))
        try ExportFolder.swap(staging, into: target)
        report.seconds = Date().timeIntervalSince(start)
        return report
    }
}

/// Encodes the `bench` and `chat` records. The guard prompt around the body is escaped once;
/// only the body is escaped per record.
struct RecordEncoder {
    let promptHead: [UInt8]
    let promptTail: [UInt8]
    let systemMessage: [UInt8]

    init(prompt: GuardPrompt) {
        let parts = prompt.text.components(separatedBy: "{body}")
        promptHead = RecordEncoder.escapedInner(parts[0])
        promptTail = RecordEncoder.escapedInner(parts.dropFirst().joined(separator: "{body}"))
        var w = JSONWriter()
        w.writeString(GuardPrompt.systemMessage)
        systemMessage = w.bytes
    }

    /// The JSON-escaped text without its surrounding quotes.
    static func escapedInner(_ s: String) -> [UInt8] {
        var w = JSONWriter()
        w.writeString(s)
        return Array(w.bytes.dropFirst().dropLast())
    }

    func bench(id: String, body: String, label: String) -> [UInt8] {
        var w = JSONWriter(capacity: body.utf8.count + 128)
        w.appendRaw("{\"body\":")
        w.writeString(body)
        w.appendRaw(",\"id\":")
        w.writeString(id)
        w.appendRaw(",\"label\":")
        w.writeString(label)
        w.appendRaw("}")
        return w.bytes
    }

    func chat(id: String, body: String, answer: String) -> [UInt8] {
        var w = JSONWriter(capacity: body.utf8.count + promptHead.count + promptTail.count + 512)
        w.appendRaw("{\"id\":")
        w.writeString(id)
        w.appendRaw(",\"messages\":[{\"content\":")
        w.appendRaw(systemMessage)
        w.appendRaw(",\"role\":\"system\"},{\"content\":\"")
        w.appendRaw(promptHead)
        w.appendRaw(RecordEncoder.escapedInner(body))
        w.appendRaw(promptTail)
        w.appendRaw("\",\"role\":\"user\"},{\"content\":")
        w.writeString(answer)
        w.appendRaw(",\"role\":\"assistant\"}]}")
        return w.bytes
    }
}
