import Foundation
import MCIPModel

/// A fingerprint of the input folders (every file's relative path and bytes), recorded with
/// each run and in the export manifest so a dataset can be traced to its inputs.
enum InputsHash {
    static func of(_ folders: [URL]) -> String {
        var hasher = SHA256()
        for folder in folders {
            let base = folder.standardizedFileURL
            let files = (FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])?.allObjects as? [URL] ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
                .map { $0.standardizedFileURL.path.replacingOccurrences(of: base.path + "/", with: "") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for path in files {
                hasher.update(base.lastPathComponent + "/" + path + "\n")
                if let data = try? Data(contentsOf: base.appendingPathComponent(path)) { hasher.update([UInt8](data)) }
            }
        }
        return Hex.encode(hasher.finalize())
    }
}
