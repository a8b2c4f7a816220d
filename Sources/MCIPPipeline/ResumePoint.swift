import Foundation
import MCIPModel
import MCIPStore

/// Where a generation run will start: the samples of its seed already stored (up to the
/// per-class target), so progress counts them as done when a run is resumed.
public enum ResumePoint {
    /// Samples of `seed` already in `database` towards `perClass` per class; 0 when the
    /// database does not exist or cannot be read (the run itself reports why).
    public static func storedSamples(database: String, seed: Int, perClass: Int) -> Int {
        guard FileManager.default.fileExists(atPath: database), let store = try? SampleStore(path: database, create: false) else { return 0 }
        return MCIPClass.allCases.reduce(0) { sum, category in
            sum + min(perClass, (try? store.progress(seed: seed, category: category.id).stored) ?? 0)
        }
    }
}
