import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on a database for one generating process: `flock` on `<db>.lock`. The
/// kernel releases it when the process ends, however it ends, so a killed run never leaves a
/// stale lock behind. A second writer is refused with a clear message instead of interleaving.
public final class RunLock {
    private let fd: Int32
    public let path: String

    public init(database: String) throws(StoreError) {
        // Another spelling of the same file (a symlink, `./`, `..`) must find the same lock.
        path = RunLock.canonical(database) + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError("\(path): cannot open the lock file (\(String(cString: strerror(errno))))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var holder = ""
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty { holder = " (pid \(text.trimmingCharacters(in: .whitespacesAndNewlines)))" }
            close(fd)
            throw StoreError("\(database) is being written by another mcip generate\(holder); wait for it to finish, or stop it")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        self.fd = fd
    }

    /// The real path of `path`, or of its folder when the file does not exist yet.
    static func canonical(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: path)
        if let real = realpath(url.deletingLastPathComponent().path, nil) {
            defer { free(real) }
            return String(cString: real) + "/" + url.lastPathComponent
        }
        return url.standardizedFileURL.path
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
