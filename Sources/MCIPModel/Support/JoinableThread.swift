import Foundation

/// A thread whose `join()` returns only once its body has returned and everything the body
/// captured has been let go of. Foundation's `Thread` drops its closure some time after the
/// body returns, on its own thread: when that closure held the last reference to an SQLite
/// connection, the database closed (checkpointing its log under a lock) after the caller had
/// gone on, and the caller's next statement found it locked.
public final class JoinableThread {
    private let thread: pthread_t
    private var joined = false

    /// Starts `body` on a new thread.
    public init(_ body: @escaping () -> Void) {
        final class Body {
            let run: () -> Void
            init(_ run: @escaping () -> Void) { self.run = run }
        }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { context in
                // The body, and all it captured, is released here, before the thread ends.
                Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        precondition(rc == 0, "cannot start a thread (error \(rc))")
        self.thread = thread
    }

    /// Waits until the body has returned and its captures are freed. Called at most once.
    public func join() {
        precondition(!joined, "a thread is joined once")
        joined = true
        pthread_join(thread, nil)
    }

    deinit {
        if !joined { pthread_detach(thread) }
    }
}
