/// Lets go of a value on a thread of its own. Freeing a large graph of small objects (a cache
/// of decoded server definitions) takes long enough to matter at the end of a run; the
/// caller goes on meanwhile and calls `wait()` (once) before it returns, so no work outlives
/// it. The value is freed on that thread only if nothing else holds it: hand it over with
/// `consume`, not from a variable that lives on.
public final class BackgroundRelease: @unchecked Sendable {
    private var value: Any?
    private var thread: JoinableThread?

    public init<T>(_ value: T) {
        self.value = value
        thread = JoinableThread { [self] in self.value = nil }
    }

    /// Returns once the value is let go of.
    public func wait() {
        thread?.join()
        thread = nil
    }
}
