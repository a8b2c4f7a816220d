import Foundation
import MCIPModel
import Testing

@testable import MCIPAudit

/// The sample logs in Tests/Fixtures/logs, traced: every flow, exactly.
struct TraceFixtureTests {
    static let consent = "consent (the user states the request)"
    static let report = "transparency (reports the outcome to the user)"
    static let discover = "necessity (discovers the server's functions)"
    static let declare = "transparency (the server declares its functions)"
    static let reads = "necessity (reads what the request needs)"
    static let returns = "service provision (returns the result of the call)"
    static let negotiate = "necessity (negotiates the protocol version and capabilities)"
    static let identify = "transparency (the server declares its identity and capabilities)"
    static let housekeeping = "necessity (protocol housekeeping)"

    @Test func eventFormWithTwoServersAndHostTurns() throws {
        let trace = try traceFixture("github-slack.jsonl")
        #expect(rows(trace) == [
            "1|1|user|client|user|user query|\(Self.consent)",
            "2|2|client|server:github|session|initialization request: acme-desktop 1.4.2|\(Self.negotiate)",
            "3|3|server:github|client|server github|initialization result: github-mcp-server 0.9.1|\(Self.identify)",
            "4|4|client|server:github|session|initialization complete|\(Self.housekeeping)",
            "5|5|client|server:slack|session|initialization request: acme-desktop 1.4.2|\(Self.negotiate)",
            "6|6|server:slack|client|server slack|initialization result: slack-mcp-server 0.6.2|\(Self.identify)",
            "7|7|client|server:slack|session|initialization complete|\(Self.housekeeping)",
            "8|8|client|server:github|server github|function list request|\(Self.discover)",
            "9|9|server:github|client|server github|function list (2 tools)|\(Self.declare)",
            "10|10|client|server:slack|server slack|function list request|\(Self.discover)",
            "11|11|server:slack|client|server slack|function list (2 tools)|\(Self.declare)",
            "12|12|client|server:github|user|function request: list_issues (labels, owner, repo, state)|\(Self.reads)",
            "13|13|server:github|client|user|function return: list_issues|\(Self.returns)",
            "14|14|client|server:slack|user|function request: slack_post_message (channel_id, text)|explicit consent (changes state)",
            "15|15|server:slack|client|user|function return: slack_post_message|\(Self.returns)",
            "16|16|client|user|user|response|\(Self.report)",
        ])
        #expect(trace.enquiry == "Summarise the open bug issues in acme/webapp and post the summary to #eng-triage on Slack.")
        #expect(trace.trajectory.calls.map { "\($0.server).\($0.tool)" } == ["github.list_issues", "slack.slack_post_message"])
        // slack_post_message carries no annotations: by MCP's defaults it may change state.
        #expect(trace.trajectory.tool(server: "slack", name: "slack_post_message")?.privilege == .write)
        #expect(trace.trajectory.tool(server: "github", name: "list_issues")?.privilege == .read)
    }

    @Test func bareMessagesOfOneServer() throws {
        let trace = try traceFixture("filesystem-bare.jsonl")
        let fs = "server:secure-filesystem-server", about = "server secure-filesystem-server"
        #expect(rows(trace) == [
            "1|1|client|\(fs)|session|initialization request: claude-code 2.0.14|\(Self.negotiate)",
            "2|2|\(fs)|client|\(about)|initialization result: secure-filesystem-server 0.2.0|\(Self.identify)",
            "3|3|client|\(fs)|session|initialization complete|\(Self.housekeeping)",
            "4|4|client|\(fs)|\(about)|function list request|\(Self.discover)",
            "5|5|\(fs)|client|\(about)|function list (3 tools)|\(Self.declare)",
            "6|6|client|\(fs)|user|function request: list_directory (path)|\(Self.reads)",
            "7|7|\(fs)|client|user|function return: list_directory|\(Self.returns)",
            "8|8|client|\(fs)|user|function request: read_text_file (path)|\(Self.reads)",
            "9|9|\(fs)|client|session|log message (warning)|transparency (the server reports its activity)",
            "10|10|\(fs)|client|user|protocol error -32603: read_text_file|transparency (reports a failed call)",
            "11|11|\(fs)|client|\(about)|function list changed|transparency (the server announces changed functions)",
            "12|12|client|\(fs)|\(about)|function list request|\(Self.discover)",
            "13|13|\(fs)|client|\(about)|function list (4 tools)|\(Self.declare)",
            "14|14|client|\(fs)|session|ping|necessity (checks the connection)",
            "15|15|\(fs)|client|session|acknowledgement: ping|\(Self.housekeeping)",
        ])
        #expect(trace.enquiry == nil)
        guard case .call(let denied) = trace.trajectory.steps[2] else {
            Issue.record("step 3 is not a call: \(trace.trajectory.steps)")
            return
        }
        #expect(denied.tool == "read_text_file")
        #expect(denied.outcome == .error(code: -32603, message: "Access denied - path outside allowed directories: /home/ana/.ssh/id_ed25519 not in /home/ana/projects"))
        // The second tools/list replaced the first: move_file is there, classified from its annotations.
        #expect(trace.trajectory.servers.map(\.name) == ["secure-filesystem-server"])
        #expect(trace.trajectory.servers[0].tools.map(\.privilege) == [.read, .read, .write, .write])
    }

    @Test func serverOptionNamesABareServer() throws {
        let trace = try traceFixture("filesystem-bare.jsonl", server: "filesystem", subject: "Ana Lima")
        #expect(trace.flows[0].recipient == "server:filesystem" && trace.flows[1].sender == "server:filesystem")
        #expect(trace.flows[1].subject == "server filesystem")
        #expect(trace.flows[5].subject == "Ana Lima")
    }

    @Test func proxyRecordsWithACallThatIsNeverAnswered() throws {
        let trace = try traceFixture("gmail-proxy-no-response.jsonl")
        #expect(rows(trace) == [
            "1|1|client|server:gmail|server gmail|function list request|\(Self.discover)",
            "2|2|server:gmail|client|server gmail|function list (2 tools)|\(Self.declare)",
            "3|3|client|server:gmail|user|function request: search_emails (maxResults, query)|\(Self.reads)",
            "4|4|server:gmail|client|user|function return: search_emails|\(Self.returns)",
            "5|5|client|server:gmail|user|function request: send_email (body, subject, to)|explicit consent (changes state)",
            "6|6|server:gmail|client|session|progress report|transparency (reports progress)",
            "7|7|client|server:gmail|session|cancellation: send_email|necessity (withdraws a request)",
            "8|8|client|server:gmail|session|ping|necessity (checks the connection)",
            "9|9|server:gmail|client|session|acknowledgement: ping|\(Self.housekeeping)",
        ])
        #expect(trace.trajectory.calls.map(\.outcome.text) == ["1 message: \"Invoice INV-2291 for May\" from billing@northwind.example (id 18f2c0a9d1e4b7aa)", nil])
        #expect(trace.trajectory.calls.last?.outcome == .noResponse)
    }

    @Test func promptsResourcesAndServerRequests() throws {
        let trace = try traceFixture("docs-prompts-resources.jsonl")
        let changelog = "file:///home/ana/projects/webapp/CHANGELOG.md"
        #expect(rows(trace) == [
            "1|1|user|client|user|user query|\(Self.consent)",
            "2|2|client|server:docs|server docs|prompt list request|necessity (discovers the server's prompts)",
            "3|3|server:docs|client|server docs|prompt list (1 prompts)|transparency (the server declares its prompts)",
            "4|4|client|server:docs|user|prompt request: release_notes (version)|necessity (fetches the prompt the request needs)",
            "5|5|server:docs|client|user|prompt: release_notes|service provision (returns the requested prompt)",
            "6|6|server:docs|client|user|root list request|necessity (asks which roots it may use)",
            "7|7|client|server:docs|user|root list (1 roots)|transparency (the client declares its roots)",
            "8|8|client|server:docs|server docs|resource list request|necessity (discovers the server's resources)",
            "9|9|server:docs|client|server docs|resource list (1 resources)|transparency (the server declares its resources)",
            "10|10|client|server:docs|user|resource request: \(changelog)|\(Self.reads)",
            "11|11|server:docs|client|user|resource contents: \(changelog)|service provision (returns the requested resource)",
            "12|12|server:docs|client|user|elicitation request|explicit consent (the server asks the user for information)",
            "13|13|client|server:docs|user|elicitation answer: accept|consent (the user's answer: accept)",
            "14|14|client|user|user|response|\(Self.report)",
        ])
        // The enquiry header is the first user turn on one line.
        #expect(trace.enquiry == "Draft the release notes for v2.4 from the changelog.")
        #expect(trace.trajectory.steps.count == 2)
    }

    @Test func textFormIsThePapersNumberedForm() throws {
        let text = try traceFixture("gmail-proxy-no-response.jsonl").text
        // No user turn in a proxy log, so no `User Enquiry:` line.
        #expect(text == """
            1. Assistant → Server (gmail)
            Subject: server gmail
            Type: function list request
            Principle: necessity (discovers the server's functions)
            2. Server (gmail) → Assistant
            Subject: server gmail
            Type: function list (2 tools)
            Principle: transparency (the server declares its functions)
            3. Assistant → Server (gmail)
            Subject: user
            Type: function request: search_emails (maxResults, query)
            Principle: necessity (reads what the request needs)
            4. Server (gmail) → Assistant
            Subject: user
            Type: function return: search_emails
            Principle: service provision (returns the result of the call)
            5. Assistant → Server (gmail)
            Subject: user
            Type: function request: send_email (body, subject, to)
            Principle: explicit consent (changes state)
            6. Server (gmail) → Assistant
            Subject: session
            Type: progress report
            Principle: transparency (reports progress)
            7. Assistant → Server (gmail)
            Subject: session
            Type: cancellation: send_email
            Principle: necessity (withdraws a request)
            8. Assistant → Server (gmail)
            Subject: session
            Type: ping
            Principle: necessity (checks the connection)
            9. Server (gmail) → Assistant
            Subject: session
            Type: acknowledgement: ping
            Principle: necessity (protocol housekeeping)
            """)
        let withUser = try traceFixture("github-slack.jsonl").text.split(separator: "\n").prefix(9)
        #expect(withUser == [
            "User Enquiry: Summarise the open bug issues in acme/webapp and post the summary to #eng-triage on Slack.",
            "1. User → Assistant", "Subject: user", "Type: user query", "Principle: \(Self.consent)",
            "2. Assistant → Server (github)", "Subject: session", "Type: initialization request: acme-desktop 1.4.2",
            "Principle: \(Self.negotiate)",
        ])
    }

    /// The fixtures are real MCP: every message validates against the official 2025-11-25 schema.
    @Test func fixtureMessagesAreValidMCP() throws {
        let logs = try FileManager.default.contentsOfDirectory(atPath: Repo.logs.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(logs.count == 4)
        let script = Repo.fixtures.appendingPathComponent("validate_logs.py").path
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, Repo.schema.path] + logs.map { Repo.log($0).path })
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(#""messages": 50"#), "\(result.stdout)")
        #expect(result.stdout.contains(#""problems": 0"#))
    }
}
