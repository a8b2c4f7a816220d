import Foundation
import MCIPModel
import MCIPStore

/// A running `mcip` process whose output goes to files, so the test can poll, signal and kill it.
final class RunningMCIP {
    let process = Process()
    let stdout: URL
    let stderr: URL

    init(_ arguments: [String], cwd: URL? = nil) throws {
        let logs = temporaryFolder("logs")
        stdout = logs.appendingPathComponent("stdout")
        stderr = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.executableURL = Repo.binary
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Polls every few milliseconds until `condition` holds (true) or the process ends (false).
    func wait(until condition: () -> Bool, timeout: TimeInterval = 120) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            if condition() { return true }
            usleep(2000)
        }
        return false
    }

    /// Sends `signal` and waits for the process to end.
    func signal(_ signal: Int32) {
        kill(pid, signal)
        process.waitUntilExit()
    }

    func finish() -> (status: Int32, killedBy: Int32?, stdout: String, stderr: String) {
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return (
            process.terminationStatus, killed, (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
            (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
        )
    }
}

/// Read-only looks into a database another process may be writing.
enum Peek {
    /// Stored samples, or nil while the database or its tables do not exist yet.
    static func samples(_ db: String) -> Int? {
        guard FileManager.default.fileExists(atPath: db), let d = try? Database(path: db, mode: .readOnly) else { return nil }
        d.setBusyTimeout(milliseconds: 1000)
        return try? d.scalarInt("SELECT count(*) FROM samples")
    }

    /// `PRAGMA integrity_check`: "ok" for a sound database.
    static func integrity(_ db: String) throws -> String {
        let d = try Database(path: db, mode: .readOnly)
        d.setBusyTimeout(milliseconds: 5000)
        return try d.scalarText("PRAGMA integrity_check") ?? "no answer"
    }
}

/// SHA-256 of every file under `folder`, by relative path.
func fileDigests(_ folder: URL) throws -> [String: String] {
    var out: [String: String] = [:]
    let base = folder.standardizedFileURL.path + "/"
    for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])! {
        guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
        let path = url.standardizedFileURL.path
        out[path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path] = Hex.encode(SHA256.hash([UInt8](try Data(contentsOf: url))))
    }
    return out
}

/// SHA-256 of a database file and its write-ahead log (an empty log holds nothing).
func databaseDigest(_ path: String) -> [String] {
    ["", "-wal"].map { suffix in
        guard let data = FileManager.default.contents(atPath: path + suffix), !data.isEmpty else { return "absent" }
        return Hex.encode(SHA256.hash([UInt8](data)))
    }
}

struct ToolFailure: Error, CustomStringConvertible {
    var description: String
}

/// One uninterrupted run with the default batch size and its export: what every interrupted,
/// resumed or contended run must reproduce byte for byte.
struct ReferenceRun: Sendable {
    static let perClass = 30
    static let seed = 21
    static let arguments = ["generate", "--per-class", "\(perClass)", "--seed", "\(seed)", "--templates", Repo.templates.path, "--seeds", Repo.seeds.path]

    let database: String
    let export: URL
    let digests: [String: String]

    static let shared: Result<ReferenceRun, any Error> = Result {
        let folder = temporaryFolder("reference")
        let db = folder.appendingPathComponent("mcip.sqlite").path
        let export = folder.appendingPathComponent("dataset")
        let g = try runProcess(Repo.binary, arguments + ["--db", db])
        guard g.status == 0 else { throw ToolFailure(description: "reference generate failed: \(g.stderr)") }
        let e = try runProcess(Repo.binary, ["export", "--db", db, "--out", export.path])
        guard e.status == 0 else { throw ToolFailure(description: "reference export failed: \(e.stderr)") }
        return ReferenceRun(database: db, export: export, digests: try fileDigests(export))
    }

    /// Exports `db` and returns the export's file digests.
    static func exportDigests(_ db: String) throws -> [String: String] {
        let out = temporaryFolder("export").appendingPathComponent("dataset")
        let e = try runProcess(Repo.binary, ["export", "--db", db, "--out", out.path])
        guard e.status == 0 else { throw ToolFailure(description: "export failed: \(e.stderr)") }
        return try fileDigests(out)
    }
}
