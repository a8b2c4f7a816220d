import MCIPGenerate
import MCIPModel
import Testing

struct SlotTemplateTests {
    @Test func rendersSlotsAndKeepsLiterals() throws {
        let t = try SlotTemplate("Issue #{{n}} in {{ repo }} is {{state}}.", file: "t.yaml", line: 3)
        #expect(t.slots == ["n", "repo", "state"])
        #expect(try t.render(["n": 12, "repo": "acme/api", "state": "open"]) == "Issue #12 in acme/api is open.")
    }

    @Test func missingSlotNamesFileLineAndSlot() throws {
        let t = try SlotTemplate("Hello {{name}}, {{greeting}}", file: "Templates/x/y.yaml", line: 7)
        do {
            _ = try t.render(["name": "Ana"])
            Issue.record("rendered without a value for {{greeting}}")
        } catch {
            #expect(error.slot == "greeting")
            #expect(error.description == "Templates/x/y.yaml:7: template uses {{greeting}}, which has no value here")
        }
    }

    @Test func malformedPlaceholdersAreRejected() {
        #expect(throws: InputError.self) { try SlotTemplate("open {{ never closed", file: "f", line: 1) }
        #expect(throws: InputError.self) { try SlotTemplate("bad {{1name}}", file: "f", line: 1) }
    }

    /// Spaces and tabs around a slot name are dropped, and so are other Unicode spaces.
    @Test func slotNamesAreTrimmed() throws {
        for text in ["{{name}}", "{{ name }}", "{{\tname  }}", "{{\u{00A0}name\u{2003}}}"] {
            #expect(try SlotTemplate(text).soleSlot == "name", "\(text.debugDescription)")
        }
        #expect(throws: InputError.self) { try SlotTemplate("{{ na me }}") }
    }

    @Test func soleSlotKeepsItsType() throws {
        #expect(try SlotTemplate("{{count}}").soleSlot == "count")
        #expect(try SlotTemplate("n={{count}}").soleSlot == nil)
    }
}

struct ToolNameSimilarityTests {
    @Test(arguments: [("get_issue", "get-issue"), ("list_files", "1ist_files"), ("issue_read", "issue_reads"), ("commit", "comrnit"), ("get_drive_file_permissions", "get_drive_file_perrnissions"),
        ("send_email", "send_emmail"), ("read_query", "read_query")])
    func confusablePairs(a: String, b: String) {
        #expect(ToolNameSimilarity.confusable(a, b))
    }

    @Test(arguments: [("get_issue", "list_issues"), ("read_query", "write_query"), ("send_email", "draft_email")])
    func distinctPairs(a: String, b: String) {
        #expect(!ToolNameSimilarity.confusable(a, b))
    }

    @Test func lookalikesAreConfusableButDifferent() {
        var rng = RNG(seed: 9)
        for name in ["get_issue", "merge_pull_request", "send_email", "list_tables", "book_appointment"] {
            for _ in 0..<10 {
                let l = ToolNameSimilarity.lookalike(of: name, rng: &rng)
                #expect(l != name && ToolNameSimilarity.confusable(l, name), "\(name) → \(l)")
            }
        }
    }

    /// Every edit, and only those: separators, the first l and o, m as rn, a doubled first
    /// consonant, a plural s added or dropped.
    @Test(arguments: [
        ("mail_tools", ["mail-tools", "mai1_tools", "mail_t0ols", "rnail_tools", "mmail_tools", "mail_tool"]),
        ("query", ["querry", "querys"]),
        ("get-docs", ["get-d0cs", "gget-docs", "get-doc"]),
    ])
    func lookalikesAreExactlyTheEdits(name: String, expected: [String]) {
        var rng = RNG(seed: 3)
        let seen = Set((0..<300).map { _ in ToolNameSimilarity.lookalike(of: name, rng: &rng) })
        #expect(seen == Set(expected))
    }
}
