import Foundation

/// Reads JSON Lines: one JSON value per line; blank lines are skipped. A malformed line is
/// reported with the file name, line and column.
public enum JSONLines {
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var problem: String
        public var description: String { "\(file):\(line):\(column): \(problem)" }

        public init(file: String, line: Int, column: Int, problem: String) {
            self.file = file
            self.line = line
            self.column = column
            self.problem = problem
        }
    }

    /// Reads a whole file, or standard input for `-`.
    public static func read(_ path: String) throws -> [(line: Int, value: JSON)] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw Error(file: path, line: 0, column: 0, problem: "cannot read the file")
            }
            data = d
        }
        return try parse([UInt8](data), file: path == "-" ? "<stdin>" : path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws -> [(line: Int, value: JSON)] {
        var out: [(Int, JSON)] = []
        var start = 0
        var number = 1
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                do {
                    out.append((number, try JSONParser.parse(Array(line))))
                } catch {
                    throw Error(file: file, line: number, column: error.column, problem: error.problem)
                }
            }
            start = end + 1
            number += 1
        }
        return out
    }
}
