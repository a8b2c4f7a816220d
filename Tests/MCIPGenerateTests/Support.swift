import Foundation
import MCIPGenerate
import MCIPModel

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates")
    static let seeds = root.appendingPathComponent("Seeds")
}

/// The repository's own seeds and templates, loaded once.
let repoInputs: Result<GeneratorInputs, any Error> = Result {
    try GeneratorInputs.load(templates: Repo.templates, seeds: Repo.seeds)
}

func temporaryFolder(_ label: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mcip-\(label)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension ToolCall {
    var key: String { "\(server).\(tool)" }
}
