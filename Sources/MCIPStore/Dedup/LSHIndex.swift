/// An in-memory LSH index: for each band, a hash table from band key to the samples filed
/// under it (chained in a flat array, 16 bytes an entry, no per-entry allocation; the slot
/// tables grow to keep about one entry per slot).
public struct LSHIndex: Sendable {
    public let bands: Int
    private var heads: [[Int32]]  // per band: slot → first entry, -1 when empty
    private var keys: [UInt64] = []
    private var refs: [UInt32] = []
    private var next: [Int32] = []
    private var count = 0

    public init(bands: Int, capacity: Int = 1 << 16) {
        self.bands = bands
        let slots = max(1024, capacity.nextPowerOfTwo)
        heads = Array(repeating: Array(repeating: -1, count: slots), count: bands)
    }

    public var samples: Int { count }

    /// Files `ref` under its band keys.
    public mutating func insert(_ bandKeys: [UInt64], ref: UInt32) {
        if keys.count + bands > heads[0].count * bands { grow() }
        for (band, key) in bandKeys.enumerated() { add(band: band, key: key, ref: ref) }
        count += 1
    }

    /// Samples sharing at least one band with `bandKeys`, in insertion order, at most `limit`.
    public func candidates(_ bandKeys: [UInt64], limit: Int = 256) -> [UInt32] {
        var seen = Set<UInt32>()
        var out: [UInt32] = []
        for (band, key) in bandKeys.enumerated() {
            var e = heads[band][slot(key, heads[band].count)]
            var chain: [UInt32] = []
            while e >= 0 {
                if keys[Int(e)] == key { chain.append(refs[Int(e)]) }
                e = next[Int(e)]
            }
            for r in chain.reversed() where seen.insert(r).inserted { out.append(r) }
        }
        out.sort()
        return Array(out.prefix(limit))
    }

    private func slot(_ key: UInt64, _ size: Int) -> Int { Int(truncatingIfNeeded: key >> 17) & (size - 1) }

    private mutating func add(band: Int, key: UInt64, ref: UInt32) {
        let s = slot(key, heads[band].count)
        keys.append(key)
        refs.append(ref)
        next.append(heads[band][s])
        heads[band][s] = Int32(keys.count - 1)
    }

    /// Doubles the slot tables and refiles every entry (band of an entry = its position mod bands).
    private mutating func grow() {
        let size = heads[0].count * 2
        heads = Array(repeating: Array(repeating: -1, count: size), count: bands)
        let oldKeys = keys, oldRefs = refs
        keys.removeAll(keepingCapacity: true)
        refs.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        for i in 0..<oldKeys.count { add(band: i % bands, key: oldKeys[i], ref: oldRefs[i]) }
    }
}

extension Int {
    var nextPowerOfTwo: Int {
        var p = 1
        while p < self { p <<= 1 }
        return p
    }
}
