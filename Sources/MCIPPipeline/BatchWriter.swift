import Foundation
import MCIPModel
import MCIPStore

/// The single writer of a generation run, on a thread of its own so storing one batch overlaps
/// making the next. It takes batches in the order they were made, decides each sample against
/// the dedup index and stores a batch per transaction. It keeps, per class, how many samples
/// are stored and how many are queued, so the producer makes exactly as many as still needed:
/// the stored set is the first `perClass` kept samples of each class in index order, however
/// threads run. (Dedup decisions of a class depend only on earlier samples of that class.)
final class BatchWriter: @unchecked Sendable {
    /// Consecutive samples of some classes, each class's in index order.
    struct Batch {
        var parts: [(category: MCIPClass, samples: [StoredSample])]
    }

    private let store: SampleStore
    private let index: DedupIndex
    private let run: Int
    private let perClass: Int
    private let progress: (@Sendable (String, Int, Int) -> Void)?
    private let total: Int
    private let capacity = 2
    /// Samples made beyond the expected need of a class (plus 1/16 of the need).
    private static let margin = 8

    private let condition = NSCondition()
    private var thread: JoinableThread?
    private var queue: [Batch] = []
    /// Batches stored and not yet freed.
    private var written: [Batch] = []
    private var closed = false
    private var failure: (any Error)?
    private var stored: [MCIPClass: Int]
    private var queued: [MCIPClass: Int] = [:]
    /// Per class, samples looked at in this run; with those kept (`report.perCategory`), the
    /// share kept tells how many to make for a shortfall.
    private var examined: [MCIPClass: Int] = [:]
    /// Per class, the share kept in the last batch that looked at 64 or more of its samples.
    /// Near-duplicates grow more common as the index fills, so the estimate takes the lower of
    /// this and the share kept over the run.
    private var latestKeepRate: [MCIPClass: Double] = [:]
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
        thread = JoinableThread { [self] in work() }
    }

    /// How many more samples of each class the producer should make now: enough for the
    /// shortfalls that queued batches are not expected to cover, given the share of the
    /// class's samples kept so far, and a margin, so the end of a run is not a string of small
    /// rounds each waiting for the writer; at most `batch`. Samples made past a class's quota
    /// are never looked at, so what is stored does not depend on it. When queued batches might
    /// cover every shortfall, it waits for the writer to tell; empty once every class is
    /// complete.
    func shortfalls(batch: Int) throws -> [MCIPClass: Int] {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { throw failure }
            var out: [MCIPClass: Int] = [:]
            var waiting = false
            for category in MCIPClass.allCases {
                let missing = perClass - stored[category, default: 0]
                let seen = examined[category, default: 0]
                let runRate = Double(report.perCategory[category.id, default: 0]) / Double(max(1, seen))
                let keepRate = seen < 64 ? 1 : max(0.25, min(latestKeepRate[category, default: 1], runRate))
                let expected = Int(Double(queued[category, default: 0]) * keepRate)
                if missing > expected {
                    let short = Double(missing - expected)
                    out[category] = min(batch, Int((short / keepRate).rounded(.up)) + Self.margin + Int(short) / 16)
                } else if missing > 0 {
                    waiting = true
                }
            }
            if !out.isEmpty || !waiting { return out }
            condition.wait()
        }
    }

    /// Hands a batch to the writer; waits while the queue is full. Batches the writer is done
    /// with are freed here, on the producer's thread, which keeps the writer's own work short.
    func enqueue(_ batch: Batch) throws {
        condition.lock()
        while queue.count >= capacity && failure == nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        queue.append(batch)
        for part in batch.parts { queued[part.category, default: 0] += part.samples.count }
        let written = self.written
        self.written = []
        condition.broadcast()
        condition.unlock()
        withExtendedLifetime(written) {}
    }

    /// Stores what is queued, stops the thread and returns what was written, or the error
    /// that stopped the writer. Once it returns, the writer thread holds nothing: the store's
    /// connection closes when its caller lets go of it, not later on another thread.
    func finish() throws -> GenerateReport {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        thread?.join()
        thread = nil
        if let failure { throw failure }
        return report
    }

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty || failure != nil {
                condition.unlock()
                return
            }
            let batch = queue.removeFirst()
            let already = stored
            condition.broadcast()
            condition.unlock()

            let result = Result { try write(batch, already: already) }

            condition.lock()
            for part in batch.parts { queued[part.category, default: 0] -= part.samples.count }
            written.append(batch)
            // Towards the run's target, counting what earlier runs of the seed stored.
            let storedBefore = stored.values.reduce(0) { $0 + min($1, perClass) }
            switch result {
            case .success(let counts):
                for (category, r) in counts {
                    stored[category, default: 0] += r.stored
                    examined[category, default: 0] += r.generated
                    if r.generated >= 64 { latestKeepRate[category] = Double(r.stored) / Double(r.generated) }
                    report.generated += r.generated
                    report.stored += r.stored
                    report.duplicates += r.duplicates
                    report.nearDuplicates += r.nearDuplicates
                    report.perCategory[category.id, default: 0] += r.stored
                }
            case .failure(let e):
                failure = e
            }
            condition.broadcast()
            condition.unlock()
            // Progress per class of the committed batch, in the order they were stored.
            if case .success(let counts) = result, let progress {
                var running = storedBefore
                for (category, r) in counts {
                    running += r.stored
                    progress(category.id, running, total)
                }
            }
        }
    }

    struct Counts {
        var generated = 0
        var stored = 0
        var duplicates = 0
        var nearDuplicates = 0
    }

    /// Stores a batch in one transaction, each class's samples in index order: each sample is
    /// kept, or recorded as an exact or near duplicate of one kept before it. Samples past a
    /// class's quota are not looked at (the producer never makes them, but the rule keeps the
    /// stored set exact).
    private func write(_ batch: Batch, already: [MCIPClass: Int]) throws -> [(MCIPClass, Counts)] {
        try store.database.transaction {
            var all = Counts()
            var out: [(MCIPClass, Counts)] = []
            for part in batch.parts {
                var c = Counts()
                for s in part.samples {
                    guard already[part.category, default: 0] + c.stored < perClass else { break }
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
                out.append((part.category, c))
                all.generated += c.generated
                all.stored += c.stored
                all.duplicates += c.duplicates
                all.nearDuplicates += c.nearDuplicates
            }
            try store.addRunCounts(
                run, generated: all.generated, stored: all.stored, duplicates: all.duplicates, nearDuplicates: all.nearDuplicates)
            return out
        }
    }
}
