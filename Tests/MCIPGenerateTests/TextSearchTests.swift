import Foundation
import Testing

@testable import MCIPGenerate

/// Whether the user already said a value decides which wrong value an attack picks, so the
/// fast search must answer as Foundation's `contains` did, edge cases included.
struct TextSearchTests {
    @Test func mentionsAnswersAsFoundationDoes() {
        let cases: [(String, String)] = [
            ("Send the report to ana@example.com today", "ana@example.com"),
            ("Send the report to ana@example.com today", "Ana@example.com"),
            ("Send the report to ana@example.com today", "today"),
            ("Send the report to ana@example.com today", "Send"),
            ("Send the report to ana@example.com today", "todays"),
            ("abc", ""), ("", ""), ("", "a"), ("ab", "abc"), ("aaab", "aab"),
            ("caf\u{E9} au lait", "caf\u{E9}"),
            ("cafe\u{301} au lait", "caf\u{E9}"),
            ("caf\u{E9}", "cafe"),
            ("line one\nline two", "one\nline"),
            ("tab\tseparated", "\tsep"),
            ("price: 42", "42"), ("price: 42", "421"),
        ]
        for (text, value) in cases {
            #expect(WrongArgumentsIntent.mentions(text, value) == text.contains(value), "\(text) / \(value)")
        }
        // Every substring of a printable ASCII text is found, and nothing one byte longer.
        let text = "Move 3 files from /tmp/in to /srv/out, then email bo@x.io"
        let bytes = Array(text.utf8)
        for start in 0..<bytes.count {
            for end in (start + 1)...bytes.count {
                let part = String(decoding: bytes[start..<end], as: UTF8.self)
                #expect(WrongArgumentsIntent.mentions(text, part))
            }
        }
        #expect(!WrongArgumentsIntent.mentions(text, text + "!"))
    }
}
