import MCIPModel
import MCIPStore

/// What deciding a candidate needs of every kept sample, by seq, in flat arrays: its folded
/// shingle set, for the exact Jaccard check, and its seed and index, to name it. Held in
/// memory (about 200 bytes a sample) so no candidate costs a database read: in the dense
/// clusters of a large run, most candidates are samples kept long before.
struct KeptSamples {
    private var shingles: [UInt32] = []
    /// `starts[seq] ..< starts[seq + 1]` is the shingle set of `seq`; seqs never filed are empty.
    private var starts: [Int] = [0, 0]
    /// Seed and index by seq (`seeds.count` is the next seq to file); `unnamed` for samples of
    /// earlier runs, which the database names.
    private var seeds: [Int] = [unnamed]
    private var indices: [Int32] = [0]
    static let unnamed = Int.min
    /// A sum of what `load` read, kept only so its reads are not optimised away.
    private var loaded: UInt32 = 0

    /// Room for `samples` sets of about `shingles` shingles each.
    init(samples: Int, shingles: Int) {
        self.shingles.reserveCapacity(samples * shingles)
        starts.reserveCapacity(samples + 2)
        seeds.reserveCapacity(samples + 1)
        indices.reserveCapacity(samples + 1)
    }

    /// Files a kept sample; seqs arrive in increasing order.
    mutating func add(seq: Int, _ set: [UInt32], seed: Int = unnamed, index: Int = 0) {
        precondition(seq >= seeds.count, "kept samples are filed in seq order")
        while seeds.count < seq { file([], seed: Self.unnamed, index: 0) }
        file(set, seed: seed, index: index)
    }

    private mutating func file(_ set: [UInt32], seed: Int, index: Int) {
        shingles.append(contentsOf: set)
        starts.append(shingles.count)
        seeds.append(seed)
        indices.append(Int32(truncatingIfNeeded: index))
    }

    /// Reads the start of each of `seqs`' shingle sets before any is compared. The reads do not
    /// depend on each other, so the processor overlaps their cache misses, where the Jaccard
    /// checks one after another would wait on each in turn (at a million samples the sets are
    /// far larger than the caches). What was read is kept, so the reads are not optimised away.
    mutating func load(_ seqs: [UInt32]) {
        var sum: UInt32 = 0
        for seq in seqs where Int(seq) < seeds.count {
            let start = starts[Int(seq)]
            if start < shingles.count { sum &+= shingles[start] }
        }
        loaded &+= sum
    }

    /// The exact Jaccard similarity of `set` and the shingle set of `seq` when it is at least
    /// `floor` and above `bar`, else nil.
    func jaccard(_ set: [UInt32], seq: Int, atLeast floor: Double, above bar: Double) -> Double? {
        let other = seq < seeds.count ? shingles[starts[seq]..<starts[seq + 1]] : []
        return Shingles.jaccard(set[...], other, atLeast: floor, above: bar)
    }

    /// The id of `seq` when it was kept in this run.
    func id(seq: Int, category: MCIPClass) -> String? {
        guard seq < seeds.count, seeds[seq] != Self.unnamed else { return nil }
        return SampleID.make(seed: seeds[seq], category: category, index: Int(indices[seq]))
    }
}
