/// A problem in an input file, located as `file:line:column`.
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int = 1, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Every problem found in a set of input files, in file order. Loading collects them all so
/// `mcip lint` can report everything at once; generation refuses to start if there are any.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) {
        self.errors = errors.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects problems while loading, so one bad entry does not hide the next.
final class Diagnostics {
    var errors: [InputError] = []

    init() {}

    func record(_ error: InputError) { errors.append(error) }

    /// Runs `body`, recording its error instead of propagating it; returns nil on failure.
    @discardableResult
    func attempt<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let e as InputError {
            errors.append(e)
        } catch let e as InputErrors {
            errors.append(contentsOf: e.errors)
        } catch {
            errors.append(InputError(file: "?", line: 0, "\(error)"))
        }
        return nil
    }

    func throwIfAny() throws(InputErrors) {
        if !errors.isEmpty { throw InputErrors(errors) }
    }
}
