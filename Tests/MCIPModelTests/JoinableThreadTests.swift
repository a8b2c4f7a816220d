import Foundation
import MCIPModel
import Testing

struct JoinableThreadTests {
    /// Notes, when freed, on which thread.
    final class Captured {
        let freedOn: UnsafeMutablePointer<pthread_t?>
        init(_ freedOn: UnsafeMutablePointer<pthread_t?>) { self.freedOn = freedOn }
        deinit { freedOn.pointee = pthread_self() }
    }

    @Test func whatTheBodyCapturedIsFreedOnItsThreadBeforeJoinReturns() {
        for _ in 0..<200 {
            let freedOn = UnsafeMutablePointer<pthread_t?>.allocate(capacity: 1)
            defer { freedOn.deallocate() }
            freedOn.pointee = nil
            var ran = false
            var captured: Captured? = Captured(freedOn)
            let dropped = DispatchSemaphore(value: 0)
            // The body runs on once this thread has let go, so its thread holds the last reference.
            let thread = JoinableThread { [captured] in
                dropped.wait()
                ran = withExtendedLifetime(captured) { true }
            }
            captured = nil
            dropped.signal()
            thread.join()
            #expect(ran)
            #expect(freedOn.pointee.map { pthread_equal($0, pthread_self()) == 0 } == true)
        }
    }
}
