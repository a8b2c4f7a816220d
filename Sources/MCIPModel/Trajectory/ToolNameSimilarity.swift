import Foundation

/// When two tool names are easy to mistake for each other: equal, or equal after folding
/// case, separators, look-alike characters and doubled letters.
public enum ToolNameSimilarity {
    public static func confusable(_ a: String, _ b: String) -> Bool {
        a == b || fold(a) == fold(b)
    }

    public static func fold(_ s: String) -> String {
        var t = s.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "rn", with: "m")
        t = String(t.map { c -> Character in
            switch c {
            case "1", "i": "l"
            case "0": "o"
            default: c
            }
        })
        var out = ""
        for c in t where out.last != c { out.append(c) }
        if out.hasSuffix("s") { out.removeLast() }
        return out
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
