import Foundation
import MCIPModel
import Testing

struct ParallelMapTests {
    struct Failed: Error, Equatable { var index: Int }

    typealias Mapper = @Sendable (Int, Int, @Sendable (Int) throws -> Int) throws -> [Int]
    static let mappers: [(String, Mapper)] = [
        ("interleaved", { try parallelMap(count: $0, jobs: $1, schedule: .interleaved, $2) }),
        ("balanced", { try parallelMap(count: $0, jobs: $1, schedule: .balanced, $2) }),
        ("balanced, below the caller", { try parallelMap(count: $0, jobs: $1, schedule: .balanced, threads: .belowCaller, $2) }),
    ]

    #if os(Linux)
    /// The calling thread's nice value.
    static func nice() -> Int32 { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }

    @Test func belowCallerWorkersRunAtALowerPriorityAndLeaveTheCallersAlone() throws {
        let caller = Self.nice()
        let seen = try parallelMap(count: 64, jobs: 2, schedule: .balanced, threads: .belowCaller) { _ in Self.nice() }
        #expect(Set(seen) == [min(19, caller + 10)])
        #expect(Self.nice() == caller)
        // Dispatch's shared threads are left at the caller's priority.
        #expect(Set(try parallelMap(count: 64, jobs: 2) { _ in Self.nice() }) == [caller])
    }
    #endif

    @Test(arguments: [0, 1, 2, 4], [0, 1, 7, 1000])
    func resultsComeInIndexOrder(jobs: Int, count: Int) throws {
        for (name, map) in Self.mappers {
            // Some items are slow, so workers finish out of order.
            let out = try map(count, jobs) { i in
                if i % 97 == 3 { usleep(2_000) }
                return i * i
            }
            #expect(out == (0..<count).map { $0 * $0 }, "\(name)")
        }
    }

    @Test func theLowestFailingIndexIsRethrown() {
        for (name, map) in Self.mappers {
            #expect(throws: Failed(index: 40), "\(name)") {
                try map(300, 2) { i in
                    if i == 250 { throw Failed(index: i) }
                    if i == 40 {
                        usleep(5_000)
                        throw Failed(index: i)
                    }
                    return i
                }
            }
        }
    }
}
