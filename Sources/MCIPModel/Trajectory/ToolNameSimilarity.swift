import Foundation

/// When two tool names are easy to mistake for each other: equal, or equal after folding
/// case, separators, look-alike characters and doubled letters.
public enum ToolNameSimilarity {
    public static func confusable(_ a: String, _ b: String) -> Bool {
        a == b || fold(a) == fold(b)
    }

    public static func fold(_ s: String) -> String {
        // Map look-alike characters ("rn" reads as "m"), then collapse doubled letters.
        var mapped: [UInt8] = []
        mapped.reserveCapacity(s.utf8.count)
        for raw in s.utf8 {
            var c = raw
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): c |= 0x20
            case UInt8(ascii: "-"): c = UInt8(ascii: "_")
            default: break
            }
            if c == UInt8(ascii: "n"), mapped.last == UInt8(ascii: "r") {
                mapped[mapped.count - 1] = UInt8(ascii: "m")
                continue
            }
            switch c {
            case UInt8(ascii: "1"), UInt8(ascii: "i"): c = UInt8(ascii: "l")
            case UInt8(ascii: "0"): c = UInt8(ascii: "o")
            default: break
            }
            mapped.append(c)
        }
        var out: [UInt8] = []
        out.reserveCapacity(mapped.count)
        for c in mapped where out.last != c { out.append(c) }
        if out.last == UInt8(ascii: "s") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// A name that reads like `name` but differs from it, for a lookalike tool. Tool names are
    /// ASCII (the seed loader checks), so the edits work on bytes.
    public static func lookalike(of name: String, rng: inout RNG) -> String {
        let bytes = Array(name.utf8)
        func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }
        func replacingFirst(_ c: Character, with r: Character) -> String? {
            guard let i = bytes.firstIndex(of: c.asciiValue!) else { return nil }
            var t = bytes
            t[i] = r.asciiValue!
            return text(t)
        }
        let underscore = UInt8(ascii: "_"), m = UInt8(ascii: "m")
        var options: [String] = []
        if bytes.contains(underscore) { options.append(text(bytes.map { $0 == underscore ? UInt8(ascii: "-") : $0 })) }
        if let t = replacingFirst("l", with: "1") { options.append(t) }
        if let t = replacingFirst("o", with: "0") { options.append(t) }
        if bytes.contains(m) { options.append(text(bytes.flatMap { $0 == m ? Array("rn".utf8) : [$0] })) }
        if let i = bytes.firstIndex(where: { "bcdfgkmnprst".utf8.contains($0) }) {
            var t = bytes
            t.insert(bytes[i], at: i)
            options.append(text(t))
        }
        options.append(bytes.last == UInt8(ascii: "s") ? text(bytes.dropLast()) : name + "s")
        return rng.pick(options.filter { $0 != name })
    }
}
