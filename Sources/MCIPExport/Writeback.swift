import Foundation

/// Moves a growing file's pages to disk while it is being written, without stopping the
/// writer: each finished window is handed to the kernel to write (`sync_file_range` on Linux)
/// and the window before it, long done by then, is waited for, so dirty pages stay bounded and
/// the `fsync` at the end finds little left. Elsewhere it falls back to `fsync` per window.
struct Writeback {
    private let fd: Int32
    private let window: Int
    /// Bytes handed to the kernel so far, and bytes known to be on disk.
    private var started = 0
    private var settled = 0

    init(fd: Int32, window: Int = 32 << 20) {
        self.fd = fd
        self.window = window
    }

    /// Called after the file has grown to `size` bytes.
    mutating func grew(to size: Int, handle: FileHandle) throws {
        guard size - started >= window else { return }
        guard let syncRange = Self.syncFileRange else {
            try handle.synchronize()
            (started, settled) = (size, size)
            return
        }
        let write: UInt32 = 2, waitBefore: UInt32 = 1, waitAfter: UInt32 = 4  // SYNC_FILE_RANGE_* in <fcntl.h>
        if started > settled { _ = syncRange(fd, Int64(settled), Int64(started - settled), waitBefore | write | waitAfter) }
        settled = started
        _ = syncRange(fd, Int64(started), Int64(size - started), write)
        started = size
    }

    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

    private static let syncFileRange: SyncFileRange? = {
        #if os(Linux)
            guard let symbol = dlsym(nil, "sync_file_range") else { return nil }
            return unsafeBitCast(symbol, to: SyncFileRange.self)
        #else
            return nil
        #endif
    }()
}
