import MCIPAudit
import MCIPModel

/// A JSONL input: a path, or `-` for standard input.
func readRecords(_ path: String) throws -> RecordFile {
    RecordFile(name: path == "-" ? "<stdin>" : path, lines: try JSONLines.read(path))
}
