import Foundation
import MCIPStore
import Testing

/// A second `mcip generate` on a database another one is writing is refused at once with a
/// clear message, whichever path names the database; readers (export) see a consistent
/// snapshot meanwhile; the first run finishes exactly as if it had been alone.
@Suite struct ConcurrencyTests {
    @Test func aSecondWriterIsRefusedAndTheFirstRunIsUntouched() throws {
        let reference = try ReferenceRun.shared.get()
        let folder = temporaryFolder("concurrent")
        let db = folder.appendingPathComponent("mcip.sqlite").path
        let link = folder.appendingPathComponent("alias.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        let first = try RunningMCIP(ReferenceRun.arguments + ["--db", db, "--batch-size", "4"])
        #expect(first.wait(until: { (Peek.samples(db) ?? 0) >= 20 }), "the first run ended too soon")
        // Frozen mid-run, possibly inside a transaction: it holds the run lock throughout.
        kill(first.pid, SIGSTOP)
        defer { kill(first.pid, SIGCONT) }

        for path in [db, link, folder.path + "/./mcip.sqlite"] {
            let second = try runProcess(Repo.binary, ReferenceRun.arguments + ["--db", path])
            #expect(second.status == 1, "\(path): exit \(second.status)")
            #expect(second.stderr.contains("is being written by another mcip generate (pid \(first.pid))"), "\(path): \(second.stderr)")
        }

        // A reader meanwhile exports a consistent snapshot of the committed batches.
        let snapshot = folder.appendingPathComponent("snapshot")
        let export = try runProcess(Repo.binary, ["export", "--db", db, "--out", snapshot.path])
        #expect(export.status == 0, "\(export.stderr)")
        let verify = try runProcess(Repo.binary, ["verify", snapshot.path])
        #expect(verify.status == 0, "\(verify.stderr)")

        kill(first.pid, SIGCONT)
        let end = first.finish()
        #expect(end.status == 0, "\(end.stderr)")
        #expect(try Peek.integrity(db) == "ok")
        let d = try Database(path: db, mode: .readOnly)
        #expect(try d.scalarInt("SELECT count(*) FROM runs") == 1, "the refused runs left a trace")
        #expect(try ReferenceRun.exportDigests(db) == reference.digests)
    }
}
