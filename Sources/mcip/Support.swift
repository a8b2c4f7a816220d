import ArgumentParser
import Foundation
import MCIPAudit
import MCIPGenerate
import MCIPModel
import MCIPPipeline
import MCIPStore

/// Exit codes: 65 (EX_DATAERR) for bad input files, 1 for everything else.
enum Exit {
    static let dataError = ExitCode(65)
}

/// Writes to stderr (Swift 6 rejects the C `stderr` global).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes an error to stderr after an `mcip:` prefix, in red on a terminal unless NO_COLOR is set.
func printFailure(_ message: String) {
    printError(Terminal.standardError.error("mcip:") + " " + message)
}

/// Runs a command body, turning known errors into a message and an exit code.
func reporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as InputErrors {
        printError(e.description)
        printFailure("\(e.errors.count) problem\(e.errors.count == 1 ? "" : "s") in the input files; nothing was written")
        throw Exit.dataError
    } catch let e as JSONLines.Error {
        printFailure(e.description)
        throw Exit.dataError
    } catch let e as Audit.RecordError {
        printFailure(e.description)
        throw Exit.dataError
    } catch let e as TraceError {
        printError(e.description)
        printFailure("\(e.problems.count) problem\(e.problems.count == 1 ? "" : "s") in the log; nothing was written")
        throw Exit.dataError
    } catch let e as BadRecord {
        printFailure(e.description)
        throw Exit.dataError
    } catch let e as StoreError {
        printFailure(e.message)
        throw ExitCode.failure
    } catch let e as ExitCode {
        throw e
    } catch {
        printFailure("\(error)")
        throw ExitCode.failure
    }
}

struct InputOptions: ParsableArguments {
    @Option(help: "Folder with taxonomy.yaml and one folder of templates per category.")
    var templates = "Templates"

    @Option(help: "Folder with servers/, tasks/, pools/ and identities.yaml.")
    var seeds = "Seeds"

    var templatesURL: URL { URL(fileURLWithPath: templates) }
    var seedsURL: URL { URL(fileURLWithPath: seeds) }
}

/// A command line as one line a POSIX shell reads back into the same arguments.
enum ShellWords {
    static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }

    static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
