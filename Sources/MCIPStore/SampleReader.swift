import Foundation
import MCIPModel

/// Reads stored samples back as `Sample` values, a batch at a time, decoding in parallel.
public final class SampleReader {
    let store: SampleStore
    let jobs: Int
    let servers: ServerCache

    /// `nativeForms`: also write each server's `native` form as it is loaded (for exports).
    public init(store: SampleStore, jobs: Int, nativeForms: Bool = false) {
        self.store = store
        self.jobs = jobs
        servers = ServerCache(store: store, nativeForms: nativeForms)
    }

    /// Decodes one stored sample.
    public func decode(_ record: [UInt8]) throws -> Sample {
        try StoredBatch(rows: [record], servers: servers).sample(0).sample
    }

    /// Calls `body` with the samples of `category`, in (seed, index) order, `size` at a time.
    public func forEachBatch(category: String, size: Int = 2048, _ body: ([Sample]) throws -> Void) throws {
        try forEachStoredBatch(category: category, size: size) { batch in
            try body(try parallelMap(count: batch.count, jobs: jobs) { try batch.sample($0).sample })
        }
    }

    /// Empties the cache of decoded server definitions on a thread of its own: freeing
    /// thousands of them takes most of a second after a 100k export. Wait on the result
    /// before returning.
    public func releaseCache() -> BackgroundRelease { servers.releaseEntries() }

    /// Calls `body` with the stored samples of `category`, in (seed, index) order, `size` at a
    /// time, for the caller to decode in a parallel pass of its own (`StoredBatch.sample`):
    /// each sample is parsed, decoded, used and freed on one thread.
    public func forEachStoredBatch(category: String, size: Int = 2048, _ body: (StoredBatch) throws -> Void) throws {
        try store.forEachBatch(category: category, size: size) { rows in
            try body(StoredBatch(rows: rows, servers: servers))
        }
    }
}

/// Stored samples as read, decoded on demand from any thread while the reader waits for the
/// caller's pass over them.
public struct StoredBatch: Sendable {
    let rows: [[UInt8]]
    let servers: ServerCache

    public var count: Int { rows.count }

    /// Sample `i` and its servers in their `native` forms, in order (empty when the reader
    /// makes none).
    public func sample(_ i: Int) throws -> (sample: Sample, forms: [NativeRecord.ServerForms]) {
        var forms: [NativeRecord.ServerForms] = []
        let sample = try SampleCodec.decode(try JSONParser.parse(rows[i])) { hash in
            let server = try servers.server(hash: hash)
            if let f = server.forms { forms.append(f) }
            return server.definition
        }
        return (sample, forms)
    }
}

/// Server definitions by hash, and their `native` forms if asked for, read from the database
/// as samples need them. Decoding threads share it: the database is read under its lock
/// (the reader's own thread waits meanwhile), and parsing happens outside it. The cache is
/// bounded: it is emptied when it grows past `limit` entries.
final class ServerCache: @unchecked Sendable {
    struct Entry {
        var definition: ServerDefinition
        var forms: NativeRecord.ServerForms?
    }

    private let store: SampleStore
    private let nativeForms: Bool
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private let limit = 50_000

    init(store: SampleStore, nativeForms: Bool) {
        self.store = store
        self.nativeForms = nativeForms
    }

    /// Hands the entries to a `BackgroundRelease` as their only owner, so they are freed on
    /// its thread.
    func releaseEntries() -> BackgroundRelease {
        lock.withLock {
            var taken: [String: Entry] = [:]
            swap(&taken, &entries)
            return BackgroundRelease(consume taken)
        }
    }

    func server(hash: String) throws -> Entry {
        var known: Entry?
        let text = try lock.withLock { () throws -> String in
            known = entries[hash]
            if known != nil { return "" }
            guard let text = try store.serverDefinition(hash: hash) else { throw StoreError("the database lacks server definition \(hash)") }
            return text
        }
        if let known { return known }
        guard let definition = ServerDefinition(json: try JSONParser.parse(text)) else {
            throw StoreError("server definition \(hash) is not a server")
        }
        let entry = Entry(definition: definition, forms: nativeForms ? NativeRecord.ServerForms(definition, json: Array(text.utf8)) : nil)
        lock.withLock {
            if entries.count > limit { entries.removeAll(keepingCapacity: true) }
            entries[hash] = entry
        }
        return entry
    }
}
