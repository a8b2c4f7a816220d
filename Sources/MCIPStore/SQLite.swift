import CSQLite

/// An SQLite failure: the result code, SQLite's message and the statement that failed.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var sql: String?

    public var description: String {
        var s = "SQLite error \(code): \(message)"
        if let sql { s += " (in: \(sql.prefix(120)))" }
        return s
    }

    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
}

/// `SQLITE_TRANSIENT` is a C macro Swift cannot import: it tells SQLite to copy bound values.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// SQLite's SQLITE_STATIC: the bytes stay valid while the statement uses them.
let sqliteStatic: sqlite3_destructor_type? = nil

/// One connection to an SQLite database. Not thread-safe: use it from one task at a time
/// (generation hands batches to a single writer).
public final class Database {
    let handle: OpaquePointer
    public let path: String

    public enum Mode { case readWrite, readOnly }

    public init(path: String, mode: Mode = .readWrite) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = mode == .readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ code: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw SQLiteError(code: rc, message: text, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql) }
        return Statement(stmt, database: self, sql: sql)
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE`, so a second writer waits or fails up
    /// front); commits on success, rolls back on any error.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The first column of the first row of a query, as an integer.
    public func scalarInt(_ sql: String, _ arguments: [SQLiteValue] = []) throws(SQLiteError) -> Int? {
        let s = try prepare(sql)
        try s.bind(arguments)
        guard try s.step() else { return nil }
        return s.isNull(0) ? nil : s.int(0)
    }

    public func scalarText(_ sql: String, _ arguments: [SQLiteValue] = []) throws(SQLiteError) -> String? {
        let s = try prepare(sql)
        try s.bind(arguments)
        guard try s.step() else { return nil }
        return s.isNull(0) ? nil : s.text(0)
    }
}

/// A value to bind to a statement parameter.
public enum SQLiteValue: Sendable {
    case null
    case int(Int)
    case double(Double)
    case text(String)
    /// Text given as its UTF-8 bytes (stored as TEXT, like `text`).
    case utf8([UInt8])
    case blob([UInt8])
}

/// A prepared statement: bind, step, read columns, reset.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    let sql: String

    /// Where `run` copies a row's text values, so SQLite reads them in place instead of
    /// allocating a copy of each (a stored sample binds a dozen short texts).
    private var textScratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    init(_ handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
        textScratch.deallocate()
    }

    /// Binds `values`, copied by SQLite, so they need not outlive the call.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1), bytes: sqliteTransient) }
    }

    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        try bind(value, at: index, bytes: sqliteTransient)
    }

    private func bind(_ value: SQLiteValue, at index: Int32, bytes destructor: sqlite3_destructor_type?) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .int(let i): rc = sqlite3_bind_int64(handle, index, Int64(i))
        case .double(let d): rc = sqlite3_bind_double(handle, index, d)
        case .text(let s):
            // An explicit byte count keeps text holding NUL characters whole.
            var s = s
            rc = s.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    guard let base = chars.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, sqliteTransient) }
                    return sqlite3_bind_text(handle, index, base, Int32(chars.count), sqliteTransient)
                }
            }
        case .utf8(let b):
            rc = b.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, sqliteTransient) }
                return sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), destructor)
            }
        case .blob(let b):
            rc = b.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), destructor) }
        }
        if rc != SQLITE_OK { throw database.error(rc, sql) }
    }

    /// Advances to the next row; false when done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, sql)
        }
    }

    /// Makes the statement ready to bind and run again.
    public func reset() { sqlite3_reset(handle) }

    /// Binds `values`, runs to completion and resets. Nothing is copied by SQLite: byte arrays
    /// live until the statement is done with them, texts are read from `textScratch`, and the
    /// bindings are cleared before returning.
    public func run(_ values: [SQLiteValue]) throws(SQLiteError) {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        var textBytes = 0
        for case .text(let s) in values { textBytes += s.utf8.count }
        if textScratch.count < textBytes {
            textScratch.deallocate()
            textScratch = .allocate(byteCount: max(textBytes, 2 * textScratch.count), alignment: 1)
        }
        try withExtendedLifetime(values) { () throws(SQLiteError) in
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            var offset = 0
            for (i, value) in values.enumerated() {
                guard case .text(var s) = value, let scratch = textScratch.baseAddress else {
                    try bind(value, at: Int32(i + 1), bytes: sqliteStatic)
                    continue
                }
                let start = scratch + offset
                let count = s.withUTF8 { utf8 in
                    if let source = utf8.baseAddress { start.copyMemory(from: source, byteCount: utf8.count) }
                    return utf8.count
                }
                offset += count
                let rc = sqlite3_bind_text(handle, Int32(i + 1), start.assumingMemoryBound(to: CChar.self), Int32(count), sqliteStatic)
                if rc != SQLITE_OK { throw database.error(rc, sql) }
            }
            while try step() {}
        }
    }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    public func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }

    /// The column's bytes, copied.
    public func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let p = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }

    /// Calls `body` with the column's bytes without copying them (valid only inside `body`).
    public func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let p = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: p, count: p == nil ? 0 : count))
    }
}
