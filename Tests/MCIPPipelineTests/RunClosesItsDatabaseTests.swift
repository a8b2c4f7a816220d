import Foundation
import MCIPPipeline
import MCIPStore
import Testing

/// When `generate` returns, its database is closed: the write-ahead log is checkpointed and
/// removed, and another connection can write at once, without waiting for a lock.
struct RunClosesItsDatabaseTests {
    @Test func theDatabaseIsClosedWhenARunReturns() throws {
        let db = temporaryFolder("closed").appendingPathComponent("c.sqlite").path
        for perClass in 1...8 {
            _ = try GenerateRun.run(GenerateOptions(perClass: perClass, seed: 9, database: db, templates: Repo.templates, seeds: Repo.seeds))
            #expect(!FileManager.default.fileExists(atPath: db + "-wal"), "after the run to \(perClass) per class")
            // No busy timeout: a connection still open elsewhere would fail this at once.
            try Database(path: db).execute("BEGIN IMMEDIATE; COMMIT")
        }
    }
}
