import Foundation

/// Lets go of a value on a thread of its own. Freeing a large graph of small objects (a cache
/// of decoded server definitions, a dictionary of 100,000 ids) takes long enough to matter at
/// the end of a run; the caller, which must not use the value again, goes on meanwhile and
/// calls `wait()` before it returns, so no work outlives it.
public final class BackgroundRelease: @unchecked Sendable {
    private var value: Any?
    private let done = DispatchSemaphore(value: 0)

    public init<T>(_ value: T) {
        self.value = value
        Thread { [self] in
            self.value = nil
            done.signal()
        }.start()
    }

    /// Returns once the value is let go of.
    public func wait() { done.wait() }
}
