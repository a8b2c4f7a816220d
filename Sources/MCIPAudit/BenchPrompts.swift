import MCIPModel

/// The guard prompt for every bench record, so any model runner can answer the benchmark
/// without knowing our prompt format; its answers go to `Evaluation`.
public enum BenchPrompts {
    /// One canonical `{"id", "prompt"}` line per bench record (`{"id", "body", "label"}`).
    public static func render(_ bench: RecordFile, prompt: GuardPrompt) throws(BadRecord) -> [String] {
        var lines: [String] = []
        for record in try bench.records() {
            let json: JSON = ["id": .string(try record.string("id")), "prompt": .string(prompt.render(body: try record.string("body")))]
            lines.append(json.canonical)
        }
        return lines
    }
}
