import Foundation

/// The repository and the `mcip` executable `swift test` builds.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates")
    static let binary = root.appendingPathComponent(".build/debug/mcip")
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `mcip` with the given arguments in a fresh temporary folder holding `files`.
func mcip(_ arguments: [String], files: [String: String] = [:], stdin: String = "") throws -> (result: CommandResult, folder: URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcip-audit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    let process = Process()
    process.executableURL = Repo.binary
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    // Read stderr on another thread so a full pipe never blocks the child.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    let result = CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    return (result, folder)
}
