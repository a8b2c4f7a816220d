import Foundation
import TestScratch
import MCIPExport
import MCIPPipeline
import Testing

/// Paths of the repository the tests run in.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates")
    static let seeds = root.appendingPathComponent("Seeds")
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")
    static let schema = fixtures.appendingPathComponent("mcp-schema/2025-11-25.schema.json")

    /// The `mcip` executable the tests run: the most recently built of debug (as `swift test`
    /// builds it) and release (as `make test` builds it first), so it is never an older build.
    static let binary: URL = {
        let builds = ["debug", "release"].map { root.appendingPathComponent(".build/\($0)/mcip") }
        func modified(_ url: URL) -> Date {
            (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        }
        return builds.max { modified($0) < modified($1) }!
    }()
}

/// A fresh temporary folder, removed with the rest when the test process exits.
func temporaryFolder(_ label: String) -> URL { Scratch.folder(label) }

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

func python(_ arguments: [String]) throws -> ProcessResult {
    try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
}

/// A generated and exported dataset shared by the tests that only read it.
struct Dataset: Sendable {
    let folder: URL
    let database: String
    let export: URL

    static func make(seed: Int, perClass: Int, label: String) throws -> Dataset {
        let folder = temporaryFolder(label)
        let db = folder.appendingPathComponent("mcip.sqlite").path
        let export = folder.appendingPathComponent("dataset")
        _ = try GenerateRun.run(GenerateOptions(perClass: perClass, seed: seed, database: db, templates: Repo.templates, seeds: Repo.seeds))
        _ = try ExportRun.run(ExportOptions(database: db, out: export))
        return Dataset(folder: folder, database: db, export: export)
    }

    func file(_ relative: String) -> URL { export.appendingPathComponent(relative) }

    func lines(_ relative: String) throws -> [String] {
        try String(contentsOf: file(relative), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    func records(_ relative: String) throws -> [[String: Any]] {
        try lines(relative).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }
}

/// The dataset most tests read: 40 samples per class, seed 7.
let sharedDataset: Result<Dataset, any Error> = Result { try Dataset.make(seed: 7, perClass: 40, label: "shared") }

/// A named way of spoiling something a test hands to `mcip` (a database path, an export
/// folder), with the words the refusal must contain.
struct Spoiling<Target>: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: String
    var apply: @Sendable (Target) throws -> Void
    var testDescription: String { name }
}
