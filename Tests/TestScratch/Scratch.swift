import Foundation

/// Temporary folders for tests, all inside one folder per test process that is removed when
/// the process exits. The databases and datasets the tests make come to gigabytes a run; left
/// in the system's temporary folder, repeated runs fill the disk.
public enum Scratch {
    private static let path = FileManager.default.temporaryDirectory.appendingPathComponent("mcip-tests-\(getpid())").path

    /// This process's folder, made on first use.
    public static let root: URL = {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { _ = try? FileManager.default.removeItem(atPath: Scratch.path) }
        return URL(fileURLWithPath: path, isDirectory: true)
    }()

    /// A new, empty folder whose name starts with `label`.
    public static func folder(_ label: String) -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
