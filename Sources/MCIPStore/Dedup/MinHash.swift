import CMinHash
import MCIPModel

/// MinHash signatures: for each of `permutations` hash functions (multiply-shift on the
/// 64-bit shingle hash with fixed random odd multipliers), the minimum over a set's shingles.
/// The share of equal positions in two signatures estimates the sets' Jaccard similarity.
public struct MinHasher: Sendable {
    public let permutations: Int
    let a: [UInt64]
    let b: [UInt64]

    public init(permutations: Int = 128, seed: UInt64 = 0x4D43_4950) {
        self.permutations = permutations
        var rng = RNG(seed: seed)
        a = (0..<permutations).map { _ in rng.next() | 1 }
        b = (0..<permutations).map { _ in rng.next() }
    }

    /// The signature of a set of shingles (`mcip_minhash`, vectorised in C).
    public func signature(_ shingles: [UInt64]) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: permutations) { sig, count in
            mcip_minhash(a, b, permutations, shingles, shingles.count, sig.baseAddress!)
            count = permutations
        }
    }

    /// The share of positions where two signatures agree.
    public static func estimate(_ x: [UInt32], _ y: [UInt32]) -> Double {
        guard x.count == y.count, !x.isEmpty else { return 0 }
        return Double(zip(x, y).filter { $0 == $1 }.count) / Double(x.count)
    }
}

/// Banding of MinHash signatures: `bands` bands of `rows` positions each. Two sets become
/// candidates when any band agrees, with probability 1 - (1 - s^rows)^bands at similarity s.
public struct LSHParameters: Sendable, Equatable, CustomStringConvertible {
    public var bands: Int
    public var rows: Int

    public var description: String { "\(bands) bands × \(rows) rows" }

    public func candidateProbability(_ s: Double) -> Double { 1 - pow1(1 - pow1(s, rows), bands) }

    /// Chosen for `threshold`: among all bands × rows that fit in `permutations`, those that make
    /// a pair at the threshold a candidate with probability at least `recall`, the one with the
    /// fewest candidates below the threshold (smallest area under the curve on [0, threshold]).
    public static func choose(threshold: Double, permutations: Int, recall: Double = 0.97) -> LSHParameters {
        var best = LSHParameters(bands: permutations, rows: 1)
        var bestArea = Double.infinity
        for rows in 1...permutations {
            for bands in 1...(permutations / rows) {
                let p = LSHParameters(bands: bands, rows: rows)
                guard p.candidateProbability(threshold) >= recall else { continue }
                let steps = 200
                var area = 0.0
                for i in 0..<steps { area += p.candidateProbability(threshold * (Double(i) + 0.5) / Double(steps)) }
                area *= threshold / Double(steps)
                if area < bestArea - 1e-12 {
                    best = p
                    bestArea = area
                }
            }
        }
        return best
    }

    /// One 64-bit key per band (a hash of the band's rows and a salt such as the category).
    public func bandKeys(_ signature: [UInt32], salt: UInt64 = 0) -> [UInt64] {
        (0..<bands).map { band in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt ^ (UInt64(band) &* 0x9E37_79B9_7F4A_7C15)
            for r in 0..<rows { h = Shingles.mix(h ^ UInt64(signature[band * rows + r])) }
            return h
        }
    }
}

@inline(__always)
func pow1(_ x: Double, _ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<n { r *= x }
    return r
}
