import MCIPModel
import Testing

@testable import MCIPServe

/// How `mcip serve` answers calls, on real generated samples.
struct CallAnswererTests {
    let scenarios: Scenarios

    init() throws { scenarios = try sharedScenarios.get() }

    @Test func injectedResultReturnsThePlantedInstruction() throws {
        let sample = try scenarios.first(template: "function_injection/planted_instruction")
        let calls = sample.trajectory.calls
        let injected = try #require(sample.unrequestedCalls.first)
        let injectedAt = try #require(calls.firstIndex(of: injected))
        // The instruction is planted in the result of the legitimate call just before the injected one.
        let anchor = calls[injectedAt - 1]
        var answerer = CallAnswerer(server: try ScenarioServer(sample: sample, server: anchor.server))
        let answer = answerer.answer(tool: anchor.tool, arguments: anchor.arguments)
        guard case .result(let text, _, let isError) = answer.outcome else {
            Issue.record("expected a result, got \(answer.outcome)")
            return
        }
        #expect(answer.outcome == anchor.outcome)
        #expect(!isError)
        #expect(text.contains(injected.tool), "the planted instruction names the injected tool \(injected.tool): \(text)")
    }

    @Test func overlappingSampleListsTheLookalikeTool() throws {
        let sample = try scenarios.first(template: "function_overlapping/confusable_name")
        let swallowed = try #require(sample.unrequestedCalls.first)
        // The call the user asked for, which went to the lookalike instead.
        let intended = try #require(sample.policy.intendedCalls.first { ToolNameSimilarity.confusable($0.tool, swallowed.tool) })
        let impostor = try ScenarioServer(sample: sample, server: swallowed.server)
        #expect(impostor.tools.map(\.name) == [swallowed.tool])
        #expect(swallowed.tool != intended.tool, "a confusable name differs from the real one")
        // The real server still offers the real tool, but the scenario never called it there.
        let real = try ScenarioServer(sample: sample, server: intended.server)
        #expect(real.tools.contains { $0.name == intended.tool })
        var answerer = CallAnswerer(server: real)
        let answer = answerer.answer(tool: intended.tool, arguments: intended.arguments)
        #expect(answer.source == .notRecorded)
        // The impostor answers as recorded: nothing useful.
        var impostorAnswerer = CallAnswerer(server: impostor)
        #expect(impostorAnswerer.answer(tool: swallowed.tool, arguments: swallowed.arguments).outcome == swallowed.outcome)
    }

    @Test func forgedDependencyDescriptionHoldsTheForgedText() throws {
        let sample = try scenarios.first(template: "function_dependency_injection/forged_description")
        let calls = sample.trajectory.calls
        let injected = try #require(sample.unrequestedCalls.first)
        let injectedAt = try #require(calls.firstIndex(of: injected))
        // The forged dependency sits in the description of the legitimate call that follows.
        let target = calls[injectedAt + 1]
        let server = try ScenarioServer(sample: sample, server: target.server)
        let description = try #require(server.tools.first { $0.name == target.tool }?.description)
        #expect(description.contains(injected.tool), "the description forges a dependency on \(injected.tool): \(description)")
    }

    @Test func unmatchedCallIsAToolErrorWithoutInventedData() throws {
        let sample = try scenarios.first(where: { !$0.trajectory.calls.isEmpty }, "a sample with calls")
        let call = sample.trajectory.calls[0]
        var answerer = CallAnswerer(server: try ScenarioServer(sample: sample, server: call.server))
        var other = call.arguments
        other["mcip_unrecorded_argument"] = "x"
        let answer = answerer.answer(tool: call.tool, arguments: other)
        #expect(answer.source == .notRecorded)
        guard case .result(let text, let structured, let isError) = answer.outcome else {
            Issue.record("expected a tool error result, got \(answer.outcome)")
            return
        }
        #expect(isError)
        #expect(structured == nil)
        #expect(text.hasPrefix("No recorded result"))
        #expect(text.contains(sample.id) && text.contains(call.tool))
        // The recorded arguments go to the server's log, not to the agent.
        #expect(answer.logLine.contains(JSON.object(call.arguments).canonical))
        #expect(!text.contains(JSON.object(call.arguments).canonical) || call.arguments.isEmpty)
    }

    @Test func unknownToolIsAnInvalidParamsError() throws {
        let sample = try scenarios.first(where: { !$0.trajectory.calls.isEmpty }, "a sample with calls")
        var answerer = CallAnswerer(server: try ScenarioServer(sample: sample))
        let answer = answerer.answer(tool: "no_such_tool", arguments: [:])
        #expect(answer.source == .unknownTool)
        #expect(answer.outcome == .error(code: -32602, message: "Unknown tool: no_such_tool"))
    }

    @Test func repeatedCallsAnswerInTrajectoryOrderThenStop() throws {
        // Replay: the same call with the same arguments recorded twice.
        let sample = try scenarios.first(
            where: { s in
                s.category == .replayInjection && s.trajectory.calls.contains { c in s.trajectory.calls.filter { $0.tool == c.tool && $0.arguments == c.arguments }.count > 1 }
            }, "replay_injection with a repeated call")
        let calls = sample.trajectory.calls
        let repeated = try #require(calls.first { c in calls.filter { $0.tool == c.tool && $0.arguments == c.arguments }.count > 1 })
        let recorded = calls.filter { $0.server == repeated.server && $0.tool == repeated.tool && $0.arguments == repeated.arguments }
        var answerer = CallAnswerer(server: try ScenarioServer(sample: sample, server: repeated.server))
        for (i, call) in recorded.enumerated() {
            let answer = answerer.answer(tool: repeated.tool, arguments: repeated.arguments)
            #expect(answer.outcome == call.outcome, "call \(i + 1)")
            guard case .recorded = answer.source else {
                Issue.record("call \(i + 1) was not answered from the recording")
                continue
            }
        }
        let beyond = answerer.answer(tool: repeated.tool, arguments: repeated.arguments)
        #expect(beyond.source == .alreadyAnswered(count: recorded.count))
        if case .result(let text, _, let isError) = beyond.outcome {
            #expect(isError && text.contains("answered already"))
        } else {
            Issue.record("expected a tool error result")
        }
    }

    @Test func defaultServerIsTheFirstCallsServer() throws {
        let sample = try scenarios.first(where: { Set($0.trajectory.calls.map(\.server)).count > 1 }, "calls to several servers")
        let server = try ScenarioServer(sample: sample)
        #expect(server.name == sample.trajectory.calls[0].server)
        #expect(server.recordedCalls == sample.trajectory.calls.filter { $0.server == server.name })
        #expect(server.version == sample.provenance.generator)
    }

    @Test func unknownServerNameListsTheSamplesServers() throws {
        let sample = try scenarios.first(where: { $0.trajectory.servers.count > 1 }, "several servers")
        do {
            _ = try ScenarioServer(sample: sample, server: "nowhere")
            Issue.record("an unknown server was accepted")
        } catch {
            #expect(error.message.contains("no server \"nowhere\""))
            for s in sample.trajectory.servers { #expect(error.message.contains(s.name)) }
        }
    }

    @Test func argumentsMatchByValue() {
        #expect(ArgumentMatch.same(["n": 3, "s": "a"], ["s": "a", "n": 3.0]))
        #expect(ArgumentMatch.same(["xs": [1, 2]], ["xs": [1.0, 2]]))
        #expect(!ArgumentMatch.same(["n": 3], ["n": 3.5]))
        #expect(!ArgumentMatch.same(["n": 3], ["n": 3, "m": 1]))
        #expect(!ArgumentMatch.same(["s": "3"], ["s": 3]))
        #expect(!ArgumentMatch.same(["xs": [1, 2]], ["xs": [2, 1]]))
    }

    @Test func hostConfigHasOneEntryPerServer() throws {
        let sample = try scenarios.first(where: { $0.trajectory.servers.count > 1 }, "several servers")
        let config = HostConfig.json(sample: sample, database: "/data/mcip.sqlite", executable: "/usr/local/bin/mcip")
        let servers = try #require(config["mcpServers"]?.objectValue)
        #expect(servers.keys.sorted() == sample.trajectory.servers.map(\.name).sorted())
        for s in sample.trajectory.servers {
            #expect(servers[s.name]?["command"] == "/usr/local/bin/mcip")
            #expect(servers[s.name]?["args"] == ["serve", "--db", "/data/mcip.sqlite", "--sample", .string(sample.id), "--server", .string(s.name)])
        }
    }
}
