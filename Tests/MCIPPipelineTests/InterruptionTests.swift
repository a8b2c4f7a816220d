import Foundation
import MCIPStore
import Testing

/// Runs of the real binary cut short — SIGKILL at any moment, SIGINT and SIGTERM — leave a
/// sound database, and rerunning the same command ends with an export byte-identical to an
/// uninterrupted run's.
@Suite struct InterruptionTests {
    /// Small batches (one index of every class), so kills land between and inside many transactions.
    static let batchSize = 1

    static var total: Int { ReferenceRun.perClass * 11 }

    /// When to kill: a moment into the start-up, then once the database holds at least this
    /// many samples (each resumed run continues from where the last one was killed).
    enum KillPoint: CustomStringConvertible {
        case after(seconds: Double)
        case samples(Int)
        var description: String {
            switch self {
            case .after(let s): "after \(s) s"
            case .samples(let n): "at \(n) samples"
            }
        }
    }

    @Test func sigkillAtManyPointsThenResumeGivesTheUninterruptedExport() throws {
        let reference = try ReferenceRun.shared.get()
        let db = temporaryFolder("killed").appendingPathComponent("mcip.sqlite").path
        let command = ReferenceRun.arguments + ["--db", db, "--batch-size", "\(Self.batchSize)"]
        let points: [KillPoint] = [.after(seconds: 0.05), .samples(1), .samples(40), .samples(100), .samples(160), .samples(220), .samples(270)]
        var landed = 0
        var committed = 0
        for point in points {
            let run = try RunningMCIP(command)
            let reached: Bool
            switch point {
            case .after(let s):
                usleep(UInt32(s * 1_000_000))
                reached = run.process.isRunning
            case .samples(let n):
                reached = run.wait(until: { (Peek.samples(db) ?? 0) >= n })
            }
            let seen = Peek.samples(db) ?? 0
            run.signal(SIGKILL)
            let end = run.finish()
            guard reached, end.killedBy == SIGKILL else {
                Issue.record("the run ended before the kill \(point): \(end.stderr)")
                continue
            }
            landed += 1
            if FileManager.default.fileExists(atPath: db) {
                #expect(try Peek.integrity(db) == "ok", "integrity after the kill \(point)")
            }
            let after = Peek.samples(db) ?? 0
            #expect(after >= seen, "kill \(point): \(seen) samples were seen committed, \(after) remain")
            #expect(after >= committed, "kill \(point) lost committed samples")
            #expect(after < Self.total, "kill \(point) came after the run was complete")
            committed = after
        }
        #expect(landed == points.count)

        let resumed = try runProcess(Repo.binary, command)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Peek.integrity(db) == "ok")
        #expect(Peek.samples(db) == Self.total)
        let runs = try Database(path: db, mode: .readOnly)
        #expect(try runs.scalarInt("SELECT count(*) FROM runs WHERE status='running'") == 0, "a killed run is still marked running")
        #expect(try runs.scalarInt("SELECT count(*) FROM runs WHERE status='done'") == 1)
        #expect(try ReferenceRun.exportDigests(db) == reference.digests)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aStopSignalCommitsTheBatchAndSaysHowToResume(_ signal: Int32) throws {
        let reference = try ReferenceRun.shared.get()
        let db = temporaryFolder("stopped").appendingPathComponent("mcip.sqlite").path
        let command = ReferenceRun.arguments + ["--db", db, "--batch-size", "\(Self.batchSize)"]
        let run = try RunningMCIP(command)
        #expect(run.wait(until: { (Peek.samples(db) ?? 0) >= 60 }), "the run ended before the signal")
        let seen = Peek.samples(db) ?? 0
        run.signal(signal)
        let end = run.finish()
        #expect(end.killedBy == nil, "the signal killed the process instead of stopping it")
        #expect(end.status == 128 + signal)
        #expect(end.stderr.contains("stopped by signal \(signal) after committing"), "\(end.stderr)")
        #expect(end.stderr.contains("run the same command again"), "\(end.stderr)")
        #expect(end.stderr.contains("--batch-size \(Self.batchSize)"), "the resume command is not spelt out: \(end.stderr)")

        #expect(try Peek.integrity(db) == "ok")
        let d = try Database(path: db, mode: .readOnly)
        let stored = Peek.samples(db) ?? 0
        #expect(stored >= seen && stored < Self.total)
        #expect(try d.scalarText("SELECT status FROM runs ORDER BY id DESC LIMIT 1") == "interrupted")
        // The run's own tally was committed with each batch, so it matches the rows it wrote.
        #expect(try d.scalarInt("SELECT stored FROM runs ORDER BY id DESC LIMIT 1") == stored)
        #expect(try d.scalarInt("SELECT count(*) FROM samples") == stored)

        let resumed = try runProcess(Repo.binary, command)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(Peek.samples(db) == Self.total)
        #expect(try ReferenceRun.exportDigests(db) == reference.digests)
    }

    @Test func batchSizeDoesNotChangeTheOutput() throws {
        let reference = try ReferenceRun.shared.get()
        let db = temporaryFolder("batch").appendingPathComponent("mcip.sqlite").path
        let result = try runProcess(Repo.binary, ReferenceRun.arguments + ["--db", db, "--batch-size", "7", "--jobs", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ReferenceRun.exportDigests(db) == reference.digests)
    }
}
