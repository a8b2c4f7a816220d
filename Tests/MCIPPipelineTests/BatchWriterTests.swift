import Foundation
import MCIPModel
import MCIPStore
import Testing

@testable import MCIPPipeline

struct BatchWriterTests {
    func writer(perClass: Int) throws -> BatchWriter {
        let store = try SampleStore(path: temporaryFolder("batch-writer").appendingPathComponent("w.sqlite").path, create: true)
        let run = try store.beginRun(seed: 1, perClass: perClass, options: [:], taxonomyVersion: "1", inputsHash: "h")
        let index = try DedupIndex(config: DedupConfig(), store: store, jobs: 1)
        return BatchWriter(store: store, index: index, run: run, perClass: perClass, stored: [:], progress: nil)
    }

    /// A batch holds at most `batch` indices of a class, however much is missing (memory per
    /// batch stays bounded at any run size); a small need is asked for whole, with its margin.
    @Test func requestsAreCappedAtTheBatchSize() throws {
        let large = try writer(perClass: 100_000)
        #expect(try large.shortfalls(batch: 37) == Dictionary(uniqueKeysWithValues: MCIPClass.allCases.map { ($0, 37) }))
        _ = try large.finish()

        let small = try writer(perClass: 5)
        #expect(try small.shortfalls(batch: 512) == Dictionary(uniqueKeysWithValues: MCIPClass.allCases.map { ($0, 5 + 8) }))
        _ = try small.finish()
    }

    /// With every class at its quota there is nothing to make, and the producer stops.
    @Test func aCompleteRunAsksForNothing() throws {
        let w = try writer(perClass: 0)
        #expect(try w.shortfalls(batch: 512).isEmpty)
        _ = try w.finish()
    }
}
