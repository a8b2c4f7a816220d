import MCIPModel

/// A record a command cannot use, located as `file:line` like the other input errors, so a
/// user can jump straight to it.
public struct BadRecord: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// The lines of one JSONL input (as `JSONLines` reads them) with the name its problems are
/// reported under. The caller does the reading, so this module stays free of I/O.
public struct RecordFile: Sendable {
    public var name: String
    public var lines: [(line: Int, value: JSON)]

    public init(name: String, lines: [(line: Int, value: JSON)]) {
        self.name = name
        self.lines = lines
    }

    /// Parses JSONL text; a malformed line throws `JSONLines.Error`.
    public init(name: String, text: String) throws {
        self.init(name: name, lines: try JSONLines.parse(Array(text.utf8), file: name))
    }

    /// The lines as objects; any other JSON value is an error naming its line.
    public func records() throws(BadRecord) -> [JSONRecord] {
        var records: [JSONRecord] = []
        for (line, value) in lines {
            guard let fields = value.objectValue else { throw BadRecord(file: name, line: line, "expected a JSON object") }
            records.append(JSONRecord(file: name, line: line, fields: fields))
        }
        return records
    }
}

/// One object of a JSONL input; its accessors name the file and line of a missing field.
public struct JSONRecord: Sendable {
    public var file: String
    public var line: Int
    public var fields: [String: JSON]

    public func string(_ key: String) throws(BadRecord) -> String {
        guard let value = fields[key] else { throw error("missing field '\(key)'") }
        guard let text = value.stringValue else { throw error("field '\(key)' must be a string") }
        return text
    }

    public func error(_ message: String) -> BadRecord { BadRecord(file: file, line: line, message) }
}
