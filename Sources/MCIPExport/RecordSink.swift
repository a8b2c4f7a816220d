import Foundation
import MCIPModel

/// Writes rendered records to their files on a thread of its own, so hashing and writing one
/// batch overlaps reading and rendering the next. Batches are written in the order given.
final class RecordSink: @unchecked Sendable {
    private let writers: [String: HashingFileWriter]
    private let condition = NSCondition()
    private var queue: [[Rendered]] = []
    private var closed = false
    private var failure: (any Error)?
    private var thread: JoinableThread?

    init(writers: [String: HashingFileWriter]) {
        self.writers = writers
        thread = JoinableThread { [self] in work() }
    }

    /// Hands over a batch; waits while two are already queued.
    func write(_ batch: [Rendered]) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= 2 && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(batch)
        condition.broadcast()
    }

    /// Waits until everything queued is written; rethrows a write error.
    func finish() throws {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        thread?.join()
        thread = nil
        if let failure { throw failure }
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
            condition.broadcast()
            condition.unlock()
            do {
                for r in batch {
                    for (format, record) in r.records { try writers["\(format.rawValue)/\(r.split.rawValue).jsonl"]!.writeRecord(record) }
                }
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
