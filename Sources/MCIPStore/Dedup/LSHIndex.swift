/// An in-memory LSH index: one hash table from band key to the samples filed under it,
/// chained in one flat array of 16-byte entries (no allocation per entry; a step along a chain
/// touches one cache line). Band keys already mix in their band's number, so the bands share
/// the table. Sized up front for the samples a run will file, so a run does not reallocate it
/// on the way.
public struct LSHIndex: Sendable {
    struct Entry {
        var key: UInt64
        var ref: UInt32
        /// The entry filed before this one in the same slot, -1 at the end of the chain.
        var next: Int32
    }

    public let bands: Int
    private var heads: [Int32]  // slot → first entry, -1 when empty
    private var entries: [Entry] = []
    private var count = 0

    /// An index with room for `capacity` samples.
    public init(bands: Int, capacity: Int = 1 << 16) {
        self.bands = bands
        let entries = max(1, capacity) * bands
        heads = Array(repeating: -1, count: max(1024, entries.nextPowerOfTwo))
        self.entries.reserveCapacity(entries)
    }

    public var samples: Int { count }

    /// Files `ref` under its band keys.
    public mutating func insert(_ bandKeys: [UInt64], ref: UInt32) {
        if entries.count + bandKeys.count > heads.count { grow() }
        for key in bandKeys { add(key: key, ref: ref) }
        count += 1
    }

    /// Samples sharing at least one band with `bandKeys`, the `limit` lowest refs, ascending.
    public func candidates(_ bandKeys: [UInt64], limit: Int = 256) -> [UInt32] {
        var out: [UInt32] = []
        // The bands' chains are walked a step each in turn: the steps of one round are
        // independent loads the processor overlaps, where walking one chain after another
        // waits on each cache miss in turn (at a million samples the table is far larger than
        // the caches).
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: bandKeys.count) { cursors in
            for (i, key) in bandKeys.enumerated() { cursors[i] = heads[slot(key)] }
            entries.withUnsafeBufferPointer { entries in
                var walking = true
                while walking {
                    walking = false
                    for (i, key) in bandKeys.enumerated() where cursors[i] >= 0 {
                        let entry = entries[Int(cursors[i])]
                        if entry.key == key { out.append(entry.ref) }
                        cursors[i] = entry.next
                        walking = true
                    }
                }
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
        entries.append(Entry(key: key, ref: ref, next: heads[s]))
        heads[s] = Int32(entries.count - 1)
    }

    /// Doubles the slot table and rechains every entry in filing order.
    private mutating func grow() {
        heads = Array(repeating: -1, count: heads.count * 2)
        for e in entries.indices {
            let s = slot(entries[e].key)
            entries[e].next = heads[s]
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
