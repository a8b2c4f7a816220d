import MCIPModel
import MCIPStore
import Testing

struct LSHIndexTests {
    /// Candidates are every sample sharing a band key, ascending and distinct, cut at the
    /// limit: checked against a plain scan, with keys from a small range so that slots and
    /// chains collide, and a table small enough to grow on the way.
    @Test(arguments: [1, 16, 256])
    func candidatesAreTheSamplesSharingABand(limit: Int) {
        var rng = RNG("lsh-test")
        let bands = 6
        var index = LSHIndex(bands: bands, capacity: 8)
        var filed: [[UInt64]] = []
        for ref in 0..<3000 {
            let keys = (0..<bands).map { b in UInt64(b) << 40 | UInt64(rng.int(below: 400)) << 17 | UInt64(rng.int(below: 3)) }
            index.insert(keys, ref: UInt32(ref))
            filed.append(keys)
        }
        #expect(index.samples == 3000)
        for _ in 0..<200 {
            let probe = (0..<bands).map { b in UInt64(b) << 40 | UInt64(rng.int(below: 400)) << 17 | UInt64(rng.int(below: 3)) }
            let expected = filed.indices.filter { i in zip(filed[i], probe).contains { $0 == $1 } }.prefix(limit).map { UInt32($0) }
            #expect(index.candidates(probe, limit: limit) == expected)
        }
    }
}
