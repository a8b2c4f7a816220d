import ArgumentParser
import CSQLite
import Foundation
import MCIPModel

/// The storage floor: a bare program inserting rows of a given size into SQLite with the
/// settings `mcip generate` uses (64 KiB pages, WAL, synchronous=NORMAL, a prepared statement,
/// batched transactions), timed through closing the database as a run is. Nothing is
/// generated, checked, fingerprinted or indexed.
struct SQLiteFloor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlite-floor",
        abstract: "Insert rows of a given size into SQLite as fast as a bare program can.",
        discussion: "Example: mcip-bench sqlite-floor --rows 100000 --bytes 2300 --db /tmp/floor.sqlite")

    @Option(help: "Rows to insert.") var rows = 100_000
    @Option(help: "Bytes of the record column per row.") var bytes = 2300
    @Option(help: "Rows per transaction.") var batch = 2048
    @Option(help: "Database file (replaced).") var db = "floor.sqlite"
    @Option(help: "SQLite page size in bytes.") var pageSize = 65536
    @Option(help: "An mcip database whose bytes stored per sample set --bytes.") var like: String?

    func run() throws {
        let bytes = try like.map(Self.bytesPerSample) ?? self.bytes
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        var handle: OpaquePointer?
        // Opened as `Database` opens: one thread at a time, so without SQLite's mutexes.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(db, &handle, flags, nil) == SQLITE_OK, let handle else { throw ValidationError("cannot open \(db)") }
        var closed = false
        defer { if !closed { sqlite3_close_v2(handle) } }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
                throw ValidationError("\(sql): \(String(cString: sqlite3_errmsg(handle)))")
            }
        }
        try exec("PRAGMA page_size=\(pageSize); PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
        try exec("CREATE TABLE rows(id INTEGER PRIMARY KEY, record BLOB NOT NULL)")
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "INSERT INTO rows(record) VALUES(?)", -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw ValidationError("prepare failed")
        }
        var finalized = false
        defer { if !finalized { sqlite3_finalize(stmt) } }
        var record = [UInt8](repeating: 0x61, count: bytes)
        var rng = RNG(seed: 7)
        let start = DispatchTime.now().uptimeNanoseconds
        var i = 0
        while i < rows {
            try exec("BEGIN IMMEDIATE")
            for _ in 0..<min(batch, rows - i) {
                let mark = rng.next()
                for k in 0..<min(8, bytes) { record[k] = UInt8(truncatingIfNeeded: mark >> (8 * UInt64(k))) }
                record.withUnsafeBytes { _ = sqlite3_bind_blob(stmt, 1, $0.baseAddress, Int32(bytes), nil) }
                guard sqlite3_step(stmt) == SQLITE_DONE else { throw ValidationError(String(cString: sqlite3_errmsg(handle))) }
                sqlite3_reset(stmt)
                i += 1
            }
            try exec("COMMIT")
        }
        let committed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The connection is still open, so most rows are in the write-ahead log.
        let size = [db, db + "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        // Through closing, like a run of `mcip generate`: the last checkpoint moves the log's
        // pages into the database file and waits for the disk.
        sqlite3_finalize(stmt)
        finalized = true
        guard sqlite3_close(handle) == SQLITE_OK else { throw ValidationError("cannot close \(db)") }
        closed = true
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "sqlite floor: %d rows of %d bytes in %.2f s through closing (%.2f s to the last commit): %.0f rows/s, %.1f MB/s, database %.1f MB",
            rows, bytes, seconds, committed, Double(rows) / seconds, Double(rows * bytes) / seconds / 1e6, Double(size) / 1e6))
    }

    /// The bytes an mcip database stores per sample: every column of its sample row and of its
    /// fingerprint row, and its share of the server definitions (attacked samples bring their own).
    static func bytesPerSample(_ path: String) throws -> Int {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let handle else {
            throw ValidationError("cannot open \(path)")
        }
        defer { sqlite3_close(handle) }
        let sql = """
            SELECT (SELECT avg(length(id) + 8 * 5 + length(category) + length(group_id) + length(template) + length(task)
                    + coalesce(length(hard_negative), 0) + length(cause) + length(content_hash) + length(verdict)
                    + length(record) + length(server_names)) FROM samples)
                 + (SELECT avg(8 + length(category) + length(content_hash) + length(bands) + length(shingles)) FROM fingerprints)
                 + (SELECT coalesce(sum(length(hash) + length(json)), 0) FROM server_defs) * 1.0 / (SELECT max(1, count(*)) FROM samples)
            """
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK, let stmt, sqlite3_step(stmt) == SQLITE_ROW else {
            throw ValidationError("\(path): not an mcip database")
        }
        defer { sqlite3_finalize(stmt) }
        return Int(sqlite3_column_double(stmt, 0).rounded())
    }
}
