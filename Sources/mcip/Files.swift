import Foundation
import MCIPAudit
import MCIPModel

/// A JSONL input: a path, or `-` for standard input.
func readRecords(_ path: String) throws -> RecordFile {
    RecordFile(name: path == "-" ? "<stdin>" : path, lines: try JSONLines.read(path))
}

/// Writes lines to a file (replaced atomically) or, without a path, to standard output.
func writeLines(_ lines: [String], to path: String?) throws {
    let data = Data(lines.map { $0 + "\n" }.joined().utf8)
    if let path {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } else {
        FileHandle.standardOutput.write(data)
    }
}
