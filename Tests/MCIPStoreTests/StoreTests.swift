import Foundation
import TestScratch
import MCIPModel
import Testing

@testable import MCIPStore

func temporaryPath(_ name: String) -> String {
    Scratch.folder("store").appendingPathComponent(name).path
}

func storedSample(
    _ id: String, text: String, category: MCIPClass = .appropriate, bandKeys: [UInt64] = [], shingleSet: [UInt32] = []
) -> StoredSample {
    let tool = ToolDefinition(name: "t", description: "d", inputSchema: ["type": "object"], annotations: ToolAnnotations(), privilege: .read)
    let trajectory = Trajectory(
        servers: [ServerDefinition(name: "s", title: "S", tools: [tool])], steps: [.user(text), .listTools(server: "s"), .answer("ok")])
    let policy = Policy(identity: Identity(name: "A", role: "viewer", privilege: .read, verified: true), intendedCalls: [], dependencies: [])
    let sample = Sample(
        id: id, category: category, group: "g-\(text)", title: "T", trajectory: trajectory, policy: policy, rationale: "r",
        provenance: Provenance(seed: 1, index: Int(id.split(separator: "-").last!)!, template: "x/y", task: "t", cause: "outcome_only", hardNegative: nil, taxonomyVersion: "1"))
    return StoredSample(sample: sample, encoded: SampleCodec.encode(sample), verdict: category, bandKeys: bandKeys, shingleSet: shingleSet)
}

struct StoreTests {
    @Test func samplesAreStoredWithTheirFingerprintsAndDuplicatesAreRecorded() throws {
        let store = try SampleStore(path: temporaryPath("a.sqlite"), create: true)
        let run = try store.beginRun(seed: 1, perClass: 3, options: [:], taxonomyVersion: "1", inputsHash: "h")
        let a = storedSample("1-appropriate-0", text: "a", bandKeys: [1, 2, 3], shingleSet: [7, 70, 700])
        let b = storedSample("1-appropriate-1", text: "b", bandKeys: [4, 5, 6])
        let seqs = try store.database.transaction {
            let seqs = try [a, b].map { try store.insert($0, run: run) }
            try store.recordDuplicate(storedSample("1-appropriate-2", text: "a"), run: run, keptID: "1-appropriate-0")
            return seqs
        }
        #expect(seqs == [1, 2])
        #expect(store.sampleCount == 2)
        #expect(try store.database.scalarText("SELECT kept_id FROM duplicates WHERE id='1-appropriate-2'") == "1-appropriate-0")
        #expect(try store.database.scalarInt("SELECT count(*) FROM server_defs") == 1)
        #expect(try store.progress(seed: 1, category: "appropriate") == (stored: 2, nextIndex: 3))
        #expect(try store.sample(seq: 2)?.id == "1-appropriate-1")
        #expect(try store.sampleID(seq: 2) == "1-appropriate-1" && store.sampleID(seq: 9) == nil)
        #expect(try store.record(id: "1-appropriate-1") == b.record)
        #expect(try store.record(id: "1-appropriate-7") == nil && store.record(id: "not-an-id") == nil)
        var fingerprints: [(Int, String, [UInt8], [UInt64], [UInt32])] = []
        try store.forEachFingerprint { fingerprints.append(($0, $1, $2, $3, $4)) }
        #expect(fingerprints.map(\.0) == [1, 2])
        #expect(fingerprints.map { Hex.encode($0.2) } == [a.contentHash, b.contentHash])
        #expect(fingerprints.map(\.3) == [[1, 2, 3], [4, 5, 6]])
        #expect(fingerprints.map(\.4) == [[7, 70, 700], []])
    }

    @Test func refusesAFileThatIsNotAnSQLiteDatabase() throws {
        let path = temporaryPath("notes.txt")
        try Data("just some text\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try SampleStore(path: path, create: true) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "just some text\n")
    }

    @Test func refusesAnotherApplicationsDatabase() throws {
        let path = temporaryPath("other.sqlite")
        try Database(path: path).execute("CREATE TABLE t(x); INSERT INTO t VALUES(1)")
        do {
            _ = try SampleStore(path: path, create: true)
            Issue.record("accepted a foreign database")
        } catch {
            #expect(error.message.contains("not an mcip database"))
        }
        #expect(try Database(path: path).scalarInt("SELECT count(*) FROM sqlite_master") == 1)
    }

    @Test func refusesANewerSchema() throws {
        let path = temporaryPath("new.sqlite")
        _ = try SampleStore(path: path, create: true)
        try Database(path: path).execute("PRAGMA user_version=99")
        do {
            _ = try SampleStore(path: path, create: true)
            Issue.record("accepted a newer schema")
        } catch {
            #expect(error.message.contains("newer"))
        }
    }

    @Test func textWithNULAndAnyUnicodeIsStoredWhole() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(x TEXT)")
        let text = "a\u{0}b\u{2028}c😀\u{202E}d\u{7F}"
        try db.prepare("INSERT INTO t VALUES(?)").run([.text(text)])
        #expect(try db.scalarText("SELECT x FROM t") == text)
        #expect(try db.scalarInt("SELECT length(CAST(x AS BLOB)) FROM t") == text.utf8.count)
        try db.prepare("INSERT INTO t VALUES(?)").run([.text("")])
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE x = ''") == 1)
    }

    @Test func statementErrorsCarryCodeAndSQL() throws {
        let db = try Database(path: ":memory:")
        do {
            try db.execute("SELEC 1")
            Issue.record("bad SQL accepted")
        } catch {
            #expect(error.code != 0 && error.sql == "SELEC 1")
        }
    }
}
