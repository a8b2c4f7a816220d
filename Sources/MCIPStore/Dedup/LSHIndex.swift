/// An in-memory LSH index: one hash table from band key to the samples filed under it,
/// chained in flat arrays (16 bytes an entry, no allocation per entry). Band keys already mix
/// in their band's number, so the bands share the table. Sized up front for the samples a run
/// will file, so a run does not reallocate it on the way.
public struct LSHIndex: Sendable {
    public let bands: Int
    private var heads: [Int32]  // slot → first entry, -1 when empty
    private var keys: [UInt64] = []
    private var refs: [UInt32] = []
    private var next: [Int32] = []
    private var count = 0

    /// An index with room for `capacity` samples.
    public init(bands: Int, capacity: Int = 1 << 16) {
        self.bands = bands
        let entries = max(1, capacity) * bands
        heads = Array(repeating: -1, count: max(1024, entries.nextPowerOfTwo))
        keys.reserveCapacity(entries)
        refs.reserveCapacity(entries)
        next.reserveCapacity(entries)
    }

    public var samples: Int { count }

    /// Files `ref` under its band keys.
    public mutating func insert(_ bandKeys: [UInt64], ref: UInt32) {
        if keys.count + bandKeys.count > heads.count { grow() }
        for key in bandKeys { add(key: key, ref: ref) }
        count += 1
    }

    /// Samples sharing at least one band with `bandKeys`, in insertion order, at most `limit`.
    public func candidates(_ bandKeys: [UInt64], limit: Int = 256) -> [UInt32] {
        var out: [UInt32] = []
        for key in bandKeys {
            var e = heads[slot(key)]
            while e >= 0 {
                if keys[Int(e)] == key { out.append(refs[Int(e)]) }
                e = next[Int(e)]
            }
        }
        out.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(min(out.count, limit))
        for r in out where unique.last != r {
            unique.append(r)
            if unique.count == limit { break }
        }
        return unique
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 17) & (heads.count - 1) }

    private mutating func add(key: UInt64, ref: UInt32) {
        let s = slot(key)
        keys.append(key)
        refs.append(ref)
        next.append(heads[s])
        heads[s] = Int32(keys.count - 1)
    }

    /// Doubles the slot table and rechains every entry in filing order.
    private mutating func grow() {
        heads = Array(repeating: -1, count: heads.count * 2)
        for e in keys.indices {
            let s = slot(keys[e])
            next[e] = heads[s]
            heads[s] = Int32(e)
        }
    }
}

extension Int {
    var nextPowerOfTwo: Int {
        var p = 1
        while p < self { p <<= 1 }
        return p
    }
}
