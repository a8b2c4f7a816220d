import Foundation
import MCIPModel
import Testing

/// The hostile corpus (`Tests/Fixtures/hostile/`): every malformed input file makes the real
/// binary exit with 65, name the file, line and problem, and leave an existing database's bytes
/// untouched.
@Suite struct HostileInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var target: String
        var line: Int
        var problem: String
        var growToBytes: Int?
        var testDescription: String { fixture }
    }

    static let folder = Repo.fixtures.appendingPathComponent("hostile")

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("index.json").path),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return list.map {
            Case(
                fixture: $0["fixture"] as! String, target: $0["target"] as! String, line: $0["line"] as! Int,
                problem: $0["problem"] as! String, growToBytes: $0["grow_to_bytes"] as? Int)
        }
    }()

    /// A database holding one small run, made once with the real binary.
    static let database: Result<URL, any Error> = Result {
        let folder = temporaryFolder("hostile-db")
        let db = folder.appendingPathComponent("mcip.sqlite")
        let result = try runProcess(
            Repo.binary,
            ["generate", "--per-class", "2", "--seed", "5", "--db", db.path, "--templates", Repo.templates.path, "--seeds", Repo.seeds.path])
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return db
    }

    @Test func theCorpusCoversEveryKindOfProblem() {
        #expect(Self.cases.count >= 40)
        let fixtures = Set(Self.cases.map(\.fixture))
        #expect(fixtures.count == Self.cases.count, "a fixture is listed twice")
        for prefix in ["yaml/", "pools/", "identities/", "servers/", "tasks/", "templates/", "taxonomy/"] {
            #expect(fixtures.contains { $0.hasPrefix(prefix) }, "no case under \(prefix)")
        }
    }

    @Test(arguments: cases)
    func generateRefusesAndLeavesTheDatabaseAlone(_ c: Case) throws {
        let work = temporaryFolder("hostile")
        defer { try? FileManager.default.removeItem(at: work) }
        for dir in ["Seeds", "Templates"] {
            try FileManager.default.copyItem(at: Repo.root.appendingPathComponent(dir), to: work.appendingPathComponent(dir))
        }
        var content = try Data(contentsOf: Self.folder.appendingPathComponent(c.fixture))
        if let size = c.growToBytes {
            let lastLine = content.split(separator: 0x0A).last.map { Data($0) + Data([0x0A]) } ?? Data("x\n".utf8)
            while content.count < size { content.append(lastLine) }
        }
        let target = work.appendingPathComponent(c.target)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: target)

        let db = work.appendingPathComponent("mcip.sqlite")
        let source = try Self.database.get()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: source.path + suffix) {
            try FileManager.default.copyItem(atPath: source.path + suffix, toPath: db.path + suffix)
        }
        let before = try fingerprint(db)

        let result = try runProcess(Repo.binary, ["generate", "--per-class", "3", "--seed", "5", "--db", "mcip.sqlite"], cwd: work)
        #expect(result.status == 65, "exit \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let located = lines.first { $0.hasPrefix("\(c.target):\(c.line):") }
        #expect(located != nil, "no \(c.target):\(c.line): in:\n\(result.stderr)")
        if let located {
            #expect(located.range(of: #"^[^:]+:\d+:\d+: "#, options: .regularExpression) != nil, "not file:line:column: \(located)")
            #expect(located.contains(c.problem), "expected '\(c.problem)' in: \(located)")
        }
        #expect(try fingerprint(db) == before, "the database changed")
        #expect(!FileManager.default.fileExists(atPath: db.path + ".lock"), "generate got as far as locking the database")
    }

    /// SHA-256 of the database file and its write-ahead log, if any.
    func fingerprint(_ db: URL) throws -> [String] {
        ["", "-wal"].map { suffix in
            guard let data = FileManager.default.contents(atPath: db.path + suffix) else { return "absent" }
            return Hex.encode(SHA256.hash([UInt8](data)))
        }
    }
}
