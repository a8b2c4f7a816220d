import Foundation
import Testing

/// A copy of the repository's inputs, broken in one place, run through the real binary:
/// generation must stop before writing, name the file and line, and exit with 65.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        /// Replaces the file's text.
        var edit: @Sendable (String) -> String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "bad YAML", file: "Seeds/tasks/code.yaml", edit: { $0 + "\n  - id: [unclosed\n" }, expected: "Seeds/tasks/code.yaml:"),
        Case(name: "unknown category", file: "Templates/not_a_category/x.yaml", edit: { _ in "category: not_a_category\n" },
             expected: "Templates/not_a_category"),
        Case(name: "missing slot", file: "Seeds/tasks/code.yaml",
             edit: { $0.replacingOccurrences(of: "What's the status of issue #{{issue_number}}", with: "What's the status of issue #{{issue_numbr}}") },
             expected: "{{issue_numbr}} is not a slot of the task"),
        Case(name: "duplicate tool name", file: "Seeds/servers/github.yaml",
             edit: { $0.replacingOccurrences(of: "  - name: list_issues\n", with: "  - name: issue_read\n") },
             expected: "duplicate tool name 'issue_read'"),
        Case(name: "template slot the category lacks", file: "Templates/replay_injection/outcome_only.yaml",
             edit: { $0.replacingOccurrences(of: "ran {{times}} times", with: "ran {{injected_tool}} times") },
             expected: "{{injected_tool}} is not a slot of replay_injection templates"),
        Case(name: "a tool's name made from itself", file: "Templates/excessive_privileges/admin_variant.yaml",
             edit: { $0.replacingOccurrences(of: "\"sudo_{{tool}}\"", with: "\"sudo_{{elevated_tool}}\"") },
             expected: "admin_variant.yaml:11:5: names cannot use {{elevated_tool}}: the name made here is its value"),
        Case(name: "a server's name made from itself", file: "Templates/function_overlapping/identical_name.yaml",
             edit: { $0.replacingOccurrences(of: "\"{{server}}-hub\"", with: "\"{{impostor_server}}-hub\"") },
             expected: "identical_name.yaml:10:5: names cannot use {{impostor_server}}: the name made here is its value"),
        Case(name: "wrong type", file: "Seeds/servers/github.yaml",
             edit: { $0.replacingOccurrences(of: "privilege: read\n", with: "privilege: root\n") }, expected: "privilege of"),
    ]

    @Test(arguments: cases)
    func generateStopsBeforeWriting(_ c: Case) throws {
        let work = temporaryFolder("bad")
        for dir in ["Seeds", "Templates"] {
            try FileManager.default.copyItem(at: Repo.root.appendingPathComponent(dir), to: work.appendingPathComponent(dir))
        }
        let target = work.appendingPathComponent(c.file)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let original = (try? String(contentsOf: target, encoding: .utf8)) ?? ""
        let edited = c.edit(original)
        #expect(edited != original)
        try edited.write(to: target, atomically: true, encoding: .utf8)

        let db = work.appendingPathComponent("out.sqlite")
        let result = try runProcess(Repo.binary, ["generate", "--per-class", "5", "--db", db.path], cwd: work)
        #expect(result.status == 65, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(c.expected), "stderr: \(result.stderr)")
        let located = result.stderr.split(separator: "\n").contains { line in
            line.range(of: #"^[^:]+\.yaml:\d+:\d+: "#, options: .regularExpression) != nil
                || line.range(of: #"^Templates/[a-z_]+:\d+:\d+: "#, options: .regularExpression) != nil
        }
        #expect(located, "no file:line:column in: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db.path), "the database was created")
    }
}
