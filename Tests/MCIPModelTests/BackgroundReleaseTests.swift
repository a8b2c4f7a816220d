import MCIPModel
import Testing

struct BackgroundReleaseTests {
    /// Counts its deinitialisations in `freed`.
    final class Tracked {
        let freed: UnsafeMutablePointer<Int>
        init(_ freed: UnsafeMutablePointer<Int>) { self.freed = freed }
        deinit { freed.pointee += 1 }
    }

    @Test func theValueIsFreedByTheTimeWaitReturns() {
        let freed = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { freed.deallocate() }
        freed.pointee = 0
        let released = BackgroundRelease([Tracked(freed), Tracked(freed)])
        released.wait()
        #expect(freed.pointee == 2)
    }
}
