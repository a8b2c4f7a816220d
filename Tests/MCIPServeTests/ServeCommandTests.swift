import Foundation
import MCIPModel
import Testing

@testable import MCIPServe

/// `mcip serve` as a process: the official Python MCP client against a generated database,
/// and the command's errors.
struct ServeCommandTests {
    let scenarios: Scenarios

    init() throws { scenarios = try sharedScenarios.get() }

    /// Connects with `mcp.client.stdio.stdio_client` + `ClientSession`, initializes, lists the
    /// tools, calls one tool with the recorded arguments and one with unrecorded ones, and
    /// prints the results in their wire form.
    static let pythonClient = """
        import asyncio, json, sys
        from mcp import ClientSession, StdioServerParameters
        from mcp.client.stdio import stdio_client

        def wire(model):
            return model.model_dump(by_alias=True, mode="json", exclude_none=True)

        async def session(exe, db, sample, server, tool, arguments):
            params = StdioServerParameters(command=exe, args=["serve", "--db", db, "--sample", sample, "--server", server])
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write) as s:
                    init = await s.initialize()
                    tools = await s.list_tools()
                    recorded = await s.call_tool(tool, arguments)
                    unmatched = await s.call_tool(tool, {"mcip_unrecorded_argument": True})
            return {"initialize": wire(init), "tools": wire(tools), "recorded": wire(recorded), "unmatched": wire(unmatched)}

        exe, db, sample, server, tool, arguments = sys.argv[1:7]
        out = asyncio.run(asyncio.wait_for(session(exe, db, sample, server, tool, json.loads(arguments)), 120))
        print(json.dumps(out, sort_keys=True))
        """

    @Test func officialPythonClientGetsTheRecordedResult() throws {
        let hasMCP = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import mcp.client.stdio"])
        try #require(hasMCP.status == 0, "the Python MCP client is missing: pip install mcp (.ci/run installs it)\n\(hasMCP.stderr)")

        let sample = try scenarios.first(template: "function_injection/planted_instruction")
        let calls = sample.trajectory.calls
        let injected = try #require(sample.unrequestedCalls.first)
        let call = calls[try #require(calls.firstIndex(of: injected)) - 1]
        guard case .result(let text, let structured, false) = call.outcome else {
            Issue.record("the planted call has no successful result")
            return
        }
        let scenario = try ScenarioServer(sample: sample, server: call.server)
        let script = temporaryFolder("pyclient").appendingPathComponent("client.py")
        try Self.pythonClient.write(to: script, atomically: true, encoding: .utf8)

        let run = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, Repo.binary.path, scenarios.database, sample.id, call.server, call.tool, JSON.object(call.arguments).canonical])
        try #require(run.status == 0, "python client failed:\n\(run.stderr)")
        let out = try JSONParser.parse(run.stdout)

        #expect(out["initialize"]?["serverInfo"]?["name"] == .string(call.server))
        #expect(out["initialize"]?["serverInfo"]?["title"] == .string(scenario.definition.title))
        #expect(out["initialize"]?["serverInfo"]?["version"] == .string(sample.provenance.generator))

        let tools = out["tools"]?["tools"]?.arrayValue ?? []
        #expect(tools.compactMap { $0["name"]?.stringValue } == scenario.tools.map(\.name))
        #expect(tools.compactMap { $0["description"]?.stringValue } == scenario.tools.map(\.description))
        #expect(tools.map { $0["inputSchema"] } == scenario.tools.map { $0.inputSchema })

        let recorded = try #require(out["recorded"])
        #expect(recorded["content"] == [["type": "text", "text": .string(text)]])
        #expect(recorded["structuredContent"] == structured)
        #expect(recorded["isError"] == false)
        #expect(text.contains(injected.tool), "the planted instruction reached the client")

        let unmatched = try #require(out["unmatched"])
        #expect(unmatched["isError"] == true)
        #expect(unmatched["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("No recorded result") == true)
        #expect(run.stderr.contains("recorded call 1 of 1 with these arguments: result"), "the server logs each call on stderr")
    }

    /// Drives `mcip serve` with raw JSON-RPC lines, one request at a time, and validates every
    /// frame it answers against the official MCP 2025-11-25 JSON Schema (the test fixture).
    static let schemaCheck = """
        import json, signal, subprocess, sys
        from jsonschema import Draft202012Validator

        schema_path, exe, db, sample, server, tool, arguments = sys.argv[1:8]
        defs = json.load(open(schema_path))["$defs"]
        def check(name, value):
            return [f"{name}: {e.message}" for e in Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": defs}).iter_errors(value)]

        signal.alarm(120)
        proc = subprocess.Popen([exe, "serve", "--quiet", "--db", db, "--sample", sample, "--server", server],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        def ask(message):
            proc.stdin.write(json.dumps(message) + "\\n")
            proc.stdin.flush()
            return json.loads(proc.stdout.readline()) if "id" in message else None

        problems, checked = [], 0
        def expect(frame, *names):
            global checked
            checked += 1
            problems.extend(check("JSONRPCMessage", frame))
            for name in names:
                problems.extend(check(name, frame.get("result", frame)))

        expect(ask({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25",
               "capabilities": {}, "clientInfo": {"name": "schema-check", "version": "1"}}}), "InitializeResult")
        ask({"jsonrpc": "2.0", "method": "notifications/initialized"})
        expect(ask({"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}}), "ListToolsResult")
        expect(ask({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": tool, "arguments": json.loads(arguments)}}), "CallToolResult")
        unmatched = ask({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": tool, "arguments": {"mcip_unrecorded_argument": 1}}})
        expect(unmatched, "CallToolResult")
        if unmatched.get("result", {}).get("isError") is not True: problems.append("an unrecorded call is not a tool error")
        unknown = ask({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "mcip_no_such_tool", "arguments": {}}})
        expect(unknown, "JSONRPCErrorResponse")
        proc.stdin.close()
        proc.wait()
        print(json.dumps({"checked": checked, "problems": problems, "exit": proc.returncode}))
        """

    @Test func servedFramesValidateAgainstTheMCPSchema() throws {
        let sample = try scenarios.first(template: "function_dependency_injection/forged_description")
        let call = try #require(sample.trajectory.calls.last)
        let script = temporaryFolder("schema").appendingPathComponent("check.py")
        try Self.schemaCheck.write(to: script, atomically: true, encoding: .utf8)
        let run = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, Repo.schema.path, Repo.binary.path, scenarios.database, sample.id, call.server, call.tool,
             JSON.object(call.arguments).canonical])
        try #require(run.status == 0, "schema check failed:\n\(run.stderr)")
        let out = try JSONParser.parse(run.stdout)
        #expect(out["checked"] == 5)
        #expect(out["problems"] == [], "\(out["problems"]?.canonical ?? "")")
        #expect(out["exit"] == 0, "the server ends when its input closes")
    }

    @Test func missingDatabaseFails() throws {
        let db = temporaryFolder("nodb").appendingPathComponent("absent.sqlite").path
        let run = try runProcess(Repo.binary, ["serve", "--db", db, "--sample", "7-appropriate-0"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(db): no such database"))
        #expect(run.stdout.isEmpty, "stdout is the protocol channel")
        #expect(!FileManager.default.fileExists(atPath: db), "nothing is created")
    }

    @Test func unknownSampleFails() throws {
        let run = try runProcess(Repo.binary, ["serve", "--db", scenarios.database, "--sample", "7-appropriate-999999"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no sample with id \"7-appropriate-999999\""))
        #expect(run.stdout.isEmpty)
    }

    @Test func unknownServerFailsListingTheServers() throws {
        let sample = try scenarios.first(where: { $0.trajectory.servers.count > 1 }, "several servers")
        let run = try runProcess(Repo.binary, ["serve", "--db", scenarios.database, "--sample", sample.id, "--server", "nowhere"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("its servers: \(sample.trajectory.servers.map(\.name).joined(separator: ", "))"))
    }

    @Test func hostConfigNamesEveryServer() throws {
        let sample = try scenarios.first(where: { $0.trajectory.servers.count > 1 }, "several servers")
        let run = try runProcess(Repo.binary, ["serve", "--db", scenarios.database, "--sample", sample.id, "--host-config"])
        #expect(run.status == 0)
        let config = try JSONParser.parse(run.stdout)
        #expect(config["mcpServers"]?.objectValue?.keys.sorted() == sample.trajectory.servers.map(\.name).sorted())
        let first = sample.trajectory.servers[0].name
        #expect(config["mcpServers"]?[first]?["command"] == .string(Repo.binary.standardizedFileURL.path))
    }
}
