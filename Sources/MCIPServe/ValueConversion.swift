import MCIPModel
import MCP

/// Conversions between the project's `JSON` and the MCP SDK's `Value`.
extension Value {
    init(_ json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(Value.init))
        case .object(let o): self = .object(o.mapValues(Value.init))
        }
    }
}

extension JSON {
    init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        // The SDK decodes a string that looks like a data URL as `.data`; it was a string on the wire.
        case .data: self = .string(value.description)
        case .array(let a): self = .array(a.map { JSON($0) })
        case .object(let o): self = .object(o.mapValues { JSON($0) })
        }
    }
}

extension Tool {
    /// The MCP tool of a `tools/list` result; the description is always a string (never null).
    init(_ tool: ToolDefinition) {
        let a = tool.annotations
        self.init(
            name: tool.name, title: tool.title, description: tool.description, inputSchema: Value(tool.inputSchema),
            annotations: Tool.Annotations(
                readOnlyHint: a.readOnlyHint, destructiveHint: a.destructiveHint, idempotentHint: a.idempotentHint,
                openWorldHint: a.openWorldHint))
    }
}

extension MCPError {
    /// The JSON-RPC error with `code`, using the SDK's named case for the standard codes.
    init(code: Int, message: String) {
        switch code {
        case -32700: self = .parseError(message)
        case -32600: self = .invalidRequest(message)
        case -32601: self = .methodNotFound(message)
        case -32602: self = .invalidParams(message)
        case -32603: self = .internalError(message)
        default: self = .serverError(code: code, message: message)
        }
    }
}
