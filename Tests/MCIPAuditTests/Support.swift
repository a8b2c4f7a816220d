import Foundation
import TestScratch
@testable import MCIPAudit
import MCIPModel

/// Paths of the repository the tests run in.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates")
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")
    static let logs = fixtures.appendingPathComponent("logs")
    static let schema = fixtures.appendingPathComponent("mcp-schema/2025-11-25.schema.json")

    static func log(_ name: String) -> URL { logs.appendingPathComponent(name) }

    /// The `mcip` executable `swift build` / `swift test` made.
    static var binary: URL {
        let debug = root.appendingPathComponent(".build/debug/mcip")
        return FileManager.default.fileExists(atPath: debug.path) ? debug : root.appendingPathComponent(".build/release/mcip")
    }
}

/// Reads and traces a fixture log the way `mcip trace` does.
func traceFixture(_ name: String, server: String? = nil, subject: String = "user") throws -> SessionTrace {
    let bytes = [UInt8](try Data(contentsOf: Repo.log(name)))
    return SessionTrace(entries: try TraceReader.read(bytes, file: name, server: server), subject: subject)
}

/// Traces a log given as text.
func trace(_ text: String, server: String? = nil) throws -> SessionTrace {
    SessionTrace(entries: try TraceReader.read(Array(text.utf8), file: "log.jsonl", server: server))
}

/// The problems `TraceReader` finds in a log given as text (empty when it reads).
func problems(_ text: String) -> [String] {
    do {
        _ = try TraceReader.read(Array(text.utf8), file: "log.jsonl")
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

/// Flows as `step|line|sender|recipient|subject|type|principle` rows, easy to read in a diff.
func rows(_ trace: SessionTrace) -> [String] {
    zip(trace.flows, trace.entries).map { f, e in
        "\(f.step)|\(e.line)|\(f.sender)|\(f.recipient)|\(f.subject)|\(f.infoType)|\(f.principle)"
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion and captures its output.
func runProcess(_ executable: URL, _ arguments: [String], stdin: Data? = nil, cwd: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = cwd }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a full pipe never blocks the child.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

typealias CommandResult = ProcessResult

/// Runs `mcip` with the given arguments in a fresh temporary folder holding `files`.
func mcip(_ arguments: [String], files: [String: String] = [:], stdin: String = "") throws -> (result: CommandResult, folder: URL) {
    let folder = Scratch.folder("audit")
    for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return (try runProcess(Repo.binary, arguments, stdin: Data(stdin.utf8), cwd: folder), folder)
}
