import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a request to stop after the current batch is committed, so
/// an interrupted run loses nothing and can be resumed.
public enum StopSignal {
    private static let requested = Atomic<Int32>(0)
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Starts catching SIGINT and SIGTERM (once per process).
    public static func install() {
        guard sources.isEmpty else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { requested.store(sig, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received since `install`, or nil.
    public static var received: Int32? {
        let s = requested.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
