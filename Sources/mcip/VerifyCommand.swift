import ArgumentParser
import Foundation
import MCIPExport

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an export folder against its manifest (hashes, sizes, counts, record shapes).",
        discussion: "Example: mcip verify Output/dataset")

    @Argument(help: "The export folder.") var folder: String

    func run() throws {
        let problems = Verify.run(URL(fileURLWithPath: folder))
        if problems.isEmpty {
            print("ok: \(folder) matches its manifest")
            return
        }
        for p in problems { printError(p) }
        printFailure("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(folder)")
        throw ExitCode.failure
    }
}
