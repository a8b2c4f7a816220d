import Foundation
import MCIPPipeline
import Testing

/// What the progress bar writes, with a clock the test moves by hand.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private var time = 0.0

    var output: String { lock.withLock { text } }
    var now: Double { lock.withLock { time } }
    func write(_ s: String) { lock.withLock { text += s } }
    func advance(_ seconds: Double) { lock.withLock { time += seconds } }

    func bar(_ style: ProgressBar.Style, label: String = "generate") -> ProgressBar {
        ProgressBar(label: label, style: style, output: { self.write($0) }, clock: { self.now })
    }
}

struct ProgressBarTests {
    @Test func plainModePrintsOneLinePerTenth() {
        let r = Recorder()
        let bar = r.bar(.lines)
        for done in 0...1000 { bar.update(done, of: 1000) }
        bar.finish()
        let lines = r.output.split(separator: "\n").map(String.init)
        #expect(lines == (1...10).map { "generate \($0 * 10)% (\($0 * 100)/1000)" })
        #expect(!r.output.contains("\r") && !r.output.contains("\u{1B}"))
    }

    @Test func plainModeWithCoarseUpdatesNamesTheDetail() {
        let r = Recorder()
        let bar = r.bar(.lines)
        let categories = ["appropriate", "function_overlapping", "excessive_privileges", "function_dependency_injection"]
        for (i, c) in categories.enumerated() { bar.update((i + 1) * 250, of: 1000, detail: c) }
        bar.finish()
        #expect(
            r.output
                == "generate 25% (250/1000) appropriate\ngenerate 50% (500/1000) function_overlapping\n"
                + "generate 75% (750/1000) excessive_privileges\ngenerate 100% (1000/1000) function_dependency_injection\n")
    }

    @Test func plainModeFinishShowsWhereAnInterruptedRunStopped() {
        let r = Recorder()
        let bar = r.bar(.lines, label: "export")
        bar.update(0, of: 1000)
        bar.update(450, of: 1000)
        bar.update(480, of: 1000)
        bar.finish()
        bar.update(900, of: 1000)
        #expect(r.output == "export 45% (450/1000)\nexport 48% (480/1000)\n")
        #expect(!r.output.contains("900"), "updates after finish are ignored")
    }

    @Test func abandonEndsARedrawnLineAndPrintsNothingElse() {
        let r = Recorder()
        let bar = r.bar(.redraw(width: 80))
        bar.update(10, of: 100)
        bar.abandon()
        bar.finish()
        #expect(r.output == "\r\u{1B}[2Kgenerate [##......................] 10/100 10%\n")
        let plain = Recorder()
        let lines = plain.bar(.lines)
        lines.update(5, of: 100)
        lines.abandon()
        #expect(plain.output.isEmpty, "a failed run prints no final progress line")
    }

    @Test func silentPrintsNothing() {
        let r = Recorder()
        let bar = r.bar(.silent)
        for done in stride(from: 0, through: 1000, by: 10) { bar.update(done, of: 1000) }
        bar.finish()
        #expect(r.output.isEmpty)
    }

    @Test func redrawModeIsThrottledToTenPerSecond() {
        let r = Recorder()
        let bar = r.bar(.redraw(width: 200))
        // 100 updates at the same instant: only the first is drawn.
        for done in 1...100 { bar.update(done, of: 1000) }
        #expect(r.output.components(separatedBy: "\r\u{1B}[2K").count - 1 == 1)
        // One update every 1/16 s for 1.25 s: a redraw every second update (every 1/8 s).
        for done in 101...120 {
            r.advance(0.0625)
            bar.update(done, of: 1000)
        }
        let redraws = r.output.components(separatedBy: "\r\u{1B}[2K").count - 1
        #expect(redraws == 11)
        #expect(!r.output.contains("\n"), "a redrawn line never scrolls")
        bar.finish()
        #expect(r.output.hasSuffix("\r\u{1B}[2Kgenerate [##......................] 120/1000 12%  95/s\n"))
    }

    @Test func redrawLineFitsTheTerminal() {
        let r = Recorder()
        let bar = r.bar(.redraw(width: 30))
        bar.update(500, of: 1000, detail: "function_dependency_injection")
        let line = r.output.replacingOccurrences(of: "\r\u{1B}[2K", with: "")
        #expect(r.output.hasPrefix("\r\u{1B}[2K"))
        #expect(line == "generate [############.......")
        #expect(line.count == 29)
    }
}

struct TerminalTests {
    @Test func colourOnlyOnAnInteractiveTerminalWithoutNoColor() {
        #expect(Terminal(isTTY: true, environment: ["TERM": "xterm-256color"]).usesColor)
        #expect(!Terminal(isTTY: true, environment: ["TERM": "xterm", "NO_COLOR": "1"]).usesColor)
        #expect(Terminal(isTTY: true, environment: ["TERM": "xterm", "NO_COLOR": ""]).usesColor, "an empty NO_COLOR does not count")
        #expect(!Terminal(isTTY: true, environment: ["TERM": "dumb"]).usesColor)
        #expect(!Terminal(isTTY: false, environment: ["TERM": "xterm"]).usesColor)
        #expect(Terminal(isTTY: true, environment: ["TERM": "xterm"]).error("mcip:") == "\u{1B}[1;31mmcip:\u{1B}[0m")
        #expect(Terminal(isTTY: true, environment: ["TERM": "xterm", "NO_COLOR": "yes"]).error("mcip:") == "mcip:")
    }

    @Test func redrawOnlyOnAnInteractiveTerminal() {
        #expect(Terminal(isTTY: true, environment: ["TERM": "xterm"]).isInteractive)
        #expect(!Terminal(isTTY: true, environment: ["TERM": "dumb"]).isInteractive)
        #expect(!Terminal(isTTY: false, environment: [:]).isInteractive)
    }
}
