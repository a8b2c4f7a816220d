import Foundation
import MCIPStore
import Testing

/// Files `mcip` must not treat as its database: each command that opens one refuses it with a
/// clear message, exits 1 (never a crash), and leaves the file's bytes as they were.
@Suite struct DatabaseRefusalTests {
    /// A file that is not an mcip database, made at a path.
    typealias Kind = Spoiling<String>

    static let kinds: [Kind] = [
        Kind(name: "a text file", expected: "not an SQLite database, refusing to touch it") { path in
            try Data("id,name\n1,Ana\n".utf8).write(to: URL(fileURLWithPath: path))
        },
        Kind(name: "random bytes", expected: "not an SQLite database") { path in
            var rng = SystemRandomNumberGenerator()
            try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &rng) }).write(to: URL(fileURLWithPath: path))
        },
        Kind(name: "another application's SQLite database", expected: "not an mcip database (application id 0)") { path in
            try Database(path: path).execute("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES('Ana')")
        },
        Kind(name: "an mcip database of a newer schema", expected: "schema version 7 is newer than this mcip understands") { path in
            _ = try SampleStore(path: path, create: true)
            try Database(path: path).execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version=7")
        },
        Kind(name: "an SQLite header over garbage", expected: "not a readable SQLite database") { path in
            var bytes = [UInt8]("SQLite format 3\0".utf8)
            bytes += [UInt8](repeating: 0xAB, count: 4096 - bytes.count)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        },
    ]

    static let commands: [[String]] = [
        ["generate", "--per-class", "2", "--templates", Repo.templates.path, "--seeds", Repo.seeds.path],
        ["export", "--out", "OUT"],
        ["stats"],
    ]

    @Test(arguments: kinds, commands)
    func refusedWithoutChange(_ kind: Kind, _ command: [String]) throws {
        let folder = temporaryFolder("refuse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data.db").path
        try kind.apply(db)
        let before = databaseDigest(db)
        let arguments = command.map { $0 == "OUT" ? folder.appendingPathComponent("dataset").path : $0 } + ["--db", db]
        let result = try runProcess(Repo.binary, arguments)
        #expect(result.status == 1, "\(command[0]): exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(kind.expected), "\(command[0]): \(result.stderr)")
        #expect(databaseDigest(db) == before, "\(command[0]) changed the file")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix("data.db-") }
        #expect(left == ["data.db"], "\(command[0]) left \(left)")
    }
}
