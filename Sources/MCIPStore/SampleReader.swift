import MCIPModel

/// Reads stored samples back as `Sample` values, a batch at a time, decoding in parallel.
public final class SampleReader {
    let store: SampleStore
    let jobs: Int
    let servers: ServerCache

    public init(store: SampleStore, jobs: Int) {
        self.store = store
        self.jobs = jobs
        servers = ServerCache(store: store)
    }

    /// Decodes one stored sample.
    public func decode(_ record: [UInt8]) throws -> Sample {
        let core = try JSONParser.parse(record)
        let known = try servers.resolve([core])
        return try SampleCodec.decode(core) { known[$0]! }
    }

    /// Calls `body` with the samples of `category`, in (seed, index) order, `size` at a time.
    public func forEachBatch(category: String, size: Int = 2048, _ body: ([Sample]) throws -> Void) throws {
        try store.forEachBatch(category: category, size: size) { rows in
            let cores = try parallelMap(count: rows.count, jobs: jobs) { try JSONParser.parse(rows[$0]) }
            let known = try servers.resolve(cores)
            try body(try parallelMap(count: cores.count, jobs: jobs) { i in try SampleCodec.decode(cores[i]) { known[$0]! } })
        }
    }

    /// As `forEachBatch`, with each sample's servers in their ready `native` forms, by name
    /// (the first server of a name, as the sample's events look servers up).
    public func forEachBatchWithForms(
        category: String, size: Int = 2048, _ body: ([(sample: Sample, forms: [String: NativeRecord.ServerForms])]) throws -> Void
    ) throws {
        try store.forEachBatch(category: category, size: size) { rows in
            let cores = try parallelMap(count: rows.count, jobs: jobs) { try JSONParser.parse(rows[$0]) }
            let known = try servers.resolve(cores)
            let forms = servers.forms(cores)
            try body(
                try parallelMap(count: cores.count, jobs: jobs) { i in
                    let sample = try SampleCodec.decode(cores[i]) { known[$0]! }
                    var byName: [String: NativeRecord.ServerForms] = [:]
                    for ref in cores[i]["servers"]?.arrayValue ?? [] {
                        guard let hash = ref.stringValue, let f = forms[hash], let name = known[hash]?.name, byName[name] == nil else { continue }
                        byName[name] = f
                    }
                    return (sample, byName)
                })
        }
    }
}

/// Server definitions by hash, read from the database as batches need them. The cache is
/// bounded: it is emptied when it grows past `limit` entries.
final class ServerCache {
    let store: SampleStore
    private var cache: [String: ServerDefinition] = [:]
    private var formCache: [String: NativeRecord.ServerForms] = [:]
    private let limit = 50_000

    init(store: SampleStore) { self.store = store }

    /// Makes sure every server referenced by `cores` is loaded; returns the lookup table.
    func resolve(_ cores: [JSON]) throws -> [String: ServerDefinition] {
        if cache.count > limit {
            cache.removeAll(keepingCapacity: true)
            formCache.removeAll(keepingCapacity: true)
        }
        for core in cores {
            for ref in core["servers"]?.arrayValue ?? [] {
                guard let hash = ref.stringValue, cache[hash] == nil else { continue }
                guard let text = try store.serverDefinition(hash: hash), let def = ServerDefinition(json: try JSONParser.parse(text)) else {
                    throw StoreError("the database lacks server definition \(hash)")
                }
                cache[hash] = def
            }
        }
        return cache
    }

    /// The native forms of every server referenced by `cores` (after `resolve`).
    func forms(_ cores: [JSON]) -> [String: NativeRecord.ServerForms] {
        for core in cores {
            for ref in core["servers"]?.arrayValue ?? [] {
                guard let hash = ref.stringValue, formCache[hash] == nil, let def = cache[hash] else { continue }
                formCache[hash] = NativeRecord.ServerForms(def)
            }
        }
        return formCache
    }
}
