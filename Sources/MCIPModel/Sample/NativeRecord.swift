/// A sample in the `native` format, written once at generation time: canonical JSON without
/// the `split` field, the byte offset where `"split"` belongs (keys are sorted, so it goes
/// right before `"taxonomy"`), and the content hash used for exact dedup.
public struct NativeRecord: Sendable {
    public var json: [UInt8]
    public var splitOffset: Int
    public var contentHash: String
    public var body: String

    /// Encodes `sample`. The content hash covers what a sample *is* — category, title,
    /// servers, events and policy — and not its id, group, template, rationale or provenance.
    public init(_ sample: Sample, taxonomy: TaxonomyEntry) {
        let events = sample.events
        let eventsJSON = JSON.array(events.map(\.json))
        let serversJSON = JSON.array(sample.trajectory.servers.map(\.json))
        let policyJSON = sample.policy.json
        let body = sample.body

        var hashed = JSONWriter(capacity: 4096)
        hashed.write([
            "category": .string(sample.category.id), "title": .string(sample.title), "servers": serversJSON,
            "events": eventsJSON, "policy": policyJSON,
        ])
        contentHash = Hex.encode(SHA256.hash(hashed.bytes))

        let members: [String: JSON] = [
            "id": .string(sample.id), "category": .string(sample.category.id), "letter": .string(sample.category.letter),
            "label": .string(sample.category.paperLabel), "safe": .bool(sample.category.isSafe), "group": .string(sample.group),
            "template": .string(sample.template), "title": .string(sample.title), "taxonomy": taxonomy.dimensions,
            "servers": serversJSON, "events": eventsJSON, "flows": .array(sample.flows(for: events).map(\.json)),
            "policy": policyJSON, "body": .string(body), "rationale": .string(sample.rationale),
            "provenance": sample.provenance.json,
        ]
        var writer = JSONWriter(capacity: hashed.bytes.count * 3)
        var offset = -1
        writer.bytes.append(UInt8(ascii: "{"))
        for (i, key) in JSONWriter.sortedKeys(members).enumerated() {
            if i > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            if offset < 0 && !key.utf8.lexicographicallyPrecedes("split".utf8) { offset = writer.bytes.count }
            writer.writeString(key)
            writer.bytes.append(UInt8(ascii: ":"))
            writer.write(members[key]!)
        }
        writer.bytes.append(UInt8(ascii: "}"))
        json = writer.bytes
        // `"split":"x",` goes in front of the first key after it (always `taxonomy`).
        precondition(offset > 0, "a native record always has keys after \"split\"")
        splitOffset = offset
        self.body = body
    }

    /// The record with its split: `"split":"<split>",` spliced in before `"taxonomy"`.
    public static func withSplit(_ json: [UInt8], splitOffset: Int, split: String, into out: inout [UInt8]) {
        out.append(contentsOf: json[..<splitOffset])
        out.append(contentsOf: Array("\"split\":\"\(split)\",".utf8))
        out.append(contentsOf: json[splitOffset...])
    }
}
