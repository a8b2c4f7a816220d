/// The project's only source of randomness: xoshiro256** seeded through SplitMix64 from a
/// stable key. Every stream is derived from named parts such as (seed, category, index), so
/// a sample's draws never depend on what else ran before it, on threads or on the process.
///
/// The drawing functions are `@inlinable` so other modules get them specialized for their
/// element types (a generic call across modules otherwise boxes every element it touches).
public struct RNG: Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// A stream keyed by the given parts: FNV-1a over their UTF-8, parts separated by 0x1F, a
    /// number hashed as its decimal digits (`RNG(7, "x")` is `RNG("7", "x")`).
    @inlinable
    public init<each Part: StreamKeyPart>(_ parts: repeat each Part) {
        var key = StreamKey()
        for part in repeat each parts { part.add(to: &key) }
        self.init(seed: key.value)
    }

    public init(parts: [String]) {
        self.init(seed: RNG.key(parts))
    }

    public static func key(_ parts: [String]) -> UInt64 {
        var key = StreamKey()
        for part in parts { key.add(part) }
        return key.value
    }

    /// A child stream: the same key always gives the same child, whatever was drawn before.
    public func fork(_ label: String) -> RNG {
        var h = RNG.key([label])
        h ^= s0 &* 0x9E37_79B9_7F4A_7C15
        h ^= s3
        return RNG(seed: h)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in `0..<bound` (Lemire's method, unbiased).
    @inlinable
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    @inlinable
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.count)
    }

    /// True with probability `p`.
    @inlinable
    public mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < p
    }

    @inlinable
    public mutating func pick<C: Collection>(_ items: C) -> C.Element where C.Index == Int {
        precondition(!items.isEmpty, "cannot pick from an empty collection")
        return items[items.startIndex + int(below: items.count)]
    }

    /// Picks an index with probability proportional to its weight.
    @inlinable
    public mutating func pickWeighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "weights must sum to a positive number")
        var x = Double(next() >> 11) * 0x1.0p-53 * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    @inlinable
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(below: i + 1))
        }
    }
}

/// A part of a stream's key (see `RNG.init(_:)`).
public protocol StreamKeyPart {
    func add(to key: inout StreamKey)
}

extension String: StreamKeyPart {
    @inlinable public func add(to key: inout StreamKey) { key.add(self) }
}

extension Int: StreamKeyPart {
    @inlinable public func add(to key: inout StreamKey) { key.add(self) }
}

/// FNV-1a over the UTF-8 of a stream's key parts, separated by 0x1F, built part by part: no
/// part is written out as a string first (streams are keyed several times a sample).
public struct StreamKey {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private var empty = true

    public init() {}

    public mutating func add(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { for b in $0 { mix(b) } }
    }

    /// `n` as its decimal digits, as `add("\(n)")` would hash them.
    public mutating func add(_ n: Int) {
        separate()
        if n < 0 { mix(UInt8(ascii: "-")) }
        let m = n.magnitude
        var place: UInt = 1
        while m / place >= 10 { place *= 10 }
        repeat {
            mix(UInt8(ascii: "0") + UInt8(m / place % 10))
            place /= 10
        } while place > 0
    }

    private mutating func separate() {
        if !empty { mix(0x1F) }
        empty = false
    }

    private mutating func mix(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
}

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
