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
        servers = ServerCache(store: store, jobs: jobs, nativeForms: nativeForms)
    }

    /// Decodes one stored sample.
    public func decode(_ record: [UInt8]) throws -> Sample {
        let core = try JSONParser.parse(record)
        let known = try servers.resolve([core])
        return try SampleCodec.decode(core) { known[$0]! }
    }

    /// Calls `body` with the samples of `category`, in (seed, index) order, `size` at a time.
    public func forEachBatch(category: String, size: Int = 2048, _ body: ([Sample]) throws -> Void) throws {
        try forEachStoredBatch(category: category, size: size) { batch in
            try body(try parallelMap(count: batch.count, jobs: jobs) { try batch.sample($0) })
        }
    }

    /// Calls `body` with the samples of `category` parsed, in (seed, index) order, `size` at a
    /// time, with every server they reference loaded (and in its `native` form when the reader
    /// makes them); the caller decodes (`StoredBatch.sample`) in its own parallel pass.
    public func forEachStoredBatch(category: String, size: Int = 2048, _ body: (StoredBatch) throws -> Void) throws {
        try store.forEachBatch(category: category, size: size) { rows in
            let cores = try parallelMap(count: rows.count, jobs: jobs) { try JSONParser.parse(rows[$0]) }
            let known = try servers.resolve(cores)
            try body(StoredBatch(cores: cores, known: known, forms: servers.forms))
        }
    }
}

/// Parsed stored samples with the server definitions they reference.
public struct StoredBatch: Sendable {
    let cores: [JSON]
    let known: [String: ServerDefinition]
    let forms: [String: NativeRecord.ServerForms]

    public var count: Int { cores.count }

    public func sample(_ i: Int) throws -> Sample {
        try SampleCodec.decode(cores[i]) { known[$0]! }
    }

    /// Sample `i`'s servers in their `native` forms, in order; empty when the reader makes none.
    public func forms(_ i: Int) -> [NativeRecord.ServerForms] {
        var out: [NativeRecord.ServerForms] = []
        for ref in cores[i]["servers"]?.arrayValue ?? [] {
            guard let hash = ref.stringValue, let f = forms[hash] else { return [] }
            out.append(f)
        }
        return out
    }
}

/// Server definitions by hash, and their `native` forms if asked for, read from the database
/// as batches need them; new ones are parsed and written in parallel. The cache is bounded: it is
/// emptied when it grows past `limit` entries.
final class ServerCache {
    let store: SampleStore
    let jobs: Int
    let nativeForms: Bool
    private(set) var known: [String: ServerDefinition] = [:]
    private(set) var forms: [String: NativeRecord.ServerForms] = [:]
    private let limit = 50_000

    init(store: SampleStore, jobs: Int, nativeForms: Bool) {
        self.store = store
        self.jobs = jobs
        self.nativeForms = nativeForms
    }

    /// Makes sure every server referenced by `cores` is loaded; returns the lookup table.
    func resolve(_ cores: [JSON]) throws -> [String: ServerDefinition] {
        if known.count > limit {
            known.removeAll(keepingCapacity: true)
            forms.removeAll(keepingCapacity: true)
        }
        var missing: [String] = []
        var seen = Set<String>()
        for core in cores {
            for ref in core["servers"]?.arrayValue ?? [] {
                guard let hash = ref.stringValue, known[hash] == nil, seen.insert(hash).inserted else { continue }
                missing.append(hash)
            }
        }
        let texts = try missing.map { hash in
            guard let text = try store.serverDefinition(hash: hash) else { throw StoreError("the database lacks server definition \(hash)") }
            return text
        }
        let nativeForms = nativeForms, hashes = missing
        let loaded = try parallelMap(count: texts.count, jobs: jobs) { i -> (ServerDefinition, NativeRecord.ServerForms?) in
            guard let def = ServerDefinition(json: try JSONParser.parse(texts[i])) else {
                throw StoreError("server definition \(hashes[i]) is not a server")
            }
            return (def, nativeForms ? NativeRecord.ServerForms(def) : nil)
        }
        for (hash, (def, form)) in zip(missing, loaded) {
            known[hash] = def
            forms[hash] = form
        }
        return known
    }
}
