import Foundation
import MCIPModel
import MCIPStore

/// The single writer of a generation run, on a thread of its own so storing one batch overlaps
/// making the next. It takes batches in the order they were made, decides each sample against
/// the dedup index and stores a batch per transaction. It keeps, per class, how many samples
/// are stored and how many are queued, so the producer makes exactly as many as still needed:
/// the stored set is the first `perClass` kept samples in index order, however threads run.
final class BatchWriter: @unchecked Sendable {
    struct Batch {
        var category: MCIPClass
        var samples: [StoredSample]
    }

    private let store: SampleStore
    private let index: DedupIndex
    private let run: Int
    private let perClass: Int
    private let progress: (@Sendable (String, Int, Int) -> Void)?
    private let total: Int
    private let capacity = 2

    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var closed = false
    private var done = false
    private var failure: (any Error)?
    private var stored: [MCIPClass: Int]
    private var queued: [MCIPClass: Int] = [:]
    private(set) var report = GenerateReport()

    init(
        store: SampleStore, index: DedupIndex, run: Int, perClass: Int, stored: [MCIPClass: Int],
        progress: (@Sendable (String, Int, Int) -> Void)?
    ) {
        self.store = store
        self.index = index
        self.run = run
        self.perClass = perClass
        total = perClass * MCIPClass.allCases.count
        self.stored = stored
        self.progress = progress
        Thread { [self] in work() }.start()
    }

    /// How many more samples of `category` the producer should make now: the shortfall not
    /// already covered by queued batches. Zero while queued batches might still cover it;
    /// waits for the writer when that is so.
    func shortfall(_ category: MCIPClass) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { throw failure }
            let missing = perClass - stored[category, default: 0]
            let pending = queued[category, default: 0]
            if missing <= 0 { return 0 }
            if missing > pending { return missing - pending }
            condition.wait()
        }
    }

    /// Hands a batch to the writer; waits while the queue is full.
    func enqueue(_ batch: Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(batch)
        queued[batch.category, default: 0] += batch.samples.count
        condition.broadcast()
    }

    /// Stores what is queued, stops the thread and returns what was written, or the error
    /// that stopped the writer.
    func finish() throws -> GenerateReport {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while !done { condition.wait() }
        if let failure { throw failure }
        return report
    }

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty || failure != nil {
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue.removeFirst()
            let already = stored[batch.category, default: 0]
            condition.broadcast()
            condition.unlock()

            let result = Result { try write(batch, already: already) }

            condition.lock()
            queued[batch.category, default: 0] -= batch.samples.count
            switch result {
            case .success(let r):
                stored[batch.category, default: 0] += r.stored
                report.generated += r.generated
                report.stored += r.stored
                report.duplicates += r.duplicates
                report.nearDuplicates += r.nearDuplicates
                report.perCategory[batch.category.id, default: 0] += r.stored
            case .failure(let e):
                failure = e
            }
            let storedNow = report.stored
            condition.broadcast()
            condition.unlock()
            if case .success = result { progress?(batch.category.id, storedNow, total) }
        }
    }

    struct Counts {
        var generated = 0
        var stored = 0
        var duplicates = 0
        var nearDuplicates = 0
    }

    /// Stores a batch in one transaction, in index order: each sample is kept, or recorded as an
    /// exact or near duplicate of one kept before it. Samples past the class's quota are not
    /// looked at (the producer never makes them, but the rule keeps the stored set exact).
    private func write(_ batch: Batch, already: Int) throws -> Counts {
        try store.database.transaction {
            var c = Counts()
            for s in batch.samples {
                guard already + c.stored < perClass else { break }
                c.generated += 1
                switch try index.decide(s) {
                case .duplicate(let kept):
                    try store.recordDuplicate(s, run: run, keptID: kept)
                    c.duplicates += 1
                case .nearDuplicate(let kept, let similarity):
                    try store.recordNearDuplicate(s, run: run, keptID: kept, similarity: similarity)
                    c.nearDuplicates += 1
                case .keep:
                    index.add(s, seq: try store.insert(s, run: run))
                    c.stored += 1
                }
            }
            try store.addRunCounts(run, generated: c.generated, stored: c.stored, duplicates: c.duplicates, nearDuplicates: c.nearDuplicates)
            return c
        }
    }
}
