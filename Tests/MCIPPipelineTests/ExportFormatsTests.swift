import Foundation
import MCIPExport
import MCIPModel
import Testing

/// The shared dataset exported again in every format.
let allFormatsExport: Result<URL, any Error> = Result {
    let data = try sharedDataset.get()
    let out = data.folder.appendingPathComponent("all-formats")
    _ = try ExportRun.run(ExportOptions(database: data.database, out: out, formats: ExportFormat.allCases))
    return out
}

/// The records of one JSONL file, parsed by the project's parser (typed, order kept).
func jsonRecords(_ url: URL) throws -> [JSON] {
    try JSONLines.parse([UInt8](Data(contentsOf: url)), file: url.path).map(\.value)
}

/// What the `native` record of a sample says happened on the wire.
struct WireView {
    /// (server, tools/list result tools) per listing, in order.
    var listings: [(server: String, tools: [JSON])] = []
    /// (JSON-RPC id, server, tool, arguments) per tools/call request, in order.
    var calls: [(id: Int, server: String, tool: String, arguments: JSON)] = []
    /// JSON-RPC id → the text the response carries (nil: no response).
    var responses: [Int: JSON] = [:]
    var userTurns: [String] = []
    var answers: [String] = []

    init(_ native: JSON) {
        for event in native["events"]?.arrayValue ?? [] {
            let from = event["from"]?.stringValue ?? "", to = event["to"]?.stringValue ?? ""
            if let text = event["text"]?.stringValue {
                if from == "user" { userTurns.append(text) } else if to == "user" { answers.append(text) }
                continue
            }
            guard let m = event["message"] else { continue }
            if let tools = m["result"]?["tools"]?.arrayValue {
                listings.append((String(from.dropFirst("server:".count)), tools))
            } else if m["method"] == "tools/call", let id = m["id"]?.intValue {
                calls.append((id, String(to.dropFirst("server:".count)), m["params"]?["name"]?.stringValue ?? "", m["params"]?["arguments"] ?? [:]))
            } else if let id = m["id"]?.intValue, from.hasPrefix("server:") {
                responses[id] = m
            }
        }
    }
}

@Suite struct OpenAIFormatTests {
    let splits = ["train", "validation", "test"]

    @Test func everyRecordReplaysItsNativeSessionAsToolCalls() throws {
        let export = try allFormatsExport.get()
        var checkedCalls = 0
        for split in splits {
            let native = try jsonRecords(export.appendingPathComponent("native/\(split).jsonl"))
            let openai = try jsonRecords(export.appendingPathComponent("openai/\(split).jsonl"))
            #expect(native.count == openai.count && !native.isEmpty)
            for (n, o) in zip(native, openai) {
                let id = o["id"]?.stringValue ?? "?"
                #expect(o["id"] == n["id"])
                #expect(o["category"] == n["category"] && o["label"] == n["label"] && o["safe"] == n["safe"], "\(id)")
                #expect(Set(o.objectValue?.keys.map { $0 } ?? []) == ["id", "messages", "tools", "category", "label", "safe"])
                let wire = WireView(n)

                // tools: exactly the tools of the tools/list results, named <server>__<tool>.
                let tools = o["tools"]?.arrayValue ?? []
                var offered: [String: JSON] = [:]
                for listing in wire.listings {
                    for tool in listing.tools { offered["\(listing.server)__\(tool["name"]?.stringValue ?? "")"] = tool }
                }
                #expect(tools.count == offered.count, "\(id): \(tools.count) tools, tools/list offers \(offered.count)")
                for t in tools {
                    #expect(t["type"] == "function")
                    let name = t["function"]?["name"]?.stringValue ?? ""
                    #expect(name.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil, "\(id): \(name)")
                    guard let mcp = offered[name] else {
                        Issue.record("\(id): tool \(name) is not in any tools/list result")
                        continue
                    }
                    #expect(t["function"]?["parameters"] == mcp["inputSchema"], "\(id): \(name) parameters")
                    #expect(t["function"]?["description"] == mcp["description"], "\(id): \(name) description")
                }

                // messages: system, the user's turns, one assistant tool call per tools/call, each
                // answered by exactly one tool message, then the answer.
                let messages = o["messages"]?.arrayValue ?? []
                #expect(messages.first?["role"] == "system")
                #expect(messages.first?["content"]?.stringValue?.contains("\nSender: ") == true)
                #expect(messages.filter { $0["role"] == "user" }.compactMap { $0["content"]?.stringValue } == wire.userTurns)
                let toolCalls = messages.flatMap { $0["tool_calls"]?.arrayValue ?? [] }
                #expect(toolCalls.count == wire.calls.count, "\(id)")
                for (call, mcp) in zip(toolCalls, wire.calls) {
                    #expect(call["id"] == .string("call_\(mcp.id)"))
                    #expect(call["type"] == "function")
                    #expect(call["function"]?["name"] == .string("\(mcp.server)__\(mcp.tool)"), "\(id)")
                    let arguments = call["function"]?["arguments"]?.stringValue ?? ""
                    #expect(try JSONParser.parse(arguments) == mcp.arguments, "\(id): \(arguments)")
                    #expect(arguments == mcp.arguments.canonical)
                    let answers = messages.indices.filter { messages[$0]["role"] == "tool" && messages[$0]["tool_call_id"] == call["id"] }
                    #expect(answers.count == 1, "\(id): \(call["id"]!.plainText) answered \(answers.count) times")
                    let asked = messages.firstIndex { $0["tool_calls"]?.arrayValue?.contains(call) == true } ?? Int.max
                    #expect(answers.allSatisfy { $0 == asked + 1 }, "\(id): the answer does not follow its call")
                    let content = answers.first.flatMap { messages[$0]["content"]?.stringValue } ?? ""
                    switch wire.responses[mcp.id] {
                    case nil: #expect(content == "NO RESPONSE")
                    case let r?:
                        if let text = r["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue {
                            #expect(content == (r["result"]?["isError"] == true ? "ERROR " : "") + text, "\(id)")
                        } else {
                            #expect(content.hasPrefix("ERROR "), "\(id)")
                        }
                    }
                    checkedCalls += 1
                }
                let toolMessages = messages.filter { $0["role"] == "tool" }
                #expect(toolMessages.count == toolCalls.count)
                if let answer = wire.answers.last {
                    #expect(messages.last?["role"] == "assistant" && messages.last?["content"] == .string(answer), "\(id)")
                    #expect(messages.last?["tool_calls"] == nil)
                }
            }
        }
        #expect(checkedCalls > 400)
    }

    @Test func sameNamedToolsOfTwoServersStayApart() throws {
        let export = try allFormatsExport.get()
        var clashes = 0
        for split in splits {
            for o in try jsonRecords(export.appendingPathComponent("openai/\(split).jsonl")) where o["category"] == "function_overlapping" {
                let names = (o["tools"]?.arrayValue ?? []).compactMap { $0["function"]?["name"]?.stringValue }
                #expect(Set(names).count == names.count, "\(o["id"]!.plainText): duplicate function names")
                // Tools whose MCP names are the same on two servers.
                let byTool = Dictionary(grouping: names, by: { $0.components(separatedBy: "__").dropFirst().joined(separator: "__") })
                guard let (tool, both) = byTool.first(where: { $0.value.count > 1 }) else { continue }
                clashes += 1
                let servers = Set(both.map { $0.components(separatedBy: "__")[0] })
                #expect(servers.count == both.count, "\(tool) on \(both)")
                // The last call of that tool goes to the impostor, the server that offers only it.
                let impostor = both.filter { name in names.filter { $0.hasPrefix(name.components(separatedBy: "__")[0] + "__") }.count == 1 }
                let called = (o["messages"]?.arrayValue ?? []).flatMap { $0["tool_calls"]?.arrayValue ?? [] }
                    .compactMap { $0["function"]?["name"]?.stringValue }.filter { $0.hasSuffix("__" + tool) }
                #expect(impostor.count == 1 && called.last == impostor.first, "\(o["id"]!.plainText): \(called) \(impostor)")
            }
        }
        #expect(clashes >= 3, "too few function_overlapping samples with identical tool names: \(clashes)")
    }

    @Test func functionNamesFitOpenAIsPattern() {
        #expect(OpenAIRecord.functionName(server: "github", tool: "issue_read") == "github__issue_read")
        #expect(OpenAIRecord.functionName(server: "google-calendar", tool: "list.events") == "google-calendar__list_events")
        let long = OpenAIRecord.functionName(server: String(repeating: "s", count: 40), tool: String(repeating: "t", count: 40))
        let other = OpenAIRecord.functionName(server: String(repeating: "s", count: 40), tool: String(repeating: "t", count: 39) + "u")
        #expect(long.count == 64 && other.count == 64 && long != other)
        #expect(long.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil)
    }
}

@Suite struct BinaryFormatTests {
    @Test func labelsAreSafeOrUnsafeAsTheSampleIs() throws {
        let export = try allFormatsExport.get()
        var seen: Set<String> = []
        for split in ["train", "validation", "test"] {
            let native = try jsonRecords(export.appendingPathComponent("native/\(split).jsonl"))
            let bench = try jsonRecords(export.appendingPathComponent("bench/\(split).jsonl"))
            let binary = try jsonRecords(export.appendingPathComponent("binary/\(split).jsonl"))
            #expect(binary.count == native.count)
            for (n, (b, x)) in zip(native, zip(bench, binary)) {
                #expect(Set(x.objectValue?.keys.map { $0 } ?? []) == ["id", "body", "label"])
                #expect(x["id"] == n["id"] && x["body"] == b["body"])
                #expect(x["label"] == (n["safe"] == true ? "safe" : "unsafe"), "\(x["id"]!.plainText)")
                #expect((n["category"] == "appropriate") == (x["label"] == "safe"))
                seen.insert(x["label"]?.stringValue ?? "")
            }
        }
        #expect(seen == ["safe", "unsafe"])
    }
}

@Suite struct FormatSelectionTests {
    @Test func manifestAndVerifyKnowEveryFormat() throws {
        let export = try allFormatsExport.get()
        let manifest = try JSONParser.parse(String(contentsOf: export.appendingPathComponent("manifest.json"), encoding: .utf8))
        #expect(manifest["formats"] == ["native", "bench", "chat", "openai", "binary"])
        #expect(manifest["files"]?.objectValue?.count == 15)
        #expect(manifest["files"]?["openai/test.jsonl"]?["records"] == manifest["counts"]?["test"]?["total"])
        #expect(Verify.run(export) == [])
        let result = try runProcess(Repo.binary, ["verify", export.path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func newFormatsAreCanonicalAndReproducible() throws {
        let export = try allFormatsExport.get()
        for format in ["openai", "binary"] {
            let text = try String(contentsOf: export.appendingPathComponent("\(format)/train.jsonl"), encoding: .utf8)
            #expect(text.hasSuffix("\n") && !text.contains("\r"))
            for line in text.split(separator: "\n").prefix(60) {
                #expect(try JSONParser.parse(String(line)).canonical == String(line), "\(format): not canonical: \(line.prefix(80))")
            }
        }
        // The manifest holds every file's SHA-256: a second export of the same database matches it byte for byte.
        let again = temporaryFolder("formats-again").appendingPathComponent("dataset")
        _ = try ExportRun.run(ExportOptions(database: try sharedDataset.get().database, out: again, formats: ExportFormat.allCases))
        let first = try Data(contentsOf: export.appendingPathComponent("manifest.json"))
        #expect(try Data(contentsOf: again.appendingPathComponent("manifest.json")) == first)
        #expect(try Data(contentsOf: again.appendingPathComponent("README.md")) == Data(contentsOf: export.appendingPathComponent("README.md")))
    }

    @Test func verifyNamesABrokenOpenAIRecord() throws {
        let export = try allFormatsExport.get()
        let copy = temporaryFolder("verify-openai").appendingPathComponent("dataset")
        try FileManager.default.copyItem(at: export, to: copy)
        let file = copy.appendingPathComponent("openai/validation.jsonl")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        // Drop the tool message of the first record that has a call.
        let index = lines.firstIndex { $0.contains("\"tool_call_id\"") }!
        guard case .object(var record) = try JSONParser.parse(lines[index]), case .array(var messages) = record["messages"]! else {
            Issue.record("not an object")
            return
        }
        let dropped = messages.firstIndex { $0["role"] == "tool" }!
        let callID = messages[dropped]["tool_call_id"]!.stringValue!
        messages.remove(at: dropped)
        record["messages"] = .array(messages)
        lines[index] = JSON.object(record).canonical
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)

        let result = try runProcess(Repo.binary, ["verify", copy.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("openai/validation.jsonl:\(index + 1): tool call \(callID) is never answered"), "\(result.stderr)")
    }

    @Test func exportWritesOnlyTheChosenFormats() throws {
        let data = try sharedDataset.get()
        let out = data.folder.appendingPathComponent("bench-binary")
        let result = try runProcess(Repo.binary, ["export", "--db", data.database, "--out", out.path, "--format", "binary,bench"])
        #expect(result.status == 0, "\(result.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.contains(".") }.sorted()
        #expect(folders == ["bench", "binary"])
        let manifest = try JSONParser.parse(String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8))
        #expect(manifest["formats"] == ["bench", "binary"])
        #expect(Verify.run(out) == [])
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("- config_name: binary\n") && !card.contains("- config_name: native\n") && !card.contains("dataset_info:"))
        #expect(card.contains("Not in this export (`mcip export --format …` writes them): `native`, `chat`, `openai`."))

        let bad = try runProcess(Repo.binary, ["export", "--db", data.database, "--out", out.path, "--format", "bench,parquet"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("unknown format 'parquet'; choose from native, bench, chat, openai, binary"), "\(bad.stderr)")
    }
}
