import Foundation
import MCIPModel
import Testing

struct BackgroundReleaseTests {
    /// Records, when freed, how many were freed and on which thread.
    final class Tracked {
        let log: UnsafeMutablePointer<(count: Int, thread: pthread_t?)>
        init(_ log: UnsafeMutablePointer<(count: Int, thread: pthread_t?)>) { self.log = log }
        deinit {
            log.pointee.count += 1
            log.pointee.thread = pthread_self()
        }
    }

    @Test func theValueIsFreedOnItsOwnThreadByTheTimeWaitReturns() {
        let log = UnsafeMutablePointer<(count: Int, thread: pthread_t?)>.allocate(capacity: 1)
        defer { log.deallocate() }
        log.pointee = (0, nil)
        let released = BackgroundRelease([Tracked(log), Tracked(log)])
        released.wait()
        #expect(log.pointee.count == 2)
        #expect(log.pointee.thread.map { pthread_equal($0, pthread_self()) == 0 } == true)
    }
}
