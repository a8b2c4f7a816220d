import Foundation
import MCIPModel
import Testing

@testable import MCIPExport

/// Files hand their pages to the disk as they grow (small windows here, so every step of the
/// writeback runs); what lands on disk and its hash are exactly what was written.
struct HashingFileWriterTests {
    @Test func writtenBytesAndHashSurviveWritebackWindows() throws {
        let path = temporaryFolder("writeback").appendingPathComponent("w.jsonl").path
        let writer = try HashingFileWriter(path: path, writebackWindow: 1 << 20)
        var expected: [UInt8] = []
        var rng = RNG(seed: 3)
        for i in 0..<6000 {
            let record = Array("{\"i\":\(i),\"pad\":\"\(String(repeating: "x", count: Int(rng.next() % 2000)))\"}".utf8)
            try writer.writeRecord(record)
            expected += record + [0x0A]
        }
        let sha = try writer.finish()
        let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(expected.count > 5 << 20)
        #expect(onDisk == expected)
        #expect(writer.bytes == expected.count && writer.records == 6000)
        var hasher = SHA256()
        hasher.update(expected)
        #expect(sha == Hex.encode(hasher.finalize()))
    }
}
