import MCIPModel

/// Values for a template's slots, looked up by name.
public protocol SlotValues {
    func value(_ name: String) -> JSON?
}

extension Dictionary: SlotValues where Key == String, Value == JSON {
    public func value(_ name: String) -> JSON? { self[name] }
}

/// Values from `top`, falling back to `base`: a call's arguments over a scenario's values,
/// without copying either.
public struct LayeredValues: SlotValues {
    public let top: [String: JSON]
    public let base: [String: JSON]

    public init(_ top: [String: JSON], over base: [String: JSON]) {
        self.top = top
        self.base = base
    }

    public func value(_ name: String) -> JSON? { top[name] ?? base[name] }
}

/// A text with `{{slot}}` placeholders, parsed once into literal and slot segments.
/// Rendering throws on a slot that has no value (naming the file, line and slot) rather than
/// leaving a blank, which would silently corrupt a dataset.
public struct SlotTemplate: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case slot(String)
    }

    public struct MissingSlot: Error, Sendable, CustomStringConvertible {
        public var slot: String
        public var file: String
        public var line: Int
        public var description: String { "\(file):\(line): template uses {{\(slot)}}, which has no value here" }
    }

    let segments: [Segment]
    public let source: String
    public let file: String
    public let line: Int

    /// Parses `text`; a `{{` without a closing `}}` or an invalid slot name is an error, located
    /// at `line` and `column`, where the text starts in its file.
    public init(_ text: String, file: String = "<inline>", line: Int = 1, column: Int = 1) throws(InputError) {
        source = text
        self.file = file
        self.line = line
        var segments: [Segment] = []
        let bytes = Array(text.utf8)
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        /// The position of the first two consecutive `byte`s at or after `from`.
        func find(_ byte: UInt8, from: Int) -> Int? {
            var i = from
            while i + 1 < bytes.count {
                if bytes[i] == byte && bytes[i + 1] == byte { return i }
                i += 1
            }
            return nil
        }
        /// The slot name between the braces without surrounding spaces and tabs; Foundation's
        /// trim (other Unicode spaces too, and slower) only when that leaves no valid name.
        func trimmedName(_ range: Range<Int>) -> String {
            var lower = range.lowerBound, upper = range.upperBound
            while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
            while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
            let name = string(lower..<upper)
            return SlotTemplate.isValidName(name) ? name : string(range).trimmingCharacters(in: .whitespaces)
        }
        var rest = 0
        while let open = find(UInt8(ascii: "{"), from: rest) {
            if open > rest { segments.append(.literal(string(rest..<open))) }
            guard let close = find(UInt8(ascii: "}"), from: open + 2) else {
                throw InputError(file: file, line: line, column: column, "unclosed '{{' in \"\(text.prefix(80))\"")
            }
            let name = trimmedName((open + 2)..<close)
            guard SlotTemplate.isValidName(name) else {
                throw InputError(file: file, line: line, column: column, "invalid slot name '{{\(name)}}' (use letters, digits and _)")
            }
            segments.append(.slot(name))
            rest = close + 2
        }
        if rest < bytes.count { segments.append(.literal(string(rest..<bytes.count))) }
        self.segments = segments
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Slot names used, in order of first use.
    public var slots: [String] {
        var seen: [String] = []
        for case .slot(let s) in segments where !seen.contains(s) { seen.append(s) }
        return seen
    }

    /// The slot name when the whole text is exactly one slot (its value then keeps its JSON type).
    public var soleSlot: String? {
        if segments.count == 1, case .slot(let s) = segments[0] { return s }
        return nil
    }

    public func render<V: SlotValues>(_ values: V) throws(MissingSlot) -> String {
        // The segments' bytes are copied into one buffer (JSONWriter's raw appends) and made a
        // string once: appending to a String costs far more than a copy per piece, and
        // generation renders ~15 texts a sample.
        var out = JSONWriter(capacity: source.utf8.count + 16)
        for segment in segments {
            switch segment {
            case .literal(let s): out.appendRaw(s)
            case .slot(let name):
                guard let v = values.value(name) else { throw MissingSlot(slot: name, file: file, line: line) }
                out.appendRaw(v.plainText)
            }
        }
        return out.string
    }
}

/// A JSON value whose strings are slot templates: tool arguments and tool results. A string
/// that is exactly one slot takes the slot's value with its type (`"{{count}}"` → `3`).
public indirect enum JSONTemplate: Sendable, Hashable {
    case value(JSON)
    case text(SlotTemplate)
    case array([JSONTemplate])
    case object([String: JSONTemplate])

    init(_ node: YNode) throws {
        switch node.node {
        case .scalar:
            let json = try node.json()
            if case .string(let s) = json, s.contains("{{") {
                self = .text(try SlotTemplate(s, file: node.file, line: node.line, column: node.column))
            } else {
                self = .value(json)
            }
        case .sequence:
            self = .array(try node.list("a list").map(JSONTemplate.init))
        case .mapping:
            var o: [String: JSONTemplate] = [:]
            for e in try node.mapping("a mapping").entries { o[e.key] = try JSONTemplate(e.value) }
            self = .object(o)
        case .alias:
            throw node.error("aliases are not supported")
        }
    }

    public var slots: [String] {
        switch self {
        case .value: []
        case .text(let t): t.slots
        case .array(let items): items.flatMap(\.slots)
        case .object(let o): o.keys.sorted().flatMap { o[$0]!.slots }
        }
    }

    public func render<V: SlotValues>(_ values: V) throws(SlotTemplate.MissingSlot) -> JSON {
        switch self {
        case .value(let v): return v
        case .text(let t):
            if let name = t.soleSlot {
                guard let v = values.value(name) else { throw SlotTemplate.MissingSlot(slot: name, file: t.file, line: t.line) }
                return v
            }
            return .string(try t.render(values))
        case .array(let items):
            var out: [JSON] = []
            for item in items { out.append(try item.render(values)) }
            return .array(out)
        case .object(let o):
            var out = [String: JSON](minimumCapacity: o.count)
            for (k, v) in o { out[k] = try v.render(values) }
            return .object(out)
        }
    }
}
