import Foundation
import MCIPStore

/// The target folder's life cycle: refuse to overwrite anything that is not an mcip export,
/// write into a staging folder beside it, then swap it in with renames.
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
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return staging
    }

    /// Moves the finished staging folder to `target`; the old export is renamed aside first
    /// and deleted only once the new one is in place.
    static func swap(_ staging: URL, into target: URL) throws {
        let fm = FileManager.default
        let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
        if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: old) }
        try fm.moveItem(at: staging, to: target)
        try? fm.removeItem(at: old)
    }
}
