import Foundation
import TestScratch
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

/// A fresh temporary folder, removed with the rest when the test process exits.
func temporaryFolder(_ label: String) -> URL { Scratch.folder(label) }

extension ToolCall {
    var key: String { "\(server).\(tool)" }
}
