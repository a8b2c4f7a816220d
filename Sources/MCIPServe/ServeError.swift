/// Why a scenario cannot be served, in words for the user.
public struct ServeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
