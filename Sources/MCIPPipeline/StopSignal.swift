import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a request to stop after the current batch is committed, so
/// an interrupted run loses nothing and can be resumed. A second signal stops at once: the
/// batch in progress is not committed, and SQLite rolls it back on the next open.
public enum StopSignal {
    private static let requested = Atomic<Int32>(0)
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Starts catching SIGINT and SIGTERM (once per process).
    public static func install() {
        guard sources.isEmpty else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if requested.exchange(sig, ordering: .relaxed) != 0 {
                    say("mcip: second signal, stopping now without the batch in progress")
                    _exit(128 + sig)
                }
                say("mcip: stopping after the current batch is committed (signal again to stop at once)")
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received since `install`, or nil.
    public static var received: Int32? {
        let s = requested.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
