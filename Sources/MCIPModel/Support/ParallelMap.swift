import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How `parallelMap` shares indices among its workers.
public enum ParallelSchedule: Sendable {
    /// Worker w takes w, w + jobs, w + 2·jobs, …: nothing shared, best for many small items.
    case interleaved
    /// Each worker takes the next index not yet taken (an atomic add each), so a worker slowed
    /// by another thread on its core does less of the work instead of holding the others up:
    /// for coarse items.
    case balanced
}

/// Which threads `parallelMap` works on.
public enum ParallelThreads: Sendable {
    /// Dispatch's shared threads, at the caller's priority.
    case shared
    /// Threads of its own, started for the call, below the caller's priority (Linux). When the
    /// results feed one thread of normal priority that runs meanwhile (a writer), that thread
    /// gets a core whenever it has work, instead of a third of one beside two workers: it keeps
    /// up, and has little left to do alone once the workers are done.
    case belowCaller
}

/// How far below the caller's priority `ParallelThreads.belowCaller` runs (a nice value).
let belowCallerNice: Int32 = 10

/// Maps `count` indices over `jobs` threads and returns the results in index order, so the
/// output never depends on thread timing. If any call throws, the error of the lowest index
/// is rethrown.
public func parallelMap<T: Sendable>(
    count: Int, jobs: Int, schedule: ParallelSchedule = .interleaved, threads: ParallelThreads = .shared,
    _ body: @Sendable (Int) throws -> T
) throws -> [T] {
    let slots = Slots<T>(count: count)
    let workers = max(1, min(jobs, count))
    let taken = Atomic<Int>(0)
    let work = { @Sendable (worker: Int) in
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
    switch threads {
    case .shared:
        DispatchQueue.concurrentPerform(iterations: workers, execute: work)
    case .belowCaller:
        // The threads are joined before `body` goes out of scope.
        withoutActuallyEscaping(work) { work in
            let started = (0..<workers).map { worker in
                JoinableThread {
                    lowerThisThreadsPriority(by: belowCallerNice)
                    work(worker)
                }
            }
            for thread in started { thread.join() }
        }
    }
    return try slots.results()
}

/// Lowers the calling thread's priority (on Linux, a nice value is a thread's own); a thread
/// started for the purpose, as its priority cannot be raised back without privileges.
func lowerThisThreadsPriority(by nice: Int32) {
    #if canImport(Glibc)
    let calling = id_t(0)
    let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), calling)
    setpriority(__priority_which_t(PRIO_PROCESS.rawValue), calling, min(19, current + nice))
    #endif
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
