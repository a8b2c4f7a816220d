import Dispatch
import Synchronization

/// Maps `count` indices over `jobs` threads and returns the results in index order, so the
/// output never depends on thread timing. If any call throws, the error of the lowest index
/// is rethrown.
public func parallelMap<T: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let slots = Slots<T>(count: count)
    let workers = max(1, min(jobs, count))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var i = worker
        while i < count {
            do { slots.set(i, .success(try body(i))) } catch { slots.set(i, .failure(error)) }
            i += workers
        }
    }
    return try slots.results()
}

/// As `parallelMap`, but each worker takes the next index not yet taken, so a worker slowed by
/// another thread on its core does less of the work instead of holding the others up. For
/// coarse work items: taking an index costs an atomic add.
public func parallelMapBalanced<T: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let slots = Slots<T>(count: count)
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
        while case let i = next.add(1, ordering: .relaxed).oldValue, i < count {
            do { slots.set(i, .success(try body(i))) } catch { slots.set(i, .failure(error)) }
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
