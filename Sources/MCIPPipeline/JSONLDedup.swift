import Foundation
import MCIPModel
import MCIPStore

/// Options of `mcip dedup`: near-duplicate removal for any JSON Lines file.
public struct JSONLDedupOptions: Sendable {
    public var input: String
    /// The record field compared: a top-level key, or a dotted path such as `meta.text`. A
    /// value that is not a string is compared as its canonical JSON.
    public var field: String
    public var out: String
    public var clusters: String
    public var threshold: Double
    public var ngram: Int
    public var permutations: Int
    public var jobs: Int

    public init(
        input: String, field: String, out: String, clusters: String? = nil, threshold: Double = 0.85, ngram: Int = 5,
        permutations: Int = 128, jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.input = input
        self.field = field
        self.out = out
        self.clusters = clusters ?? JSONLDedupOptions.clusterPath(for: out)
        self.threshold = threshold
        self.ngram = ngram
        self.permutations = permutations
        self.jobs = jobs
    }

    /// `kept.jsonl` → `kept.clusters.jsonl`.
    public static func clusterPath(for out: String) -> String {
        out.hasSuffix(".jsonl") ? String(out.dropLast(6)) + ".clusters.jsonl" : out + ".clusters.jsonl"
    }
}

public struct JSONLDedupReport: Sendable {
    public var records = 0
    public var kept = 0
    public var exactDuplicates = 0
    public var nearDuplicates = 0
    public var clusters = 0
    /// Candidate pairs the LSH index proposed and an exact Jaccard computation decided.
    public var candidatesChecked = 0
    public var lsh: LSHParameters
    public var seconds = 0.0
}

/// Near-duplicate removal over a JSONL file, the way generation removes them: word n-gram
/// shingles of one field, MinHash signatures, LSH bands chosen for the threshold, and an exact
/// Jaccard check of every candidate. Records are decided in file order: the first of a cluster
/// is kept, later ones at or above the threshold (or with identical text) are dropped. Kept
/// lines are copied byte for byte. Both outputs are written beside their targets and renamed
/// into place, so a failed run leaves nothing behind.
public enum JSONLDedup {
    public static func run(_ o: JSONLDedupOptions) throws -> JSONLDedupReport {
        let start = Date()
        let name = o.input == "-" ? "<stdin>" : o.input
        let data: [UInt8]
        if o.input == "-" {
            data = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let d = FileManager.default.contents(atPath: o.input) else {
                throw JSONLines.Error(file: o.input, line: 0, column: 0, problem: "cannot read the file")
            }
            data = [UInt8](d)
        }
        let lines = lineRanges(data)
        let lsh = LSHParameters.choose(threshold: min(o.threshold, 1), permutations: o.permutations)
        let hasher = MinHasher(permutations: o.permutations)
        let path = o.field.split(separator: ".").map(String.init)
        var index = LSHIndex(bands: lsh.bands, capacity: max(1 << 16, lines.count))
        var exact: [ContentKey: Int32] = [:]
        var keptShingles: [[UInt32]] = []
        var keptLine: [Int] = []
        var dropped: [Int: [(line: Int, similarity: Double, exact: Bool)]] = [:]
        var report = JSONLDedupReport(lsh: lsh)
        let writer = try AtomicFile(o.out)

        let chunk = 4096
        var first = 0
        while first < lines.count {
            let count = min(chunk, lines.count - first)
            let base = first
            let prints = try parallelMap(count: count, jobs: o.jobs) { i -> Print? in
                let (number, range) = lines[base + i]
                return try fingerprint(data[range], field: path, ngram: o.ngram, hasher: hasher, lsh: lsh) {
                    JSONLines.Error(file: name, line: number, column: $0, problem: $1)
                }
            }
            for (i, p) in prints.enumerated() {
                guard let p else { continue }
                let (number, range) = lines[base + i]
                report.records += 1
                if let k = exact[p.key] {
                    dropped[Int(k), default: []].append((number, 1, true))
                    report.exactDuplicates += 1
                    continue
                }
                var best: (kept: Int, similarity: Double)?
                for ref in index.candidates(p.bands) {
                    report.candidatesChecked += 1
                    let j = Shingles.jaccard(p.shingles, keptShingles[Int(ref)])
                    if j >= o.threshold && j > (best?.similarity ?? -1) { best = (Int(ref), j) }
                }
                if let best {
                    dropped[best.kept, default: []].append((number, best.similarity, false))
                    report.nearDuplicates += 1
                    continue
                }
                let k = keptShingles.count
                exact[p.key] = Int32(k)
                index.insert(p.bands, ref: UInt32(k))
                keptShingles.append(p.shingles)
                keptLine.append(number)
                try writer.write(data[range])
                try writer.write([0x0A])
                report.kept += 1
            }
            first += count
        }

        let clusterFile = try AtomicFile(o.clusters)
        for k in dropped.keys.sorted() {
            let members = dropped[k]!
            let record: JSON = [
                "kept_line": .int(keptLine[k]),
                "dropped": .array(members.map { ["line": .int($0.line), "similarity": .double(($0.similarity * 1e6).rounded() / 1e6), "exact": .bool($0.exact)] }),
            ]
            try clusterFile.write(Array(record.canonical.utf8) + [0x0A])
        }
        report.clusters = dropped.count
        try writer.commit()
        try clusterFile.commit()
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// One record's fingerprint: its text's hash, shingles and LSH band keys.
    struct Print: Sendable {
        var key: ContentKey
        var shingles: [UInt32]
        var bands: [UInt64]
    }

    static func fingerprint(
        _ line: ArraySlice<UInt8>, field: [String], ngram: Int, hasher: MinHasher, lsh: LSHParameters,
        problem: (Int, String) -> JSONLines.Error
    ) throws -> Print? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        let found: JSON?
        do { found = try JSONParser.value(at: field, in: Array(line)) } catch { throw problem(error.column, error.problem) }
        guard let v = found else { throw problem(1, "the record has no field '\(field.joined(separator: "."))'") }
        let text = v.stringValue ?? v.canonical
        var words = Shingles.Words()
        words.add(text)
        let sets = words.shingleSets(n: ngram)
        return Print(
            key: ContentKey(SHA256.hash(Array(text.utf8))), shingles: sets.folded, bands: lsh.bandKeys(hasher.signature(sets.shingles)))
    }

    /// (line number, byte range) of every line, without its newline.
    static func lineRanges(_ data: [UInt8]) -> [(Int, Range<Int>)] {
        var out: [(Int, Range<Int>)] = []
        var start = 0, number = 1
        while start < data.count {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.count
            out.append((number, start..<end))
            start = end + 1
            number += 1
        }
        return out
    }
}

/// A file written beside its target and renamed over it on `commit`; removed if never committed.
final class AtomicFile {
    let target: String
    let partial: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var committed = false

    init(_ target: String) throws {
        self.target = target
        let url = URL(fileURLWithPath: target)
        partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        guard FileManager.default.createFile(atPath: partial, contents: nil) else {
            throw StoreError("\(target): cannot write here")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !committed {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
        }
    }

    func write<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        try flush()
        try handle.close()
        if rename(partial, target) != 0 { throw StoreError("\(target): cannot rename \(partial) into place") }
        committed = true
    }
}
