/// The MCP protocol version every message is written for.
public let mcpProtocolVersion = "2025-11-25"

/// A JSON-RPC 2.0 message of MCP, typed for the methods a tool session uses and kept whole for
/// everything else, so logs with other traffic can still be read.
public enum MCPMessage: Sendable, Hashable {
    case listToolsRequest(id: Int)
    case listToolsResult(id: Int, tools: [ToolDefinition])
    case callToolRequest(id: Int, name: String, arguments: [String: JSON])
    case callToolResult(id: Int, text: String, structured: JSON?, isError: Bool)
    case errorResponse(id: Int, code: Int, message: String)
    /// Any other request, notification or response, as it was.
    case other(JSON)

    public var id: Int? {
        switch self {
        case .listToolsRequest(let id), .listToolsResult(let id, _), .callToolRequest(let id, _, _),
            .callToolResult(let id, _, _, _), .errorResponse(let id, _, _):
            id
        case .other(let json): json["id"]?.intValue
        }
    }

    public var isRequest: Bool {
        switch self {
        case .listToolsRequest, .callToolRequest: true
        case .other(let json): json["method"] != nil && json["id"] != nil
        default: false
        }
    }

    /// The JSON-RPC object as it goes on the wire.
    public var json: JSON {
        switch self {
        case .listToolsRequest(let id):
            return ["jsonrpc": "2.0", "id": .int(id), "method": "tools/list"]
        case .listToolsResult(let id, let tools):
            return ["jsonrpc": "2.0", "id": .int(id), "result": ["tools": .array(tools.map(\.mcpJSON))]]
        case .callToolRequest(let id, let name, let arguments):
            return [
                "jsonrpc": "2.0", "id": .int(id), "method": "tools/call",
                "params": ["name": .string(name), "arguments": .object(arguments)],
            ]
        case .callToolResult(let id, let text, let structured, let isError):
            var result: [String: JSON] = [
                "content": [["type": "text", "text": .string(text)]], "isError": .bool(isError),
            ]
            if let structured { result["structuredContent"] = structured }
            return ["jsonrpc": "2.0", "id": .int(id), "result": .object(result)]
        case .errorResponse(let id, let code, let message):
            return ["jsonrpc": "2.0", "id": .int(id), "error": ["code": .int(code), "message": .string(message)]]
        case .other(let json):
            return json
        }
    }

    /// Reads a JSON-RPC object. `method` of a response is unknown from the message alone, so the
    /// caller passes the method of the request it answers, when known.
    public init(json: JSON, answering method: String? = nil) {
        let id = json["id"]?.intValue
        if let m = json["method"]?.stringValue, let id {
            if m == "tools/list" {
                self = .listToolsRequest(id: id)
                return
            }
            if m == "tools/call", let name = json["params"]?["name"]?.stringValue {
                self = .callToolRequest(id: id, name: name, arguments: json["params"]?["arguments"]?.objectValue ?? [:])
                return
            }
        }
        if let id, let error = json["error"], let code = error["code"]?.intValue {
            self = .errorResponse(id: id, code: code, message: error["message"]?.stringValue ?? "")
            return
        }
        if let id, let result = json["result"] {
            if method == "tools/list" || (method == nil && result["tools"] != nil), let tools = result["tools"]?.arrayValue {
                self = .listToolsResult(id: id, tools: tools.compactMap(ToolDefinition.init(json:)))
                return
            }
            if method == "tools/call" || (method == nil && result["content"] != nil), let content = result["content"]?.arrayValue {
                let text = content.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
                self = .callToolResult(
                    id: id, text: text, structured: result["structuredContent"], isError: result["isError"]?.boolValue ?? false)
                return
            }
        }
        self = .other(json)
    }
}
