import MCIPModel
import Foundation
import Yams

/// A YAML node with its file and position, with typed accessors that fail with a message
/// naming the file, line and what was expected. Scalars resolve by YAML 1.2 core rules
/// (only `true`/`false` are booleans; `no`, `on` and `010` stay strings or decimals), and
/// quoted scalars are always strings. Sendable because a parsed tree is only ever read: files
/// are parsed on worker threads and read after they join.
struct YNode: @unchecked Sendable {
    let node: Node
    let file: String

    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func error(_ message: String) -> InputError { InputError(file: file, line: line, column: column, message) }

    var kind: String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    func string(_ what: String) throws -> String {
        guard case .scalar(let s) = node else { throw error("\(what) must be a string, found \(kind)") }
        return s.string
    }

    func nonEmptyString(_ what: String) throws -> String {
        let s = try string(what)
        if YNode.isBlank(s) { throw error("\(what) must not be empty") }
        return s
    }

    func int(_ what: String) throws -> Int {
        guard case .scalar(let s) = node, s.style == .plain, let i = Int(s.string) else {
            throw error("\(what) must be an integer")
        }
        return i
    }

    func double(_ what: String) throws -> Double {
        guard case .scalar(let s) = node, s.style == .plain, let d = Double(s.string), d.isFinite else {
            throw error("\(what) must be a number")
        }
        return d
    }

    func bool(_ what: String) throws -> Bool {
        guard case .scalar(let s) = node, s.style == .plain, s.string == "true" || s.string == "false" else {
            throw error("\(what) must be true or false")
        }
        return s.string == "true"
    }

    func list(_ what: String) throws -> [YNode] {
        guard case .sequence(let seq) = node else { throw error("\(what) must be a list, found \(kind)") }
        return seq.map { YNode(node: $0, file: file) }
    }

    func nonEmptyList(_ what: String) throws -> [YNode] {
        let items = try list(what)
        if items.isEmpty { throw error("\(what) must not be empty") }
        return items
    }

    func strings(_ what: String) throws -> [String] {
        try list(what).map { try $0.nonEmptyString("each entry of \(what)") }
    }

    func mapping(_ what: String) throws -> YMap {
        guard case .mapping(let m) = node else { throw error("\(what) must be a mapping, found \(kind)") }
        var entries: [(key: String, keyNode: YNode, value: YNode)] = []
        for (k, v) in m {
            let keyNode = YNode(node: k, file: file)
            guard case .scalar(let ks) = k else { throw keyNode.error("keys of \(what) must be strings") }
            entries.append((ks.string, keyNode, YNode(node: v, file: file)))
        }
        return YMap(owner: self, what: what, entries: entries)
    }

    /// The node as a JSON value (for schemas, pool values and JSON-shaped results).
    func json() throws -> JSON {
        switch node {
        case .scalar(let s):
            if s.style != .plain { return .string(s.string) }
            return YNode.resolvePlain(s.string)
        case .sequence(let seq):
            return .array(try seq.map { try YNode(node: $0, file: file).json() })
        case .mapping:
            let m = try mapping("a mapping")
            var o: [String: JSON] = [:]
            for e in m.entries { o[e.key] = try e.value.json() }
            return .object(o)
        case .alias:
            throw error("aliases are not supported")
        }
    }

    /// Empty or only white space (line breaks included); checked on scalars, not bridged.
    static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy(\.properties.isWhitespace) }

    static func resolvePlain(_ text: String) -> JSON {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "~", "": return .null
        default: break
        }
        if let i = Int(text), !(text.hasPrefix("0") && text.count > 1), !text.hasPrefix("+") { return .int(i) }
        let numberish = text.allSatisfy { "0123456789.eE+-".contains($0) } && text.contains(where: \.isNumber)
        if numberish, let d = Double(text), d.isFinite, !text.hasPrefix("0") || text.hasPrefix("0.") { return .double(d) }
        return .string(text)
    }
}

/// A YAML mapping with lookups that name the missing or unexpected key.
struct YMap {
    let owner: YNode
    let what: String
    let entries: [(key: String, keyNode: YNode, value: YNode)]

    var keys: [String] { entries.map(\.key) }

    func optional(_ key: String) -> YNode? { entries.first { $0.key == key }?.value }

    func required(_ key: String) throws -> YNode {
        guard let v = optional(key) else { throw owner.error("\(what) is missing '\(key)'") }
        return v
    }

    /// Rejects keys outside `allowed`, which catches misspelt field names.
    func onlyKeys(_ allowed: Set<String>) throws {
        for e in entries where !allowed.contains(e.key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw e.keyNode.error("unknown field '\(e.key)' in \(what) (known fields: \(known))")
        }
    }
}

/// Reads a YAML file into its root node, turning read, encoding and syntax failures into
/// located errors.
enum YAMLFile {
    static let maxBytes = 8 * 1024 * 1024

    static func load(_ url: URL, displayPath: String) throws -> YNode {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputError(file: displayPath, line: 1, "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(data, displayPath: displayPath)
    }

    static func parse(_ data: Data, displayPath: String) throws -> YNode {
        if data.count > maxBytes {
            throw InputError(file: displayPath, line: 1, "file is \(data.count) bytes; the limit is \(maxBytes)")
        }
        let bytes = [UInt8](data)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(bytes)
            throw InputError(file: displayPath, line: line, column: column, "the file is not valid UTF-8")
        }
        if let problem = YAMLText.problem(in: text, path: displayPath) { throw problem }
        let node: Node?
        do {
            // Tags are not resolved (scalars are read by `resolvePlain`), so keys that differ only
            // in quoting, like 1 and "1", count as duplicates. The encoding is given, so Yams
            // does not read the environment for it (a copy of the whole environment per file).
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let e as YamlError {
            throw located(e, displayPath)
        } catch {
            throw InputError(file: displayPath, line: 1, "cannot parse YAML: \(error)")
        }
        guard let node else { throw InputError(file: displayPath, line: 1, "the file holds no YAML document") }
        return YNode(node: node, file: displayPath)
    }

    private static func located(_ e: YamlError, _ path: String) -> InputError {
        switch e {
        case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
            .composer(let context, let problem, let mark, let yaml):
            if problem.hasPrefix("Maximum nesting level") {
                return InputError(file: path, line: mark.line, column: mark.column, "invalid YAML: nested more than 1000 levels deep")
            }
            // Something left open (a quote, a bracket) is found only at the end of the file;
            // where it was opened is the place to look.
            if let context, context.mark.line < mark.line, problem.contains("end of stream") || isAtEnd(mark, of: yaml) {
                var opened = Substring(context.text)
                for verb in ["while scanning ", "while parsing "] where opened.hasPrefix(verb) { opened = opened.dropFirst(verb.count) }
                return InputError(
                    file: path, line: context.mark.line, column: context.mark.column,
                    "invalid YAML: \(opened) that starts here is never closed (\(problem))")
            }
            let where_ = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return InputError(file: path, line: mark.line, column: mark.column, "invalid YAML: \(problem)\(where_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputError(
                file: path, line: context.mark.line, column: context.mark.column,
                "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        case .reader(let problem, let offset, _, let yaml):
            // libyaml's offset counts bytes.
            let before = yaml.utf8.prefix(offset ?? 0)
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = before.lastIndex(of: 0x0A).map { before.index(after: $0) } ?? before.startIndex
            let column = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count + 1
            return InputError(file: path, line: line, column: column, "invalid YAML input: \(problem)")
        default:
            return InputError(file: path, line: 1, "invalid YAML: \(e)")
        }
    }

    /// Whether `mark` is past the last line holding anything but white space.
    private static func isAtEnd(_ mark: Mark, of text: String) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lastFilled = lines.lastIndex { !YNode.isBlank(String($0)) }.map { $0 + 1 } ?? 0
        return mark.line > lastFilled
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, i - lineStart + 1)
            }
            if i + length > bytes.count { return (line, i - lineStart + 1) }
            if length > 1, String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil { return (line, i - lineStart + 1) }
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += length
        }
        return (line, 1)
    }
}
