/// A sample in the `openai` format: the trajectory itself as an OpenAI / TRL tool-calling chat,
/// for training agents that act safely, plus its label.
///
/// - `messages`: a system message (the host's context: the sender and whether their identity
///   was verified, the servers and tools with their privileges, the dependency rules), each user
///   turn, one assistant message per `tools/call` with a single entry in `tool_calls` (`id`,
///   `type: "function"`, `function: {name, arguments}` with `arguments` the canonical JSON text of
///   the MCP arguments), the `role: "tool"` message answering it (`tool_call_id`, the result text),
///   and the final assistant answer when the session has one.
/// - `tools`: every tool offered by the session's `tools/list` results, as
///   `{"type": "function", "function": {name, description, parameters}}` with the MCP
///   `inputSchema` as `parameters`.
/// - `category`, `label` (the paper's label string) and `safe`.
///
/// Function names are always `<server>__<tool>`: two servers may offer the same tool name (an
/// impostor in function overlapping does exactly that), and which server a call reaches is
/// what several attacks are about, so the name a model calls must say it.
public enum OpenAIRecord {
    /// The system message's first line; the body's header follows it.
    public static let systemIntro =
        "You are an assistant that carries out the user's requests with the MCP tools on offer. "
        + "Call only what the request needs, with the values the user gave, on the server meant for it."

    public static func json(_ sample: Sample) -> JSON {
        let trajectory = sample.trajectory
        let system = ([systemIntro] + BodyRenderer.header(trajectory: trajectory, policy: sample.policy)).joined(separator: "\n")
        var messages: [JSON] = [["role": "system", "content": .string(system)]]
        // Call ids are `call_<n>`, n being the JSON-RPC id of the `tools/call` request in the
        // sample's events (ids count up over `tools/list` and `tools/call` requests from 1).
        var nextID = 1
        for step in trajectory.steps {
            switch step {
            case .user(let text):
                messages.append(["role": "user", "content": .string(text)])
            case .answer(let text):
                messages.append(["role": "assistant", "content": .string(text)])
            case .listTools:
                nextID += 1
            case .call(let call):
                let id = JSON.string("call_\(nextID)")
                nextID += 1
                let function: JSON = [
                    "name": .string(functionName(server: call.server, tool: call.tool)),
                    "arguments": .string(JSON.object(call.arguments).canonical),
                ]
                messages.append(["role": "assistant", "tool_calls": [["id": id, "type": "function", "function": function]]])
                messages.append(["role": "tool", "tool_call_id": id, "content": .string(BodyRenderer.responseText(call.outcome))])
            }
        }
        let tools: [JSON] = trajectory.servers.flatMap { server in
            server.tools.map { tool -> JSON in
                [
                    "type": "function",
                    "function": [
                        "name": .string(functionName(server: server.name, tool: tool.name)), "description": .string(tool.description),
                        "parameters": tool.inputSchema,
                    ],
                ]
            }
        }
        return [
            "id": .string(sample.id), "messages": .array(messages), "tools": .array(tools), "category": .string(sample.category.id),
            "label": .string(sample.category.paperLabel), "safe": .bool(sample.category.isSafe),
        ]
    }

    public static func encode(_ sample: Sample) -> [UInt8] {
        var writer = JSONWriter(capacity: 8192)
        writer.write(json(sample))
        return writer.bytes
    }

    /// `<server>__<tool>`, fitted to what OpenAI accepts (`^[a-zA-Z0-9_-]{1,64}$`): any other
    /// character becomes `_`, and a longer name keeps its first 55 characters, `_` and 8 hex
    /// digits of the full name's SHA-256, so it stays unique.
    public static func functionName(server: String, tool: String) -> String {
        let full = "\(server)__\(tool)"
        let cleaned = String(
            full.unicodeScalars.map { s -> Character in
                s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-") ? Character(s) : "_"
            })
        guard cleaned.count > 64 else { return cleaned }
        return String(cleaned.prefix(55)) + "_" + String(SHA256.hex(full).prefix(8))
    }
}
