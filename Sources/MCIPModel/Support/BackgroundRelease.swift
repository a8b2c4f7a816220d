import Foundation

/// Lets go of a value on a thread of its own. Freeing a large graph of small objects (a cache
/// of decoded server definitions) takes long enough to matter at the end of a run; the
/// caller goes on meanwhile and calls `wait()` before it returns, so no work outlives it.
/// The value is freed on that thread only if nothing else holds it: hand it over with
/// `consume`, not from a variable that lives on.
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
