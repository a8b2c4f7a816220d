import Foundation
import MCIPModel

/// Writes a file through a 1 MiB buffer, hashing (SHA-256) and counting what it writes.
final class HashingFileWriter {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private(set) var bytes = 0
    private(set) var records = 0
    private static let capacity = 1 << 20
    private static let syncEvery = 64 << 20
    private var synced = 0

    init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(Self.capacity + 65536)
    }

    /// Appends one JSONL record (the bytes of one JSON value) and its newline.
    func writeRecord(_ record: [UInt8]) throws {
        buffer.append(contentsOf: record)
        buffer.append(0x0A)
        records += 1
        if buffer.count >= Self.capacity { try flush() }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: Array(text.utf8))
        if buffer.count >= Self.capacity { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(buffer)
        try handle.write(contentsOf: buffer)
        bytes += buffer.count
        // Sync as the file grows, so the sync at the end finds little left: gigabytes left in
        // the page cache would otherwise all go to disk at the end, with nothing to overlap.
        if bytes - synced >= Self.syncEvery {
            try handle.synchronize()
            synced = bytes
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and closes; returns the file's SHA-256 (hex).
    func finish() throws -> String {
        try flush()
        try handle.synchronize()
        try handle.close()
        return Hex.encode(hasher.finalize())
    }
}
