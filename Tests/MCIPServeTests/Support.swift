import Foundation
import TestScratch
import MCIPModel
import MCIPPipeline
import MCIPStore

/// Paths of the repository the tests run in.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates")
    static let seeds = root.appendingPathComponent("Seeds")
    static let schema = root.appendingPathComponent("Tests/Fixtures/mcp-schema/2025-11-25.schema.json")

    /// The `mcip` executable built for the tests (debug, as `swift test` builds it).
    static var binary: URL {
        let debug = root.appendingPathComponent(".build/debug/mcip")
        return FileManager.default.fileExists(atPath: debug.path) ? debug : root.appendingPathComponent(".build/release/mcip")
    }
}

/// A fresh temporary folder, removed with the rest when the test process exits.
func temporaryFolder(_ label: String) -> URL { Scratch.folder(label) }

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion and captures its output.
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
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

/// A generated database and its samples, shared by the tests that only read it.
struct Scenarios: Sendable {
    let database: String
    let samples: [Sample]

    static func make(seed: Int, perClass: Int) throws -> Scenarios {
        let db = temporaryFolder("serve").appendingPathComponent("mcip.sqlite").path
        _ = try GenerateRun.run(GenerateOptions(perClass: perClass, seed: seed, database: db, templates: Repo.templates, seeds: Repo.seeds))
        let reader = SampleReader(store: try SampleStore(path: db, create: false), jobs: 1)
        var samples: [Sample] = []
        for category in MCIPClass.allCases { try reader.forEachBatch(category: category.id) { samples += $0 } }
        return Scenarios(database: db, samples: samples)
    }

    /// The first sample made from `template` (a template id such as `function_injection/planted_instruction`).
    func first(template: String) throws -> Sample {
        guard let s = samples.first(where: { $0.template == template }) else { throw TestDataMissing(what: template) }
        return s
    }

    func first(where predicate: (Sample) -> Bool, _ what: String) throws -> Sample {
        guard let s = samples.first(where: predicate) else { throw TestDataMissing(what: what) }
        return s
    }
}

struct TestDataMissing: Error, CustomStringConvertible {
    var what: String
    var description: String { "the generated test database has no sample of \(what)" }
}

/// 12 samples per class, seed 7: enough for every template of the attacks served here.
let sharedScenarios: Result<Scenarios, any Error> = Result { try Scenarios.make(seed: 7, perClass: 12) }

extension Sample {
    /// Calls the user did not ask for (the attack's injected calls).
    var unrequestedCalls: [ToolCall] {
        trajectory.calls.filter { c in !policy.intendedCalls.contains { $0.server == c.server && $0.tool == c.tool } }
    }
}
