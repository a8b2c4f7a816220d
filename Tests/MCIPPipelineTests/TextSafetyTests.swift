import Foundation
import Testing

/// Seed values holding any Unicode — control characters, NUL, line and paragraph separators,
/// emoji, bidirectional marks, noncharacters — come out of generate and export as valid UTF-8
/// JSON Lines that Python's `json` module reads back equal to the input, in the project's
/// canonical form. A lone surrogate can only be written as a YAML escape, and is refused with
/// its file and line (a Swift string, like UTF-8, cannot hold one).
@Suite struct TextSafetyTests {
    /// The same strings twice: as YAML double-quoted escapes and as Python string literals.
    static let people: [(yaml: String, python: String)] = [
        (#""Nul\0Byte Person""#, #""Nul\x00Byte Person""#),
        (#""Bell\a Tab\t Esc\e Vt\v Ff\f""#, #""Bell\x07 Tab\t Esc\x1b Vt\x0b Ff\x0c""#),
        (#""Line\u2028Para\u2029End \L \P""#, #""Line\u2028Para\u2029End \u2028 \u2029""#),
        (#""Cr\rLf\nCrLf\r\nDone""#, #""Cr\rLf\nCrLf\r\nDone""#),
        (#""Emoji 😀 and \U0001F469\u200D\U0001F4BB""#, #""Emoji \U0001F600 and \U0001F469\u200d\U0001F4BB""#),
        (#""Rtl \u202Eevil\u202C and \u200F mark""#, #""Rtl \u202eevil\u202c and \u200f mark""#),
        (#""Quote \" backslash \\ slash / end""#, #""Quote \" backslash \\ slash / end""#),
        (#""Braces {{user_role}} {body} stay""#, #""Braces {{user_role}} {body} stay""#),
        (#""Del\x7F C1\u0080\u009F Nel\N""#, #""Del\x7f C1\x80\x9f Nel\x85""#),
        (#""Bom\uFEFFinside, nonchar \uFFFF \U0010FFFF""#, #""Bom\ufeffinside, nonchar \uffff \U0010ffff""#),
        (#""நன்றி 漢字 e\u0301 Ω""#, #""\u0ba8\u0ba9\u0bcd\u0bb1\u0bbf \u6f22\u5b57 e\u0301 \u03a9""#),
    ]

    /// Hostile repository owners: values of a tool-call argument.
    static let owners: [(yaml: String, python: String)] = [
        (#""own\0er""#, #""own\x00er""#),
        (#""own\u2028er""#, #""own\u2028er""#),
        (#""own😀er""#, #""own\U0001F600er""#),
        (#""own\u202Eer""#, #""own\u202eer""#),
        (#""own\"er\\""#, #""own\"er\\""#),
        (#""own\x01\x1Fer""#, #""own\x01\x1fer""#),
    ]

    @Test func hostileSeedValuesRoundTripThroughPythonJSON() throws {
        let work = temporaryFolder("text")
        defer { try? FileManager.default.removeItem(at: work) }
        for dir in ["Seeds", "Templates"] {
            try FileManager.default.copyItem(at: Repo.root.appendingPathComponent(dir), to: work.appendingPathComponent(dir))
        }
        let identities = work.appendingPathComponent("Seeds/identities.yaml")
        var text = try String(contentsOf: identities, encoding: .utf8)
        text = String(text[..<text.range(of: "people:\n")!.upperBound]) + Self.people.map { "  - \($0.yaml)\n" }.joined()
        try text.write(to: identities, atomically: true, encoding: .utf8)
        let pools = work.appendingPathComponent("Seeds/pools/code.yaml")
        // The pool's entry (its key line and any more deeply indented lines of a block list)
        // is replaced by a flow list of the hostile values.
        var poolLines: [String] = []
        var inOwners = false
        for line in try String(contentsOf: pools, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  code_owners:") {
                inOwners = true
                poolLines.append("  code_owners: [\(Self.owners.map(\.yaml).joined(separator: ", "))]")
            } else if inOwners && line.hasPrefix("   ") {
                continue
            } else {
                inOwners = false
                poolLines.append(String(line))
            }
        }
        try poolLines.joined(separator: "\n").write(to: pools, atomically: true, encoding: .utf8)

        let db = work.appendingPathComponent("mcip.sqlite").path
        let generate = try runProcess(Repo.binary, ["generate", "--per-class", "30", "--seed", "9", "--db", db], cwd: work)
        #expect(generate.status == 0, "\(generate.stderr)")
        let out = work.appendingPathComponent("dataset").path
        let export = try runProcess(Repo.binary, ["export", "--db", db, "--out", out], cwd: work)
        #expect(export.status == 0, "\(export.stderr)")
        let verify = try runProcess(Repo.binary, ["verify", out])
        #expect(verify.status == 0, "\(verify.stderr)")

        let script = work.appendingPathComponent("check.py")
        try (Self.checker
            .replacingOccurrences(of: "PEOPLE", with: "[" + Self.people.map(\.python).joined(separator: ", ") + "]")
            .replacingOccurrences(of: "OWNERS", with: "[" + Self.owners.map(\.python).joined(separator: ", ") + "]"))
            .write(to: script, atomically: true, encoding: .utf8)
        let result = try python([script.path, out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(summary["records"] as? Int == 3 * 30 * 11)
        #expect(summary["people_seen"] as? Int == Self.people.count, "\(summary)")
        #expect((summary["owner_arguments"] as? Int ?? 0) > 0, "no call used a hostile owner")
        #expect(summary["problems"] as? [String] == [], "\(summary)")
    }

    @Test(arguments: [#""\ud800""#, #""\udfff tail""#, #""\ud83d\ude00""#])
    func aLoneSurrogateEscapeIsRefusedWithItsLine(_ escape: String) throws {
        let work = temporaryFolder("surrogate")
        defer { try? FileManager.default.removeItem(at: work) }
        for dir in ["Seeds", "Templates"] {
            try FileManager.default.copyItem(at: Repo.root.appendingPathComponent(dir), to: work.appendingPathComponent(dir))
        }
        try "# people with odd names\npools:\n  odd_names: [plain, \(escape)]\n"
            .write(to: work.appendingPathComponent("Seeds/pools/odd.yaml"), atomically: true, encoding: .utf8)
        let result = try runProcess(Repo.binary, ["generate", "--per-class", "2", "--db", "mcip.sqlite"], cwd: work)
        #expect(result.status == 65)
        #expect(result.stderr.contains("Seeds/pools/odd.yaml:3:"), "\(result.stderr)")
        #expect(result.stderr.contains("invalid Unicode character escape"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("mcip.sqlite").path))
    }

    /// Reads every file of the export with Python: strict UTF-8, `json.loads`, the canonical
    /// form again with `json.dumps`, and the hostile values exactly where they belong.
    static let checker = #"""
        import json, os, sys
        people, owners = PEOPLE, OWNERS
        out = sys.argv[1]
        problems, records, seen, owner_args = [], 0, set(), 0
        bodies = {}
        for fmt in ["native", "bench", "chat"]:
            for split in ["train", "validation", "test"]:
                path = os.path.join(out, fmt, split + ".jsonl")
                with open(path, "rb") as f:
                    data = f.read()
                for n, raw in enumerate(data.split(b"\n")[:-1], 1):
                    try:
                        line = raw.decode("utf-8", errors="strict")
                        r = json.loads(line)
                    except Exception as e:
                        problems.append(f"{path}:{n}: {e}")
                        continue
                    records += 1
                    again = json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                    if again != line:
                        problems.append(f"{path}:{n}: not in canonical form")
                    if fmt == "native":
                        name = r["policy"]["identity"]["name"]
                        if name not in people:
                            problems.append(f"{path}:{n}: identity {name!r} is not one of the seed names")
                        seen.add(name)
                        if name not in r["body"]:
                            problems.append(f"{path}:{n}: the body lacks the name {name!r}")
                        bodies[r["id"]] = r["body"]
                        for e in r["events"]:
                            m = e.get("message") or {}
                            if m.get("method") == "tools/call" and "owner" in m["params"].get("arguments", {}):
                                owner = m["params"]["arguments"]["owner"]
                                if owner in owners:
                                    owner_args += 1
                                elif "own" in str(owner):
                                    problems.append(f"{path}:{n}: owner {owner!r} is not a seed value")
                    elif fmt == "bench" and bodies.get(r["id"]) != r["body"]:
                        problems.append(f"{path}:{n}: bench body differs from native")
        print(json.dumps({"records": records, "people_seen": len(seen), "owner_arguments": owner_args, "problems": problems[:20]}))
        """#
}
