import Dispatch
import Synchronization

/// How `parallelMap` shares indices among its workers.
public enum ParallelSchedule: Sendable {
    /// Worker w takes w, w + jobs, w + 2·jobs, …: nothing shared, best for many small items.
    case interleaved
    /// Each worker takes the next index not yet taken (an atomic add each), so a worker slowed
    /// by another thread on its core does less of the work instead of holding the others up:
    /// for coarse items.
    case balanced
}

/// Maps `count` indices over `jobs` threads and returns the results in index order, so the
/// output never depends on thread timing. If any call throws, the error of the lowest index
/// is rethrown.
public func parallelMap<T: Sendable>(
    count: Int, jobs: Int, schedule: ParallelSchedule = .interleaved, _ body: @Sendable (Int) throws -> T
) throws -> [T] {
    let slots = Slots<T>(count: count)
    let workers = max(1, min(jobs, count))
    let taken = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        func next(after i: Int?) -> Int {
            switch schedule {
            case .interleaved: i.map { $0 + workers } ?? worker
            case .balanced: taken.add(1, ordering: .relaxed).oldValue
            }
        }
        var i = next(after: nil)
        while i < count {
            do { slots.set(i, .success(try body(i))) } catch { slots.set(i, .failure(error)) }
            i = next(after: i)
        }
    }
    return try slots.results()
}

/// Write-once result slots, one per index; each index is written by exactly one worker.
private final class Slots<T: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Result<T, any Error>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ i: Int, _ value: Result<T, any Error>) { storage[i] = value }

    func results() throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(try storage[i]!.get()) }
        return out
    }
}
