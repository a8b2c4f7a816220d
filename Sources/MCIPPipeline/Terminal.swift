import Foundation

/// What standard error is attached to, and so what it may carry: a line redrawn in place and
/// colour need an interactive terminal (a tty whose `TERM` is not `dumb`); colour is also off
/// whenever `NO_COLOR` is set to anything but the empty string (no-color.org).
public struct Terminal: Sendable {
    public var isTTY: Bool
    public var environment: [String: String]
    /// Columns, for cutting a redrawn line to fit.
    public var width: Int

    public init(isTTY: Bool, environment: [String: String], width: Int = 80) {
        self.isTTY = isTTY
        self.environment = environment
        self.width = width
    }

    /// Standard error of this process.
    public static var standardError: Terminal {
        let tty = isatty(STDERR_FILENO) != 0
        var size = winsize()
        let columns = tty && ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        return Terminal(isTTY: tty, environment: ProcessInfo.processInfo.environment, width: columns)
    }

    public var isInteractive: Bool { isTTY && environment["TERM"] != "dumb" }

    public var usesColor: Bool { isInteractive && (environment["NO_COLOR"] ?? "").isEmpty }

    /// `text` in bold red when colour is on, unchanged otherwise.
    public func error(_ text: String) -> String { usesColor ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text }
}
