/// What a YAML file's text must not hold, checked before it is parsed: each is refused with its
/// line and column rather than misread.
enum YAMLText {
    static func problem(in text: String, path: String) -> InputError? {
        // One pass over the bytes says which of the slower checks below can find anything.
        let marks = ByteMarks(text)
        if marks.nul, let nul = text.utf8.firstIndex(of: 0) {
            let prefix = text.utf8[..<nul]
            let line = prefix.filter { $0 == 0x0A }.count + 1
            let lineStart = prefix.lastIndex(of: 0x0A).map { text.utf8.index(after: $0) } ?? prefix.startIndex
            let column = String(decoding: text.utf8[lineStart..<nul], as: UTF8.self).unicodeScalars.count + 1
            return InputError(file: path, line: line, column: column, "the file contains a NUL byte (write \\0 in a quoted string)")
        }
        if marks.lineBreakLead, let (line, column, scalar) = firstYAML11Break(text) {
            if scalar == "\r" {
                return InputError(
                    file: path, line: line, column: column,
                    "a carriage return without a line feed, which YAML reads as a line break; save the file with LF or CRLF line endings")
            }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return InputError(
                file: path, line: line, column: column,
                "a raw U+\(code), which YAML reads as a line break; write it as the escape \\u\(code) inside double quotes")
        }
        if YNode.isBlank(text) {
            return InputError(file: path, line: 1, "the file is empty")
        }
        if marks.anchorLead, let found = AnchorScan.first(in: text) {
            let what = found.isAlias ? "an alias (*name)" : "an anchor (&name)"
            return InputError(
                file: path, line: found.line, column: found.column, "\(what): anchors and aliases are not supported; write the value out in full")
        }
        return nil
    }

    /// Which bytes a text holds that the checks look for: most files have none of them.
    struct ByteMarks {
        var nul = false
        /// A carriage return, or the first byte of NEL (C2 85) or of U+2028 and U+2029 (E2 80 A8/A9).
        var lineBreakLead = false
        /// `&` or `*`, which begin an anchor or an alias.
        var anchorLead = false

        init(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                for b in bytes {
                    switch b {
                    case 0x00: nul = true
                    case 0x0D, 0xC2, 0xE2: lineBreakLead = true
                    case 0x26, 0x2A: anchorLead = true
                    default: continue
                    }
                }
            }
        }
    }

    /// NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR and a carriage return on its own are line
    /// breaks to YAML 1.1 (and so to libyaml) but not to editors and `grep -n`: written raw they
    /// would be folded out of a value and shift every later line number. Escaped (`\u2028`,
    /// `\r`) they are kept exactly; CRLF line endings are fine.
    static func firstYAML11Break(_ text: String) -> (line: Int, column: Int, scalar: Unicode.Scalar)? {
        var line = 1
        var column = 1
        var carriageReturn: Int?
        for scalar in text.unicodeScalars {
            if let at = carriageReturn, scalar != "\n" { return (line, at, "\r") }
            carriageReturn = nil
            switch scalar.value {
            case 0x85, 0x2028, 0x2029: return (line, column, scalar)
            case 0x0D: carriageReturn = column
            case 0x0A:
                line += 1
                column = 0
            default: break
            }
            column += 1
        }
        if let at = carriageReturn { return (line, at, "\r") }
        return nil
    }
}
