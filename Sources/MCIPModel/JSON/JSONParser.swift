/// A strict JSON parser (RFC 8259) over UTF-8 bytes. Errors carry the line and column, so a
/// bad line in a JSONL file can be reported as `file:line:column`.
public struct JSONParser {
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let problem: String
        public var description: String { "\(line):\(column): \(problem)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// Members of the objects being parsed, innermost last: an object's dictionary is built
    /// once its size is known, so it is never resized.
    private var members: [(key: String, value: JSON, at: Int)] = []
    private static let maxDepth = 512

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    public static func parse(_ text: String) throws(Error) -> JSON {
        try parse(Array(text.utf8))
    }

    public static func parse(_ bytes: [UInt8]) throws(Error) -> JSON {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index != bytes.count { throw parser.error("unexpected data after the JSON value") }
        return value
    }

    /// The value at `path` (object keys from the top) of a JSON document, checked as strictly
    /// as `parse` checks it, without building the values off the path; nil when the path
    /// leads nowhere. Reading one field of each line of a large JSONL file is mostly skipping.
    public static func value(at path: [String], in bytes: [UInt8]) throws(Error) -> JSON? {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(keeping: path[...])
        parser.skipWhitespace()
        if parser.index != bytes.count { throw parser.error("unexpected data after the JSON value") }
        return value
    }

    /// Parses the value here; keeps it (returns it) only where `path` leads, else checks it.
    private mutating func parseValue(keeping path: ArraySlice<String>) throws(Error) -> JSON? {
        guard let key = path.first else { return try parseValue() }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            try skipValue()
            return nil
        }
        var found: JSON?
        try walkObject(checkingKeys: true) { (parser: inout JSONParser, member: String) throws(Error) in
            if member == key { found = try parser.parseValue(keeping: path.dropFirst()) } else { try parser.skipValue() }
        }
        return found
    }

    /// Checks the value here as `parseValue` would, building nothing but object keys.
    private mutating func skipValue() throws(Error) {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try walkObject(checkingKeys: true) { (parser: inout JSONParser, _: String) throws(Error) in try parser.skipValue() }
        case UInt8(ascii: "["): try walkArray { (parser: inout JSONParser) throws(Error) in try parser.skipValue() }
        case UInt8(ascii: "\""): try skipString()
        default: _ = try parseValue()
        }
    }

    /// Checks a string as `parseString` would (escapes, control characters, UTF-8) without
    /// building it.
    private mutating func skipString() throws(Error) {
        let start = index + 1
        let (end, ascii) = plainRun(from: start)
        if end < bytes.count, bytes[end] == UInt8(ascii: "\""), ascii || JSONParser.isValidUTF8(bytes, start..<end) {
            index = end + 1
            return
        }
        _ = try parseString()
    }

    /// Where the run of string bytes that need no decoding, starting at `from`, ends (at a
    /// quote, a backslash, a control character or the end of input), and whether it is all
    /// ASCII. Eight bytes at a time, the same way `JSONWriter` finds what it must escape:
    /// stored samples are mostly long plain strings.
    private func plainRun(from start: Int) -> (end: Int, ascii: Bool) {
        bytes.withUnsafeBufferPointer { buf in
            let end = JSONWriter.firstEscape(buf, from: start)
            guard let base = UnsafeRawPointer(buf.baseAddress), start < end else { return (end, true) }
            var i = start
            var high: UInt64 = 0
            while i + 8 <= end {
                high |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < end {
                high |= UInt64(buf[i])
                i += 1
            }
            return (end, high & 0x8080_8080_8080_8080 == 0)
        }
    }

    /// Whether `range` of `bytes` is well-formed UTF-8 (no overlong forms, surrogates or
    /// values past U+10FFFF).
    static func isValidUTF8(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let count: Int
            var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: count = 1
            case 0xE0: count = 2; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: count = 2
            case 0xED: count = 2; highest = 0x9F
            case 0xF0: count = 3; lowest = 0x90
            case 0xF1...0xF3: count = 3
            case 0xF4: count = 3; highest = 0x8F
            default: return false
            }
            guard i + count < range.upperBound else { return false }
            guard bytes[i + 1] >= lowest && bytes[i + 1] <= highest else { return false }
            for k in 2..<(count + 1) where !(0x80...0xBF).contains(bytes[i + k]) { return false }
            i += count + 1
        }
        return true
    }

    private func error(_ problem: String) -> Error {
        var line = 1
        var column = 1
        var i = 0
        while i < min(index, bytes.count) {
            if bytes[i] == 0x0A {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return Error(line: line, column: column, problem: problem)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(Error) -> JSON {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(Error) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let ok = word.withUTF8Buffer { w in
            (0..<count).allSatisfy { bytes[index + $0] == w[$0] }
        }
        guard ok else { throw error("invalid literal") }
        index += count
    }

    private mutating func enter() throws(Error) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseObject() throws(Error) -> JSON {
        let first = members.count
        try walkObject(checkingKeys: false) { (parser: inout JSONParser, key: String) throws(Error) in
            let at = parser.index
            let value = try parser.parseValue()
            parser.members.append((key, value, at))
        }
        defer { members.removeSubrange(first...) }
        var object = [String: JSON](minimumCapacity: members.count - first)
        for m in members[first...] where object.updateValue(m.value, forKey: m.key) != nil {
            index = m.at
            throw error("duplicate key \"\(m.key)\"")
        }
        return .object(object)
    }

    private mutating func parseArray() throws(Error) -> JSON {
        var items: [JSON] = []
        try walkArray { (parser: inout JSONParser) throws(Error) in items.append(try parser.parseValue()) }
        return .array(items)
    }

    /// Reads an object's syntax, handing each member's value to `value` (which must consume
    /// it); with `checkingKeys`, a key seen twice is an error here (else the caller checks).
    private mutating func walkObject(checkingKeys: Bool, _ value: (inout JSONParser, String) throws(Error) -> Void) throws(Error) {
        try enter()
        defer { depth -= 1 }
        index += 1
        var keys: Set<String> = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            index += 1
            skipWhitespace()
            if checkingKeys && !keys.insert(key).inserted { throw error("duplicate key \"\(key)\"") }
            try value(&self, key)
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    /// Reads an array's syntax, handing each element to `element` (which must consume it).
    private mutating func walkArray(_ element: (inout JSONParser) throws(Error) -> Void) throws(Error) {
        try enter()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseNumber() throws(Error) -> JSON {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw error("number out of range") }
        return .double(d)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private mutating func parseString() throws(Error) -> String {
        index += 1
        // Most strings have no escapes: they become a String straight from the input bytes.
        let (end, ascii) = plainRun(from: index)
        if end < bytes.count, bytes[end] == UInt8(ascii: "\""), ascii || JSONParser.isValidUTF8(bytes, index..<end) {
            let start = index
            index = end + 1
            return bytes.withUnsafeBufferPointer { all in
                String(unsafeUninitializedCapacity: end - start) { out in
                    _ = out.initialize(from: UnsafeBufferPointer(rebasing: all[start..<end]))
                    return end - start
                }
            }
        }
        var out: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<index])
                index += 1
                break
            }
            if c < 0x20 { throw error("control character in a string must be escaped") }
            if c != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            out.append(contentsOf: bytes[runStart..<index])
            index += 1
            guard index < bytes.count else { throw error("unterminated escape") }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate; a lone one
                    // becomes U+FFFD, as Swift strings cannot hold unpaired surrogates.
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        let low = try parseHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
            runStart = index
        }
        guard JSONParser.isValidUTF8(out, 0..<out.count) else { throw error("invalid UTF-8 in a string") }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func parseHex4() throws(Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - 0x41 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
