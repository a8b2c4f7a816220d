/// The four kinds of JSON-RPC 2.0 message, told apart by their members. Read from the raw
/// object, so string ids and methods the typed `MCPMessage` does not model are seen as well.
public enum JSONRPCKind: Sendable, Hashable {
    case request(id: JSON, method: String)
    case notification(method: String)
    case result(id: JSON)
    /// An error response; `id` is missing or null when the request could not be read at all.
    case error(id: JSON?, code: Int)

    /// Why an object is not a JSON-RPC 2.0 message.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Reads the kind of a message, or says what keeps it from being one.
    public static func of(_ json: JSON) -> Result<JSONRPCKind, Invalid> {
        func invalid(_ reason: String) -> Result<JSONRPCKind, Invalid> { .failure(Invalid(reason: reason)) }
        guard json.objectValue != nil else { return invalid("a JSON-RPC message must be a JSON object") }
        guard json["jsonrpc"] == "2.0" else { return invalid("missing \"jsonrpc\": \"2.0\"") }
        let id = json["id"]
        if let id, id.stringValue == nil, id.intValue == nil, id != .null {
            return invalid("\"id\" must be a string or an integer")
        }
        if let method = json["method"] {
            guard let name = method.stringValue else { return invalid("\"method\" must be a string") }
            if let params = json["params"], params.objectValue == nil { return invalid("\"params\" must be an object") }
            guard let id else { return .success(.notification(method: name)) }
            guard id != .null else { return invalid("a request's \"id\" must not be null") }
            return .success(.request(id: id, method: name))
        }
        if json["result"] != nil {
            guard json["error"] == nil else { return invalid("a response has \"result\" or \"error\", not both") }
            guard let id, id != .null else { return invalid("a result response needs an \"id\"") }
            return .success(.result(id: id))
        }
        if let error = json["error"] {
            guard let code = error["code"]?.intValue, error["message"]?.stringValue != nil else {
                return invalid("\"error\" must be an object with an integer \"code\" and a string \"message\"")
            }
            return .success(.error(id: id == .null ? nil : id, code: code))
        }
        return invalid("neither a request, a notification nor a response (no \"method\", \"result\" or \"error\")")
    }
}

/// Requests still waiting for their response. JSON-RPC ids are only unique per sender on one
/// connection, so a request is keyed by who asked whom and its id; a response travels the other
/// way and finds its request by swapping the endpoints.
public struct OpenRequests: Sendable {
    /// What a response needs to know about the request it answers.
    public struct Request: Sendable, Hashable {
        public var method: String
        public var params: JSON?

        public init(method: String, params: JSON?) {
            self.method = method
            self.params = params
        }

        /// What the request is about in a word: the tool of a `tools/call`, else the method.
        public var name: String {
            method == "tools/call" ? params?["name"]?.stringValue ?? "?" : method
        }
    }

    private var open: [String: Request] = [:]

    public init() {}

    private static func key(_ requester: Endpoint, _ responder: Endpoint, _ id: JSON) -> String {
        "\(requester)>\(responder)#\(id.canonical)"
    }

    public mutating func insert(from requester: Endpoint, to responder: Endpoint, id: JSON, _ request: Request) {
        open[Self.key(requester, responder, id)] = request
    }

    /// The request a response from `responder` to `requester` answers, which is then closed.
    public mutating func answer(from responder: Endpoint, to requester: Endpoint, id: JSON) -> Request? {
        open.removeValue(forKey: Self.key(requester, responder, id))
    }

    /// The open request `requester` sent to `responder` with this id, left open.
    public func find(from requester: Endpoint, to responder: Endpoint, id: JSON) -> Request? {
        open[Self.key(requester, responder, id)]
    }
}
