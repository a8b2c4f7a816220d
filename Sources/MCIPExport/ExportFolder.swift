import Foundation
import MCIPStore

#if canImport(Glibc)
    import Glibc
#endif

/// The target folder's life cycle: refuse to overwrite anything that is not an mcip export,
/// write into a staging folder beside it, then swap it in. On Linux the swap is one atomic
/// `renameat2(RENAME_EXCHANGE)`, so at every instant the target holds either the previous
/// export or the new one, whenever the process is killed.
enum ExportFolder {
    /// A target may be replaced when it is missing, empty, or a previous mcip export.
    static func checkReplaceable(_ target: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: target.path, isDirectory: &isDir) else { return }
        guard isDir.boolValue else { throw StoreError("\(target.path) exists and is not a folder; refusing to replace it") }
        let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
        if contents.isEmpty { return }
        let manifest = target.appendingPathComponent("manifest.json")
        if let data = fm.contents(atPath: manifest.path), let text = String(data: data, encoding: .utf8),
            text.contains("\"generator\":\"mcip ")
        {
            return
        }
        throw StoreError("\(target.path) exists and is not an mcip export (no mcip manifest.json); refusing to write into it")
    }

    static func makeStaging(for target: URL) throws -> URL {
        let parent = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        removeAbandoned(beside: target)
        let staging = parent.appendingPathComponent("\(prefix(target)).partial-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return staging
    }

    /// Moves the finished staging folder to `target`. The previous export ends up in the
    /// staging folder's place and is deleted once the new one is in place.
    static func swap(_ staging: URL, into target: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) {
            if exchange(staging.path, target.path) {
                try? fm.removeItem(at: staging)
                return
            }
            // No atomic exchange here: rename the old export aside first, then the new one in.
            let old = target.deletingLastPathComponent().appendingPathComponent("\(prefix(target)).old-\(getpid())")
            try fm.moveItem(at: target, to: old)
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: old)
        } else {
            try fm.moveItem(at: staging, to: target)
        }
    }

    /// Staging folders start with this; `ls` hides them.
    static func prefix(_ target: URL) -> String { ".\(target.lastPathComponent)" }

    /// Deletes staging and set-aside folders of this target left by exports that were killed
    /// (their process no longer runs).
    static func removeAbandoned(beside target: URL) {
        let parent = target.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names {
            for kind in [".partial-", ".old-"] where name.hasPrefix(prefix(target) + kind) {
                guard let pid = Int32(name.dropFirst(prefix(target).count + kind.count)) else { continue }
                if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                    try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
                }
            }
        }
    }

    /// Swaps two paths atomically; false where the system or file system cannot.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
            typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
            guard let symbol = dlsym(nil, "renameat2") else { return false }
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE in <linux/fs.h>
            return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #elseif canImport(Darwin)
            return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
        #else
            return false
        #endif
    }
}
