import Foundation

/// Progress of a long run (`mcip generate`, `mcip export`) on standard error, which never
/// carries data. On an interactive terminal one line is redrawn in place (`\r` + erase line)
/// at most ten times a second; piped or on a dumb terminal, a plain line is printed each time
/// the run passes another tenth; `silent` prints nothing.
public final class ProgressBar: @unchecked Sendable {
    public enum Style: Sendable, Equatable {
        case redraw(width: Int)
        case lines
        case silent
    }

    /// The shortest time between two redraws, in seconds.
    public static let redrawInterval = 0.1

    private let label: String
    private let style: Style
    private let output: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    private let started: Double
    private var startDone: Int?
    private var done = 0
    private var total = 0
    private var detail = ""
    private var lastDraw = -Double.infinity
    private var drawnDone: Int?
    private var printedTenths = 0
    private var finished = false

    public init(
        label: String, style: Style, output: @escaping @Sendable (String) -> Void,
        clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
    ) {
        self.label = label
        self.style = style
        self.output = output
        self.clock = clock
        started = clock()
    }

    /// A bar on this process's standard error, styled for what it is attached to.
    public static func standardError(label: String, quiet: Bool) -> ProgressBar {
        let terminal = Terminal.standardError
        let style: Style = quiet ? .silent : terminal.isInteractive ? .redraw(width: terminal.width) : .lines
        return ProgressBar(label: label, style: style) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// Records that `done` of `total` items are finished; `detail` says what is being worked on.
    public func update(_ done: Int, of total: Int, detail: String = "") {
        lock.withLock {
            guard !finished else { return }
            if startDone == nil { startDone = done }
            self.done = done
            self.total = total
            self.detail = detail
            switch style {
            case .silent:
                break
            case .redraw(let width):
                let now = clock()
                if now - lastDraw >= ProgressBar.redrawInterval {
                    lastDraw = now
                    redraw(width: width, now: now)
                }
            case .lines:
                let tenths = total > 0 ? min(10, done * 10 / total) : 0
                if tenths > printedTenths {
                    printedTenths = tenths
                    output(plainLine() + "\n")
                }
            }
        }
    }

    /// Shows the final state and ends the line; later updates are ignored.
    public func finish() {
        lock.withLock {
            guard !finished else { return }
            finished = true
            switch style {
            case .silent:
                break
            case .redraw(let width):
                guard startDone != nil else { return }
                redraw(width: width, now: clock())
                output("\n")
            case .lines:
                if startDone != nil && printedTenths < 10 && drawnDone != done {
                    output(plainLine() + "\n")
                }
            }
        }
    }

    /// Ends a run that failed: a redrawn line is ended so the error starts on its own line, and
    /// nothing more is printed. Does nothing after `finish`.
    public func abandon() {
        lock.withLock {
            guard !finished else { return }
            finished = true
            if case .redraw = style, drawnDone != nil { output("\n") }
        }
    }

    private var percent: Int { total > 0 ? min(100, done * 100 / total) : 0 }

    /// `generate  40% (4400/11000) function_injection`
    func plainLine() -> String {
        drawnDone = done
        return "\(label) \(percent)% (\(done)/\(total))" + (detail.isEmpty ? "" : " \(detail)")
    }

    /// `generate [#########...............] 4400/11000  40%  1520/s  function_injection`
    private func redraw(width: Int, now: Double) {
        let cells = 24
        let filled = total > 0 ? min(cells, done * cells / total) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled)
        let elapsed = now - started
        let advanced = done - (startDone ?? 0)
        let rate = elapsed > 0 && advanced > 0 ? "  \(Int(Double(advanced) / elapsed))/s" : ""
        var line = "\(label) [\(bar)] \(done)/\(total) \(percent)%\(rate)" + (detail.isEmpty ? "" : "  \(detail)")
        if line.count > width - 1 { line = String(line.prefix(max(0, width - 1))) }
        drawnDone = done
        output("\r\u{1B}[2K" + line)
    }
}
