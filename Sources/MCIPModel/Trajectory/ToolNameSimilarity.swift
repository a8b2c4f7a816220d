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

    /// A name that reads like `name` but differs from it, for a lookalike tool.
    public static func lookalike(of name: String, rng: inout RNG) -> String {
        var options: [String] = []
        if name.contains("_") { options.append(name.replacingOccurrences(of: "_", with: "-")) }
        if let i = name.firstIndex(of: "l") { options.append(name.replacingCharacters(in: i...i, with: "1")) }
        if let i = name.firstIndex(of: "o") { options.append(name.replacingCharacters(in: i...i, with: "0")) }
        if name.contains("m") { options.append(name.replacingOccurrences(of: "m", with: "rn")) }
        if let i = name.firstIndex(where: { "bcdfgkmnprst".contains($0) }) {
            var t = name
            t.insert(name[i], at: i)
            options.append(t)
        }
        options.append(name.hasSuffix("s") ? String(name.dropLast()) : name + "s")
        return rng.pick(options.filter { $0 != name })
    }
}
