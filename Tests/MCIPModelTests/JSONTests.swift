import Foundation
import Testing
@testable import MCIPModel

struct JSONWriterTests {
    /// The word-at-a-time escape scan agrees with a plain per-character escaper on strings
    /// mixing quotes, backslashes, control characters and multi-byte characters at every offset.
    @Test func stringEscapingMatchesAPlainEscaper() {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "\n", "\u{01}", "\u{1F}", "\u{7F}", "é", "€", "😀", "/", "~", "\u{2028}", "\u{0}"]
        var rng = RNG(seed: 3)
        for length in 0..<40 {
            for _ in 0..<30 {
                let s = (0..<length).map { _ in rng.pick(alphabet) }.joined()
                var w = JSONWriter()
                w.writeString(s)
                #expect(w.string == reference(s), "\(Array(s.unicodeScalars))")
            }
        }
    }

    @Test func sortsKeysByCodePointAndKeepsSlashes() {
        let value: JSON = ["b": 1, "a": "x/y", "é": true, "Z": nil, "a10": 2.5, "a9": [1, "2"]]
        #expect(value.canonical == #"{"Z":null,"a":"x/y","a10":2.5,"a9":[1,"2"],"b":1,"é":true}"#)
    }

    /// Objects of every size up to past the small-object path come out with their members in
    /// UTF-8 byte order of the keys.
    @Test func objectsOfAnySizeAreWrittenInKeyOrder() {
        var rng = RNG(seed: 11)
        let pieces = ["a", "b", "A", "é", "😀", "a0", "_", "~", "ab", "b\u{0}"]
        for size in 0...40 {
            var members: [String: JSON] = [:]
            while members.count < size { members[(0..<(1 + Int(rng.next() % 3))).map { _ in rng.pick(pieces) }.joined()] = .int(members.count) }
            let expected = "{" + members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                .map { "\(JSON.string($0).canonical):\(members[$0]!.canonical)" }.joined(separator: ",") + "}"
            #expect(JSON.object(members).canonical == expected)
        }
    }

    @Test func escapesControlCharactersLikePython() {
        let value = JSON.string("q\"b\\n\n\t\u{0}\u{1F}\u{7F}\u{2028}😀")
        #expect(value.canonical == "\"q\\\"b\\\\n\\n\\t\\u0000\\u001f\u{7F}\u{2028}😀\"")
    }

    @Test func doublesKeepTheirFractionalForm() {
        #expect(JSON.double(12.75).canonical == "12.75")
        #expect(JSON.double(1.0).canonical == "1.0")
        #expect(JSON.int(-3).canonical == "-3")
    }
}

struct JSONParserTests {
    @Test func valueAtAPathIsWhatTheWholeParseHolds() throws {
        let doc = #"{"a":{"b":[1,{"c":"x"}],"t":"é\n"},"z":null,"n":-1.5e3,"s":"\ud83d\ude00"}"#
        let whole = try JSONParser.parse(doc)
        for path in [["a"], ["a", "b"], ["a", "t"], ["z"], ["n"], ["s"], ["missing"], ["a", "missing"], ["n", "x"]] {
            var expected: JSON? = whole
            for key in path { expected = expected?[key] }
            #expect(try JSONParser.value(at: path, in: Array(doc.utf8)) == expected, "\(path)")
        }
    }

    /// Skipped parts are checked as strictly as parsed ones.
    @Test(arguments: [
        #"{"a":1,"b":{"x":1,"x":2}}"#, #"{"a":1,"b":"\q"}"#, #"{"a":1,"b":[1,]}"#, #"{"a":1,"b":"tab\#there"}"#,
        #"{"a":1,"b":01}"#, #"{"a":1} x"#, #"{"a":1,"b":tru}"#,
    ])
    func skippedPartsAreStillChecked(doc: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.value(at: ["a"], in: Array(doc.utf8)) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(doc) }
    }

    @Test func skippedStringsMustBeUTF8() {
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] {
            let doc = Array(#"{"a":1,"b":""#.utf8) + bad + Array(#""}"#.utf8)
            #expect(throws: JSONParser.Error.self) { try JSONParser.value(at: ["a"], in: doc) }
        }
    }

    /// Strings are read eight bytes at a time: wherever the byte that matters falls in a long
    /// string, a character outside ASCII is kept, a bad UTF-8 byte or a raw control character
    /// is refused (when parsed and when skipped), and an escape is decoded.
    @Test func longStringsAgreeWhereverTheByteThatMattersFalls() throws {
        func document(_ body: [UInt8]) -> [UInt8] { Array(#"{"a":1,"b":""#.utf8) + body + Array(#""}"#.utf8) }
        for length in [7, 8, 9, 15, 16, 17, 31] {
            for position in 0..<length {
                let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                var accented = plain
                accented.replaceSubrange(position..<(position + 1), with: [0xC3, 0xA9])
                #expect(try JSONParser.parse(document(accented))["b"] == .string(String(decoding: accented, as: UTF8.self)))
                var escaped = plain
                escaped.replaceSubrange(position..<(position + 1), with: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                let expected = String(repeating: "a", count: position) + "\n" + String(repeating: "a", count: length - position - 1)
                #expect(try JSONParser.parse(document(escaped))["b"] == .string(expected))
                for refused: UInt8 in [0xFF, 0x80, 0x01, 0x1F] {
                    var bad = plain
                    bad[position] = refused
                    #expect(throws: JSONParser.Error.self) { try JSONParser.parse(document(bad)) }
                    #expect(throws: JSONParser.Error.self) { try JSONParser.value(at: ["a"], in: document(bad)) }
                }
            }
        }
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var rng = RNG(seed: 8)
        let pieces: [[UInt8]] = [[0x61], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF5], [0xE0, 0x9F, 0x80], [0xC2]]
        for _ in 0..<3000 {
            let bytes = (0..<rng.int(below: 6)).flatMap { _ in rng.pick(pieces) }
            #expect(JSONParser.isValidUTF8(bytes, 0..<bytes.count) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func roundTripsCanonicalText() throws {
        let text = #"{"a":[1,2.5,"x\ny",{"b":null}],"c":true,"d":"\u00e9\ud83d\ude00"}"#
        let value = try JSONParser.parse(text)
        #expect(value["d"] == .string("é😀"))
        #expect(value.canonical == #"{"a":[1,2.5,"x\ny",{"b":null}],"c":true,"d":"é😀"}"#)
    }

    @Test func reportsLineAndColumn() throws {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse("{\n  \"a\": tru\n}") }
        do {
            _ = try JSONParser.parse("{\n  \"a\": 1,\n  \"a\": 2}")
            Issue.record("duplicate key accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.problem.contains("duplicate key"))
        }
        // Keys are checked per object: siblings and nested objects may reuse a key.
        #expect(try JSONParser.parse(#"{"a":{"a":{"a":1}},"b":{"a":2},"c":[{"a":3},{"a":4}]}"#)["b"]?["a"] == .int(2))
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(#"{"a":{"b":1,"c":{"d":2},"b":3}}"#) }
    }

    @Test func loneSurrogateBecomesReplacementCharacter() throws {
        #expect(try JSONParser.parse(#""a\ud800b""#) == .string("a\u{FFFD}b"))
    }

    @Test(arguments: ["", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{1}\"", "[1] x", "nul"])
    func rejectsMalformedInput(text: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
    }
}

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func hexCoversEveryByte() {
        let bytes = (0...255).map { UInt8($0) }
        let hex = Hex.encode(bytes)
        #expect(hex.count == 512)
        #expect(hex.hasPrefix("000102") && hex.contains("090a0b") && hex.hasSuffix("fdfeff"))
        #expect(Hex.decode(hex) == bytes)
        #expect(Hex.encode(bytes[250...]) == "fafbfcfdfeff")
    }

    @Test func incrementalEqualsOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var h = SHA256()
        h.update(data[0..<3])
        h.update(data[3..<130])
        h.update(data[130...])
        #expect(Hex.encode(h.finalize()) == Hex.encode(SHA256.hash(data)))
        #expect(Hex.encode(SHA256.hash(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

struct RNGTests {
    @Test func sameKeyGivesSameStream() {
        var a = RNG("42", "function_injection", "7")
        var b = RNG("42", "function_injection", "7")
        var c = RNG("42", "function_injection", "8")
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var rng = RNG(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let x = rng.int(below: 7)
            #expect((0..<7).contains(x))
            seen.insert(x)
        }
        #expect(seen.count == 7)
    }

    @Test func streamsArePinned() {
        // Values worked out independently (SplitMix64 seeding, xoshiro256**, FNV-1a keys):
        // changing the generator would silently change every dataset.
        var a = RNG(seed: 42)
        #expect(a.next() == 1_546_998_764_402_558_742)
        #expect(RNG.key(["42", "function_injection", "7"]) == 201_776_981_841_904_724)
        var b = RNG("42", "function_injection", "7")
        #expect(b.next() == 11_247_933_955_583_802_302)
        var c = RNG(42, "function_injection", 7)
        #expect(c.next() == 11_247_933_955_583_802_302)
    }

    /// A number part is hashed as the digits `"\(n)"` writes: zero, signs, every length, the ends.
    @Test func numberPartsKeyTheStreamsOfTheirText() {
        var numbers = [0, 1, 9, 10, 99, 100, -1, -10, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            numbers += [power - 1, power, power + 1, -power]
        }
        for n in numbers {
            var text = StreamKey(), number = StreamKey()
            text.add("s")
            text.add("\(n)")
            number.add("s")
            number.add(n)
            #expect(number.value == text.value, "\(n)")
            #expect(firstDraw(RNG(n)) == firstDraw(RNG("\(n)")), "\(n)")
        }
        // Parts stay apart: ("1", "23") is not ("12", "3").
        #expect(firstDraw(RNG(1, 23)) != firstDraw(RNG(12, 3)))
        #expect(firstDraw(RNG(1, 23)) == firstDraw(RNG(parts: ["1", "23"])))
    }
}

private func firstDraw(_ rng: RNG) -> UInt64 {
    var rng = rng
    return rng.next()
}

struct DecimalWritingTests {
    @Test func integersAreWrittenAsStringWritesThem() {
        var numbers = [0, 7, -7, Int.max, Int.min]
        var rng = RNG(seed: 3)
        for _ in 0..<2000 { numbers.append(Int(bitPattern: UInt(truncatingIfNeeded: rng.next())) >> rng.int(below: 64)) }
        for n in numbers {
            var w = JSONWriter(capacity: 16)
            w.appendRaw("[")
            w.writeInt(n)
            w.write(.int(n))
            w.appendRaw("]")
            #expect(w.string == "[\(n)\(n)]")
        }
        #expect(SampleID.make(seed: -3, category: .dataInjection, index: 1_204) == "-3-data_injection-1204")
        #expect(SampleID.parse(SampleID.make(seed: 42, category: .dataInjection, index: 0))! == (42, .dataInjection, 0))
    }
}
