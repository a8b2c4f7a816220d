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
    private var writeback: Writeback

    /// `writebackWindow`: how much is written between hand-overs of pages to the disk.
    init(path: String, writebackWindow: Int = 32 << 20) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        writeback = Writeback(fd: handle.fileDescriptor, window: writebackWindow)
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
        // Gigabytes left in the page cache would otherwise all go to disk at the end.
        try writeback.grew(to: bytes, handle: handle)
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
