import Foundation
import Testing

/// `mcip trace` run as a user runs it: output formats byte for byte, stdin, and bad input.
@Suite struct TraceCommandTests {
    func expected(_ name: String) throws -> String {
        try String(contentsOf: Repo.logs.appendingPathComponent("expected/\(name)"), encoding: .utf8)
    }

    @Test func jsonIsOneCanonicalObject() throws {
        let result = try runProcess(Repo.binary, ["trace", Repo.log("gmail-proxy-no-response.jsonl").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try expected("gmail-proxy-no-response.json")))
        #expect(result.stderr.isEmpty)
    }

    @Test func textIsTheNumberedForm() throws {
        let result = try runProcess(Repo.binary, ["trace", "--format", "text", Repo.log("github-slack.jsonl").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try expected("github-slack.txt")))
    }

    @Test func readsStandardInputWithOptions() throws {
        let log = try Data(contentsOf: Repo.log("filesystem-bare.jsonl"))
        let result = try runProcess(
            Repo.binary, ["trace", "--format", "text", "--server", "filesystem", "--subject", "Ana Lima", "-"], stdin: log)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "1. Assistant → Server (filesystem)")
        #expect(lines.contains("Subject: Ana Lima"))
        #expect(lines.count == 15 * 4)
    }

    @Test func badLogExits65AndWritesNothing() throws {
        let log = #"{"from":"user","to":"client","text":"Hi"}"# + "\n" + #"{"from":"client","to":"github","message":{}}"# + "\n{\n"
        let result = try runProcess(Repo.binary, ["trace", "-"], stdin: Data(log.utf8))
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            <stdin>:2: unknown endpoint "github" in "to" (expected "user", "client" or "server:<name>")
            <stdin>:3:2: expected a string key
            mcip: 2 problems in the log; nothing was written

            """)
    }

    @Test func missingFileIsAnError() throws {
        let result = try runProcess(Repo.binary, ["trace", "/nonexistent/session.jsonl"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "mcip: cannot read /nonexistent/session.jsonl\n")
    }
}
