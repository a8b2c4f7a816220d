import MCIPModel

/// The small part of JSON Schema a tool's `inputSchema` uses: checks that a schema is shaped
/// like one, and that a value fits it (type, enum, bounds, items).
enum SchemaCheck {
    static let typeNames: Set<String> = ["string", "integer", "number", "boolean", "array", "object", "null"]

    /// Why `schema` is not a usable tool input schema, or nil.
    static func problem(inInputSchema schema: JSON) -> String? {
        guard case .object(let o) = schema else { return "inputSchema must be a mapping" }
        guard o["type"] == "object" else { return "inputSchema must have type: object" }
        if let props = o["properties"] {
            guard case .object(let p) = props else { return "inputSchema properties must be a mapping" }
            for key in p.keys.sorted() {
                if let problem = problem(inProperty: p[key]!) { return "property '\(key)': \(problem)" }
            }
        }
        if let req = o["required"] {
            guard case .array(let names) = req else { return "inputSchema required must be a list" }
            let props = o["properties"]?.objectValue ?? [:]
            for n in names {
                guard let s = n.stringValue else { return "required entries must be strings" }
                if props[s] == nil { return "required property '\(s)' is not among the properties" }
            }
        }
        return nil
    }

    /// A property schema must be a mapping; `{}` (any value) is allowed, as in JSON Schema.
    static func problem(inProperty schema: JSON) -> String? {
        guard case .object(let o) = schema else { return "a property schema must be a mapping" }
        if let t = o["type"] {
            let names: [JSON] = t.arrayValue ?? [t]
            for n in names {
                guard let s = n.stringValue, typeNames.contains(s) else {
                    return "type must be one of \(typeNames.sorted().joined(separator: ", "))"
                }
            }
        }
        if let e = o["enum"], e.arrayValue?.isEmpty != false { return "enum must be a non-empty list" }
        if let items = o["items"], let p = problem(inProperty: items) { return "items: \(p)" }
        if let props = o["properties"]?.objectValue {
            for key in props.keys.sorted() {
                if let p = problem(inProperty: props[key]!) { return "property '\(key)': \(p)" }
            }
        }
        return nil
    }

    /// Why `value` does not fit `schema`, or nil.
    static func mismatch(_ value: JSON, _ schema: JSON) -> String? { Rules(schema).mismatch(value) }

    /// What a property schema asks of a value, read out of it once: a seed task's argument is
    /// checked against every value of its pool.
    struct Rules {
        var allowed: [JSON]?
        var types: [String] = []
        var minimum: Double?
        var maximum: Double?
        /// The rules of `items`, when the schema has them.
        var items: [Rules] = []

        init(_ schema: JSON) {
            guard case .object(let o) = schema else { return }
            allowed = o["enum"]?.arrayValue
            if let t = o["type"] { types = (t.arrayValue ?? [t]).compactMap(\.stringValue) }
            minimum = o["minimum"].flatMap(SchemaCheck.number)
            maximum = o["maximum"].flatMap(SchemaCheck.number)
            if let i = o["items"] { items = [Rules(i)] }
        }

        /// Why `value` does not fit, or nil.
        func mismatch(_ value: JSON) -> String? {
            if let e = allowed, !e.contains(value) { return "\(value.canonical) is not one of \(JSON.array(e).canonical)" }
            if !types.isEmpty, !types.contains(where: { SchemaCheck.fits(value, type: $0) }) {
                return "\(value.canonical) is not of type \(types.joined(separator: "|"))"
            }
            if let lo = minimum, let v = SchemaCheck.number(value), v < lo { return "\(value.canonical) is below \(lo)" }
            if let hi = maximum, let v = SchemaCheck.number(value), v > hi { return "\(value.canonical) is above \(hi)" }
            if let rules = items.first, case .array(let a) = value {
                for item in a { if let m = rules.mismatch(item) { return m } }
            }
            return nil
        }
    }

    static func fits(_ value: JSON, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("null", .null), ("array", .array), ("object", .object): true
        case ("integer", .int): true
        case ("number", .int), ("number", .double): true
        default: false
        }
    }

    static func number(_ v: JSON) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
