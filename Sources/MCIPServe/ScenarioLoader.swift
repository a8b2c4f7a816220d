import Foundation
import MCIPModel
import MCIPStore

/// Reads one stored sample by id, for serving.
public enum ScenarioLoader {
    /// The sample `id` of the database at `path`. A missing database, a file that is not an mcip
    /// database, or an unknown id is a `StoreError` or `ServeError` naming the path.
    public static func load(database path: String, sampleID id: String) throws -> Sample {
        let store = try SampleStore(path: path, create: false)
        guard let record = try store.record(id: id) else {
            let count = store.sampleCount
            throw ServeError(
                "\(path): no sample with id \"\(id)\" (the database holds \(count) sample\(count == 1 ? "" : "s"); ids read "
                    + "<seed>-<category>-<index>, e.g. 42-function_injection-0, and are the \"id\" field of the exported native/*.jsonl)")
        }
        return try SampleReader(store: store, jobs: 1).decode(record)
    }
}
