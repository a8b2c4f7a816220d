import Foundation
import MCIPModel
import MCIPStore

/// Options of `mcip export`.
public struct ExportOptions: Sendable {
    public var database: String
    public var out: URL
    public var assigner: SplitAssigner
    public var holdout: HoldoutKind?
    public var jobs: Int
    /// The formats to write, in canonical order.
    public var formats: [ExportFormat]

    public init(
        database: String, out: URL, assigner: SplitAssigner = SplitAssigner(), holdout: HoldoutKind? = nil,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, formats: [ExportFormat] = ExportFormat.defaults
    ) {
        self.database = database
        self.out = out
        self.assigner = assigner
        self.holdout = holdout
        self.jobs = jobs
        self.formats = Array(Set(formats)).sorted()
    }
}

public struct ExportReport: Sendable {
    public var samples = 0
    public var bytes = 0
    public var seconds = 0.0
    public var counts: [Split: [String: Int]] = [:]
    /// Samples left out to keep a held-out test set clean.
    public var excluded = 0
    public var heldOut: [String] = []
    public var sharedGroups = 0
}

/// Writes the dataset folder: one JSONL file per chosen format and split (`native`, `bench` and
/// `chat` by default; `openai` and `binary` on request), `manifest.json` and the dataset card.
/// Everything is written into a temporary folder beside the target and
/// renamed into place at the end, so an interrupted export leaves the previous one intact.
public enum ExportRun {
    /// The folders a default export writes.
    public static let formats = ExportFormat.defaults.map(\.rawValue)

    /// Writes the dataset; `progress`, when given, hears (samples written, samples to write)
    /// after each batch.
    public static func run(_ options: ExportOptions, progress: ((_ written: Int, _ total: Int) -> Void)? = nil) throws -> ExportReport {
        let start = Date()
        let store = try SampleStore(path: options.database, create: false)
        guard !options.formats.isEmpty else { throw StoreError("no export format chosen") }
        guard let taxonomyText = try store.meta("taxonomy"), let promptText = try store.meta("guard_prompt") else {
            throw StoreError("\(options.database): no generation run has completed in this database")
        }
        let target = options.out.standardizedFileURL
        try ExportFolder.checkReplaceable(target)
        // One read transaction: every query sees the same snapshot, even while a generation
        // run commits batches.
        try store.database.execute("BEGIN")
        defer { try? store.database.execute("COMMIT") }

        let splitOf = try assignSplits(try store.sampleKeys(), options)
        progress?(0, splitOf.splits.count)

        let staging = try ExportFolder.makeStaging(for: target)
        var writers: [String: HashingFileWriter] = [:]
        for format in options.formats.map(\.rawValue) {
            try FileManager.default.createDirectory(at: staging.appendingPathComponent(format), withIntermediateDirectories: true)
            for split in Split.allCases {
                let rel = "\(format)/\(split.rawValue).jsonl"
                writers[rel] = try HashingFileWriter(path: staging.appendingPathComponent(rel).path)
            }
        }

        let encoder = RecordEncoder(prompt: GuardPrompt(text: promptText), formats: options.formats)
        let taxonomy = (try? JSONParser.parse(taxonomyText)) ?? .null
        let entries = TaxonomyEntries(taxonomy)
        let reader = SampleReader(store: store, jobs: options.jobs, nativeForms: true)
        var report = ExportReport()
        let sink = RecordSink(writers: writers)
        let rendering = Result {
            for category in MCIPClass.allCases {
                var writer = JSONWriter()
                writer.write(entries.entry(category).dimensions)
                let dimensions = writer.bytes
                try reader.forEachStoredBatch(category: category.id) { samples in
                    let rendered = try parallelMap(count: samples.count, jobs: options.jobs, schedule: .balanced, threads: .belowCaller) { i -> Rendered? in
                        let (sample, forms) = try samples.sample(i)
                        guard let split = splitOf.splits[sample.id] else { return nil }
                        return encoder.render(sample, split: split, dimensions: dimensions, forms: forms)
                    }
                    let batch = rendered.compactMap { $0 }
                    for r in batch { report.counts[r.split, default: [:]][category.id, default: 0] += 1 }
                    report.samples += batch.count
                    try sink.write(batch)
                    progress?(report.samples, splitOf.splits.count)
                }
            }
        }
        try sink.finish()
        try rendering.get()
        report.excluded = splitOf.excluded
        report.heldOut = splitOf.heldOut
        report.sharedGroups = splitOf.sharedGroups
        // Freed while the files are synced to disk below, not after.
        let released = reader.releaseCache()

        var files: [String: JSON] = [:]
        for rel in writers.keys.sorted() {
            let w = writers[rel]!
            let sha = try w.finish()
            files[rel] = ["sha256": .string(sha), "records": .int(w.records), "bytes": .int(w.bytes)]
            report.bytes += w.bytes
        }
        let manifest = try Manifest.build(store: store, report: report, files: files, taxonomy: taxonomy, options: options)
        var manifestWriter = JSONWriter()
        manifestWriter.write(manifest)
        try Data((manifestWriter.string + "\n").utf8).write(to: staging.appendingPathComponent("manifest.json"))
        try Data(DatasetCard.render(manifest: manifest, taxonomy: taxonomy).utf8).write(to: staging.appendingPathComponent("README.md"))
        try ExportFolder.swap(staging, into: target)
        released.wait()
        report.seconds = Date().timeIntervalSince(start)
        return report
    }
}

extension ExportRun {
    /// Where each sample goes: what the export writes, and what a report of the same split
    /// options counts.
    public struct Assignment: Sendable {
        /// Sample id → split; samples left out to keep a held-out test set clean are absent.
        public var splits: [String: Split]
        public var excluded: Int
        public var heldOut: [String]
        public var sharedGroups = 0
    }

    static func assignSplits(_ keys: [SampleStore.SampleKey], _ options: ExportOptions) throws -> Assignment {
        assignSplits(keys, assigner: options.assigner, holdout: options.holdout)
    }

    /// Sample id → split, by scenario group; with a holdout, its groups go to test and the
    /// other groups share train and validation in their usual proportion.
    public static func assignSplits(_ keys: [SampleStore.SampleKey], assigner: SplitAssigner, holdout: HoldoutKind?) -> Assignment {
        guard let kind = holdout else {
            let groupSplit = assigner.assign(keys.map { ($0.group, $0.category) })
            return Assignment(splits: Dictionary(uniqueKeysWithValues: keys.map { ($0.id, groupSplit[$0.group]!) }), excluded: 0, heldOut: [])
        }
        let ratios = assigner.ratios
        let plan = HoldoutPlan.make(kind, keys: keys, testShare: ratios[.test] ?? 0.1)
        func inTest(_ k: SampleStore.SampleKey) -> Bool { plan.testGroups.contains(k.group) || plan.testSamples.contains(k.id) }
        let rest = keys.filter { !plan.excluded.contains($0.id) && !inTest($0) }
        let trainValidation = SplitAssigner(train: ratios[.train] ?? 0.8, validation: ratios[.validation] ?? 0.1, test: 0)
        let groupSplit = trainValidation.assign(rest.map { ($0.group, $0.category) })
        var splits: [String: Split] = [:]
        for k in keys where !plan.excluded.contains(k.id) {
            splits[k.id] = inTest(k) ? .test : groupSplit[k.group]!
        }
        return Assignment(splits: splits, excluded: plan.excluded.count, heldOut: plan.heldOut, sharedGroups: plan.sharedGroups)
    }
}

/// One sample in the chosen formats, in canonical format order.
struct Rendered: Sendable {
    var split: Split
    var records: [(ExportFormat, [UInt8])]
}

/// Encodes a sample's records in the chosen formats. The guard prompt around the body is
/// escaped once per export and the body once per sample.
struct RecordEncoder: Sendable {
    let promptHead: [UInt8]
    let promptTail: [UInt8]
    let systemMessage: [UInt8]
    let formats: [ExportFormat]

    init(prompt: GuardPrompt, formats: [ExportFormat] = ExportFormat.defaults) {
        self.formats = formats
        let parts = prompt.text.components(separatedBy: "{body}")
        promptHead = JSONWriter.escapedInner(parts[0])
        promptTail = JSONWriter.escapedInner(parts.dropFirst().joined(separator: "{body}"))
        var w = JSONWriter()
        w.writeString(GuardPrompt.systemMessage)
        systemMessage = w.bytes
    }

    /// `dimensions`: the sample's taxonomy entry's `dimensions`, written.
    /// `forms`: the sample's servers' ready forms, in order (or empty).
    func render(_ sample: Sample, split: Split, dimensions: [UInt8], forms: [NativeRecord.ServerForms] = []) -> Rendered {
        let text = BodyRenderer.render(title: sample.title, trajectory: sample.trajectory, policy: sample.policy, serverLines: forms.map(\.bodyLines))
        let body = JSONWriter.escapedInner(text)
        return Rendered(
            split: split,
            records: formats.map { format in
                switch format {
                case .native:
                    (format, NativeRecord.encode(sample, split: split.rawValue, dimensions: dimensions, escapedBody: body, forms: forms))
                case .bench: (format, bench(id: sample.id, body: body, label: sample.category.paperLabel))
                case .chat: (format, chat(id: sample.id, body: body, answer: sample.guardAnswer))
                case .openai: (format, OpenAIRecord.encode(sample))
                case .binary: (format, bench(id: sample.id, body: body, label: sample.category.isSafe ? "safe" : "unsafe"))
                }
            })
    }

    /// `body` escaped, as all the record writers take it.
    func bench(id: String, body: [UInt8], label: String) -> [UInt8] {
        var w = JSONWriter(capacity: body.count + 128)
        w.appendRaw("{\"body\":")
        w.writeEscaped(body)
        w.appendRaw(",\"id\":")
        w.writeString(id)
        w.appendRaw(",\"label\":")
        w.writeString(label)
        w.appendRaw("}")
        return w.bytes
    }

    func chat(id: String, body: [UInt8], answer: String) -> [UInt8] {
        var w = JSONWriter(capacity: body.count + promptHead.count + promptTail.count + 512)
        w.appendRaw("{\"id\":")
        w.writeString(id)
        w.appendRaw(",\"messages\":[{\"content\":")
        w.appendRaw(systemMessage)
        w.appendRaw(",\"role\":\"system\"},{\"content\":\"")
        w.appendRaw(promptHead)
        w.appendRaw(body)
        w.appendRaw(promptTail)
        w.appendRaw("\",\"role\":\"user\"},{\"content\":")
        w.writeString(answer)
        w.appendRaw(",\"role\":\"assistant\"}]}")
        return w.bytes
    }
}

/// The taxonomy entries of the generated classes, from the taxonomy JSON stored with the run.
struct TaxonomyEntries {
    let entries: [String: TaxonomyEntry]

    init(_ taxonomy: JSON) {
        var entries: [String: TaxonomyEntry] = [:]
        for e in taxonomy["categories"]?.arrayValue ?? [] {
            guard let id = e["id"]?.stringValue else { continue }
            entries[id] = TaxonomyEntry(
                id: id, label: e["label"]?.stringValue ?? "", letter: nil, optionName: nil, definition: e["definition"]?.stringValue ?? "",
                phase: e["phase"]?.stringValue ?? "", source: e["source"]?.stringValue ?? "", scope: e["scope"]?.stringValue ?? "",
                type: e["type"]?.stringValue ?? "", maestro: (e["maestro"]?.arrayValue ?? []).compactMap(\.stringValue), generated: true)
        }
        self.entries = entries
    }

    func entry(_ c: MCIPClass) -> TaxonomyEntry {
        entries[c.id] ?? TaxonomyEntry(
            id: c.id, label: c.paperLabel, letter: nil, optionName: nil, definition: "", phase: "Interaction", source: "-", scope: "-",
            type: "-", maestro: [], generated: true)
    }
}
