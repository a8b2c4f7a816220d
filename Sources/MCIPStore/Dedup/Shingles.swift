/// Word n-gram shingles of a text as 64-bit hashes. Words are runs of ASCII letters and digits,
/// lower-cased, and of non-ASCII characters, as they are (every character outside ASCII counts
/// as part of a word, non-ASCII spaces and punctuation too).
public enum Shingles {
    /// Word hashes of several texts in a row, as if they were one text with a line break
    /// between each (a sample's parts are shingled without joining them first).
    public struct Words {
        public private(set) var tokens: [UInt64] = []

        public init() { tokens.reserveCapacity(128) }

        public mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { add($0) }
        }

        mutating func add(_ utf8: UnsafeBufferPointer<UInt8>) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var inWord = false
            Words.wordByte.withUnsafeBufferPointer { wordByte in
                for b in utf8 {
                    let c = wordByte[Int(b)]
                    if c != 0 {
                        h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01b3
                        inWord = true
                    } else if inWord {
                        tokens.append(h)
                        h = 0xcbf2_9ce4_8422_2325
                        inWord = false
                    }
                }
            }
            if inWord { tokens.append(h) }
        }

        /// Each byte as it goes into a word's hash: ASCII digits and lower-case letters as they
        /// are, upper-case letters lowered, bytes of non-ASCII characters as they are; 0 for a
        /// byte that ends a word. One lookup a byte instead of a range test per class of byte.
        static let wordByte: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
            switch b {
            case 0x30...0x39, 0x61...0x7A, 0x80...0xFF: UInt8(b)
            case 0x41...0x5A: UInt8(b) | 0x20
            default: 0
            }
        }

        /// The n-gram shingles of the words so far: distinct, and folded (`distinctAndFolded`).
        public func shingleSets(n: Int) -> (shingles: [UInt64], folded: [UInt32]) {
            Shingles.distinctAndFolded(Shingles.grams(tokens, n: n))
        }
    }

    /// n-grams of token hashes in text order, repeats included; a text shorter than n words
    /// gives one shingle of all its words.
    public static func grams(_ tokens: [UInt64], n: Int) -> [UInt64] {
        guard !tokens.isEmpty else { return [] }
        let width = min(n, tokens.count)
        var out: [UInt64] = []
        out.reserveCapacity(tokens.count - width + 1)
        for i in 0...(tokens.count - width) {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(width)
            for j in i..<(i + width) { h = mix(h ^ tokens[j]) }
            out.append(h)
        }
        return out
    }

    /// The distinct shingles among `grams` (in no particular order, for MinHash) and their
    /// folded set: each shingle folded to 32 bits (high half ^ low half), sorted, distinct. The
    /// folded set is what a kept sample's Jaccard is computed on: half the memory and storage of
    /// the 64-bit shingles; two different shingles of a pair of samples fold to one value with
    /// odds of about n² / 2³³ for n shingles.
    ///
    /// One sort gives both: each shingle is sorted under the key (fold << 32 | low half), which
    /// is one-to-one (the high half is fold ^ low half), so equal keys are equal shingles and
    /// the keys come out ordered by fold.
    public static func distinctAndFolded(_ grams: [UInt64]) -> (shingles: [UInt64], folded: [UInt32]) {
        var keys = grams.map { v in ((v >> 32) ^ (v & 0xFFFF_FFFF)) << 32 | (v & 0xFFFF_FFFF) }
        keys.sort()
        var shingles: [UInt64] = [], folded: [UInt32] = []
        shingles.reserveCapacity(keys.count)
        folded.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() where i == 0 || k != keys[i - 1] {
            let low = k & 0xFFFF_FFFF, fold = UInt32(truncatingIfNeeded: k >> 32)
            shingles.append((UInt64(fold) ^ low) << 32 | low)
            if folded.last != fold { folded.append(fold) }
        }
        return (shingles, folded)
    }

    /// A 64-bit finaliser (SplitMix64's), so shingle hashes are well spread.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Exact Jaccard similarity of two sorted, distinct sets of folded shingles.
    public static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double { sortedJaccard(a, b) }

    /// Exact Jaccard similarity of two sorted, distinct shingle sets.
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double { sortedJaccard(a, b) }

    /// The exact Jaccard similarity of two sorted, distinct shingle sets held in larger arrays
    /// when it is at least `floor` and above `bar`, else nil.
    public static func jaccard(_ a: ArraySlice<UInt32>, _ b: ArraySlice<UInt32>, atLeast floor: Double, above bar: Double) -> Double? {
        boundedJaccard(a, b, atLeast: floor, above: bar)
    }

    /// |a ∩ b| / |a ∪ b| of two sorted, distinct arrays, by one merge pass.
    static func sortedJaccard<C: RandomAccessCollection>(_ a: C, _ b: C) -> Double where C.Element: Comparable, C.Index == Int {
        boundedJaccard(a, b, atLeast: 0, above: -1)!
    }

    /// |a ∩ b| / |a ∪ b| of two sorted, distinct arrays when it is at least `floor` and above
    /// `bar`, else nil. The merge stops as soon as the elements left cannot lift it that high:
    /// most candidates in a dense cluster fall short.
    static func boundedJaccard<C: RandomAccessCollection>(_ a: C, _ b: C, atLeast floor: Double, above bar: Double) -> Double?
    where C.Element: Comparable, C.Index == Int {
        func similarity(_ common: Int) -> Double {
            let union = a.count + b.count - common
            return union == 0 ? 1 : Double(common) / Double(union)
        }
        func accepts(_ common: Int) -> Bool { similarity(common) >= floor && similarity(common) > bar }
        // The fewest shared elements that could do: the similarity only grows with them.
        let most = min(a.count, b.count)
        let t = max(floor, bar, 0)
        var needed = max(0, Int((t * Double(a.count + b.count) / (1 + t)).rounded(.down)) - 1)
        while needed <= most && !accepts(needed) { needed += 1 }
        guard needed <= most else { return nil }
        var i = a.startIndex, j = b.startIndex, common = 0
        while i < a.endIndex && j < b.endIndex {
            if common + min(a.endIndex - i, b.endIndex - j) < needed { return nil }
            if a[i] == b[j] {
                common += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return common >= needed ? similarity(common) : nil
    }
}
