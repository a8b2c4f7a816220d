/// A sample rendered in the `native` format: canonical JSON of the whole sample with its
/// split, MCP events, MCI flows and body.
public enum NativeRecord {
    public static func encode(_ sample: Sample, split: String, taxonomy: TaxonomyEntry, body: String) -> [UInt8] {
        let events = sample.events
        let members: [String: JSON] = [
            "id": .string(sample.id), "category": .string(sample.category.id), "letter": .string(sample.category.letter),
            "label": .string(sample.category.paperLabel), "safe": .bool(sample.category.isSafe), "group": .string(sample.group),
            "template": .string(sample.template), "split": .string(split), "title": .string(sample.title),
            "taxonomy": taxonomy.dimensions, "servers": .array(sample.trajectory.servers.map(\.json)),
            "events": .array(events.map(\.json)), "flows": .array(sample.flows(for: events).map(\.json)),
            "policy": sample.policy.json, "body": .string(body), "rationale": .string(sample.rationale),
            "provenance": sample.provenance.json,
        ]
        var writer = JSONWriter(capacity: 16384)
        writer.write(.object(members))
        return writer.bytes
    }
}
