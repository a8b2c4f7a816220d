import CSQLite
import Foundation
import MCIPModel

/// Why a database cannot be used, in words for the user.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A sample as stored: the columns queries filter and count on, plus its canonical stored
/// form (`SampleCodec`), from which export renders every format. A class, made once by a
/// worker and only read after: a batch passes from thread to thread without copying fields.
public final class StoredSample: Sendable {
    public let id: String
    public let seed: Int
    public let category: String
    public let index: Int
    public let group: String
    public let template: String
    public let task: String
    public let hardNegative: String?
    public let cause: String
    /// SHA-256 of what the sample is (`SampleCodec.Encoded.contentDigest`): the exact-duplicate
    /// key and the fingerprint's stored hash.
    public let contentDigest: [UInt8]
    public var contentHash: String { Hex.encode(contentDigest) }
    public let verdict: String
    public let record: [UInt8]
    public let serverDefinitions: [(hash: String, json: [UInt8])]
    public let events: Int
    public let calls: Int
    public let servers: Int
    /// Names of the servers in the session, sorted and joined by spaces.
    public let serverNames: String
    /// LSH band keys of the sample's fingerprint (the persisted near-duplicate index).
    public let bandKeys: [UInt64]
    /// The fingerprint's folded shingle set, for confirming near-duplicate candidates.
    public let shingleSet: [UInt32]

    public init(sample: Sample, encoded: SampleCodec.Encoded, verdict: MCIPClass, bandKeys: [UInt64] = [], shingleSet: [UInt32] = []) {
        id = sample.id
        seed = sample.provenance.seed
        category = sample.category.id
        index = sample.provenance.index
        group = sample.group
        template = sample.template
        task = sample.provenance.task
        hardNegative = sample.provenance.hardNegative
        cause = sample.provenance.cause
        contentDigest = encoded.contentDigest
        self.verdict = verdict.id
        record = encoded.core
        serverDefinitions = encoded.servers
        events = sample.trajectory.eventCount
        calls = sample.trajectory.calls.count
        servers = sample.trajectory.servers.count
        serverNames = sample.trajectory.servers.map(\.name).sorted().joined(separator: " ")
        self.bandKeys = bandKeys
        self.shingleSet = shingleSet
    }
}

/// The mcip database: runs, samples and the duplicates that were not stored.
public final class SampleStore {
    public let database: Database
    private var insertSample: Statement?
    private var insertFingerprint: Statement?
    private var insertDuplicate: Statement?
    private var readBySeq: Statement?
    private var insertNear: Statement?
    private var insertServer: Statement?
    /// Server definitions known to be stored already (a cache; the table is the truth).
    private var storedServers: Set<String> = []

    /// Opens (and, when `create` is set, creates) the database at `path`. Refuses a file that
    /// is not an mcip database or has a newer schema, without changing it.
    public init(path: String, create: Bool) throws(StoreError) {
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw StoreError("\(path): no such database") }
        if exists, !create || (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 > 0 {
            try SampleStore.checkHeader(path)
        }
        do {
            database = try Database(path: path, mode: create ? .readWrite : .readOnly)
            database.setBusyTimeout(milliseconds: 5000)
            if try SampleStore.identify(database, path: path) == .fresh {
                guard create else { throw StoreError("\(path): the database is empty") }
                // 64 KiB pages hold many ~2.5 KB samples each; 4 KiB pages hold one and waste
                // the rest, which makes the file larger and the writes slower.
                try database.execute("PRAGMA page_size=65536; PRAGMA journal_mode=WAL")
                try database.transaction {
                    try database.execute(Schema.create)
                    try database.execute("PRAGMA application_id=\(Schema.applicationID); PRAGMA user_version=\(Schema.version)")
                }
            }
            if create {
                try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536")
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("\(path): \(error)")
        }
    }

    enum Identity { case fresh, mcip }

    /// Whether `database` is a new, empty SQLite file or an mcip database this version can
    /// use; anything else is refused with the reason.
    static func identify(_ database: Database, path: String) throws -> Identity {
        let appID: Int32
        let version: Int
        let tables: Int
        do {
            appID = Int32(truncatingIfNeeded: try database.scalarInt("PRAGMA application_id") ?? 0)
            version = try database.scalarInt("PRAGMA user_version") ?? 0
            tables = try database.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0
        } catch {
            if error.isBusy { throw StoreError("\(path): the database stayed locked by another process; try again") }
            throw StoreError("\(path): not a readable SQLite database (\(error.message))")
        }
        if appID == 0 && tables == 0 { return .fresh }
        if appID != Schema.applicationID { throw StoreError("\(path): not an mcip database (application id \(appID))") }
        if version > Schema.version {
            throw StoreError("\(path): schema version \(version) is newer than this mcip understands (\(Schema.version)); use a newer mcip")
        }
        if version < Schema.version {
            throw StoreError("\(path): schema version \(version) is older than \(Schema.version) and has no migration")
        }
        return .mcip
    }

    /// Refuses, without writing anything, a file at `path` that generation must not touch: not
    /// SQLite, another application's database, or a newer or older mcip schema. A missing or
    /// empty file passes (generation creates it).
    public static func checkWritable(path: String) throws(StoreError) {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 else { return }
        try checkHeader(path)
        do {
            let database = try Database(path: path, mode: .readOnly)
            // Opening after a crash may wait for the write-ahead log's recovery by another process.
            database.setBusyTimeout(milliseconds: 5000)
            _ = try identify(database, path: path)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("\(path): \(error)")
        }
    }

    /// An SQLite file starts with "SQLite format 3\0"; anything else is refused before SQLite
    /// is let near it.
    static func checkHeader(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError("\(path): cannot read the file") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return }
        if head != Data("SQLite format 3\0".utf8) { throw StoreError("\(path): not an SQLite database, refusing to touch it") }
    }

    // MARK: Runs

    public func beginRun(seed: Int, perClass: Int, options: JSON, taxonomyVersion: String, inputsHash: String) throws -> Int {
        try database.transaction {
            try database.prepare(
                "INSERT INTO runs(seed, per_class, options, generator, taxonomy_version, inputs_hash, started_at, status) VALUES(?,?,?,?,?,?,?,?)"
            ).run([
                .int(seed), .int(perClass), .text(options.canonical), .text(generatorVersion), .text(taxonomyVersion),
                .text(inputsHash), .text(ISO8601DateFormatter().string(from: Date())), .text("running"),
            ])
        }
        return try database.scalarInt("SELECT max(id) FROM runs") ?? 0
    }

    /// Runs still marked running were cut off (the caller holds the run lock, so no other
    /// process is writing); they are marked interrupted.
    public func markInterruptedRuns() throws {
        try database.transaction { try database.execute("UPDATE runs SET status='interrupted' WHERE status='running'") }
    }

    public func finishRun(_ id: Int, status: String) throws {
        try database.transaction {
            try database.prepare("UPDATE runs SET status=?, finished_at=? WHERE id=?").run([
                .text(status), .text(ISO8601DateFormatter().string(from: Date())), .int(id),
            ])
        }
    }

    // MARK: Writing

    private func prepareWriters() throws {
        guard insertSample == nil else { return }
        insertSample = try database.prepare(
            """
            INSERT INTO samples(id, run_id, seed, category, idx, group_id, template, task, hard_negative, cause,
                content_hash, verdict, record, events, calls, servers, server_names)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        insertFingerprint = try database.prepare(
            "INSERT INTO fingerprints(seq, category, content_hash, bands, shingles) VALUES(?,?,?,?,?)")
        insertDuplicate = try database.prepare(
            "INSERT OR IGNORE INTO duplicates(id, run_id, seed, category, idx, template, content_hash, kept_id) VALUES(?,?,?,?,?,?,?,?)")
        insertNear = try database.prepare(
            "INSERT OR IGNORE INTO near_duplicates(id, run_id, seed, category, idx, template, kept_id, similarity) VALUES(?,?,?,?,?,?,?,?)")
        insertServer = try database.prepare("INSERT OR IGNORE INTO server_defs(hash, json) VALUES(?, ?)")
    }

    /// Stores a sample and its fingerprint; returns its `seq`. Call inside a transaction, after
    /// checking (with `DedupIndex`) that no sample with the same content is stored.
    public func insert(_ s: StoredSample, run: Int) throws -> Int {
        try prepareWriters()
        try insertSample!.run([
            .text(s.id), .int(run), .int(s.seed), .text(s.category), .int(s.index), .text(s.group), .text(s.template),
            .text(s.task), s.hardNegative.map { .text($0) } ?? .null, .text(s.cause), .text(s.contentHash),
            .text(s.verdict), .blob(s.record), .int(s.events), .int(s.calls), .int(s.servers), .text(s.serverNames),
        ])
        let seq = database.lastInsertRowID
        try insertFingerprint!.run([
            .int(seq), .text(s.category), .blob(s.contentDigest), .blob(BandKeys.encode(s.bandKeys)),
            .blob(ShingleSet.encode(s.shingleSet)),
        ])
        for def in s.serverDefinitions where !storedServers.contains(def.hash) {
            try insertServer!.run([.text(def.hash), .utf8(def.json)])
            storedServers.insert(def.hash)
        }
        return seq
    }

    /// Records a sample that was not stored because `keptID` has the same content.
    public func recordDuplicate(_ s: StoredSample, run: Int, keptID: String) throws {
        try prepareWriters()
        try insertDuplicate!.run([
            .text(s.id), .int(run), .int(s.seed), .text(s.category), .int(s.index), .text(s.template), .text(s.contentHash), .text(keptID),
        ])
    }

    /// Records a sample dropped as a near-duplicate of `keptID`.
    public func recordNearDuplicate(_ s: StoredSample, run: Int, keptID: String, similarity: Double) throws {
        try prepareWriters()
        try insertNear!.run([
            .text(s.id), .int(run), .int(s.seed), .text(s.category), .int(s.index), .text(s.template), .text(keptID),
            .double(similarity),
        ])
    }

    public func addRunCounts(_ run: Int, generated: Int, stored: Int, duplicates: Int, nearDuplicates: Int) throws {
        try database.prepare(
            "UPDATE runs SET generated=generated+?, stored=stored+?, duplicates=duplicates+?, near_duplicates=near_duplicates+? WHERE id=?"
        ).run([.int(generated), .int(stored), .int(duplicates), .int(nearDuplicates), .int(run)])
    }

    /// Id and stored form of the sample at `seq`.
    public func sample(seq: Int) throws -> (id: String, record: [UInt8])? {
        if readBySeq == nil { readBySeq = try database.prepare("SELECT id, record FROM samples WHERE seq=?") }
        let s = readBySeq!
        try s.bind([.int(seq)])
        defer { s.reset() }
        guard try s.step() else { return nil }
        return (s.text(0), s.blob(1))
    }

    /// The stored form of the sample with this id, found through its (category, seed, index).
    public func record(id: String) throws -> [UInt8]? {
        guard let key = SampleID.parse(id) else { return nil }
        let s = try database.prepare("SELECT record FROM samples WHERE category=? AND seed=? AND idx=?")
        try s.bind([.text(key.category.id), .int(key.seed), .int(key.index)])
        return try s.step() ? s.blob(0) : nil
    }

    /// Every stored sample's fingerprint in `seq` order: category, content hash, band keys and
    /// folded shingle set.
    public func forEachFingerprint(_ body: (_ seq: Int, _ category: String, _ hash: [UInt8], _ bands: [UInt64], _ shingles: [UInt32]) throws -> Void) throws {
        let s = try database.prepare("SELECT seq, category, content_hash, bands, shingles FROM fingerprints ORDER BY seq")
        while try s.step() { try body(s.int(0), s.text(1), s.blob(2), BandKeys.decode(s.blob(3)), ShingleSet.decode(s.blob(4))) }
    }

    /// The id of the sample at `seq`.
    public func sampleID(seq: Int) throws -> String? {
        try database.scalarText("SELECT id FROM samples WHERE seq=?", [.int(seq)])
    }

    /// Replaces a stored fingerprint's band keys and shingle set (after the dedup settings changed).
    public func setFingerprint(seq: Int, bands: [UInt64], shingles: [UInt32]) throws {
        try database.prepare("UPDATE fingerprints SET bands=?, shingles=? WHERE seq=?").run([
            .blob(BandKeys.encode(bands)), .blob(ShingleSet.encode(shingles)), .int(seq),
        ])
    }

    // MARK: Reading

    /// How far generation of (seed, category) got: samples stored and the next index to try.
    public func progress(seed: Int, category: String) throws -> (stored: Int, nextIndex: Int) {
        let args: [SQLiteValue] = [.int(seed), .text(category)]
        let stored = try database.scalarInt("SELECT count(*) FROM samples WHERE seed=? AND category=?", args) ?? 0
        var next = 0
        for table in ["samples", "duplicates", "near_duplicates"] {
            next = max(next, (try database.scalarInt("SELECT max(idx) FROM \(table) WHERE seed=? AND category=?", args) ?? -1) + 1)
        }
        return (stored, next)
    }

    public var sampleCount: Int { (try? database.scalarInt("SELECT count(*) FROM samples")) ?? 0 }
}

extension SampleStore {
    /// Saves a named piece of run context (the taxonomy, the guard prompt) for export.
    public func setMeta(_ key: String, _ value: String) throws {
        try database.transaction {
            try database.prepare("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value")
                .run([.text(key), .text(value)])
        }
    }

    public func meta(_ key: String) throws -> String? {
        try database.scalarText("SELECT value FROM meta WHERE key=?", [.text(key)])
    }

    /// The columns split assignment needs, for every stored sample.
    public struct SampleKey: Sendable {
        public var id: String
        public var category: String
        public var group: String
        public var template: String
        public var servers: [String]
    }

    public func sampleKeys() throws -> [SampleKey] {
        let s = try database.prepare("SELECT id, category, group_id, template, server_names FROM samples ORDER BY category, seed, idx")
        var out: [SampleKey] = []
        while try s.step() {
            out.append(
                SampleKey(
                    id: s.text(0), category: s.text(1), group: s.text(2), template: s.text(3),
                    servers: s.text(4).split(separator: " ").map(String.init)))
        }
        return out
    }

    /// Streams the stored form of one category's samples in (seed, index) order, in batches.
    public func forEachBatch(category: String, size: Int, _ body: ([[UInt8]]) throws -> Void) throws {
        let s = try database.prepare("SELECT record FROM samples WHERE category=? ORDER BY seed, idx")
        try s.bind([.text(category)])
        var batch: [[UInt8]] = []
        while try s.step() {
            batch.append(s.blob(0))
            if batch.count == size {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// A stored server definition's canonical JSON.
    public func serverDefinition(hash: String) throws -> String? {
        try database.scalarText("SELECT json FROM server_defs WHERE hash=?", [.text(hash)])
    }

    /// Counts of samples grouped by the given columns (a whitelist of column names).
    public func counts(by columns: [String]) throws -> [([String], Int)] {
        let allowed: Set<String> = ["category", "template", "hard_negative", "cause", "task", "verdict", "seed"]
        precondition(columns.allSatisfy(allowed.contains), "unknown column")
        let cols = columns.joined(separator: ", ")
        let s = try database.prepare("SELECT \(cols), count(*) FROM samples GROUP BY \(cols) ORDER BY \(cols)")
        var out: [([String], Int)] = []
        while try s.step() {
            out.append(((0..<columns.count).map { s.isNull(Int32($0)) ? "" : s.text(Int32($0)) }, s.int(Int32(columns.count))))
        }
        return out
    }

    public func duplicateCounts(near: Bool = false) throws -> [String: Int] {
        let s = try database.prepare("SELECT category, count(*) FROM \(near ? "near_duplicates" : "duplicates") GROUP BY category")
        var out: [String: Int] = [:]
        while try s.step() { out[s.text(0)] = s.int(1) }
        return out
    }

    /// Seeds, input fingerprints and generator versions of the runs that made the stored
    /// samples, with how many each stored.
    public func runSummaries() throws -> [(seed: Int, inputsHash: String, generator: String, status: String, stored: Int)] {
        let s = try database.prepare("SELECT seed, inputs_hash, generator, status, stored FROM runs ORDER BY id")
        var out: [(Int, String, String, String, Int)] = []
        while try s.step() { out.append((s.int(0), s.text(1), s.text(2), s.text(3), s.int(4))) }
        return out
    }

    /// Per-category agreement between the generated label and the oracle's verdict.
    public func oracleAgreement() throws -> (checked: Int, agreed: Int) {
        let checked = try database.scalarInt("SELECT count(*) FROM samples") ?? 0
        let agreed = try database.scalarInt("SELECT count(*) FROM samples WHERE verdict = category") ?? 0
        return (checked, agreed)
    }
}

/// A folded shingle set as stored: 4 bytes each, little-endian.
enum ShingleSet {
    static func encode(_ set: [UInt32]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: set.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, x) in set.enumerated() { raw.storeBytes(of: x.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [UInt32] {
        bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }
}

/// Band keys as stored: 8 bytes each, little-endian.
enum BandKeys {
    static func encode(_ keys: [UInt64]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(keys.count * 8)
        for k in keys { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: k >> (8 * UInt64(i)))) } }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [UInt64] {
        stride(from: 0, to: bytes.count - 7, by: 8).map { o in (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) } }
    }
}
