import MCIPModel
import MCIPStore

/// `manifest.json`: what the export holds (counts per split and category, every file's
/// SHA-256, record count and size; the formats written) and how it was made (generator,
/// taxonomy, seeds, inputs, split options, dedup and oracle figures). No timestamps, so it is reproducible.
enum Manifest {
    static func build(store: SampleStore, report: ExportReport, files: [String: JSON], taxonomy: JSON, options: ExportOptions) throws -> JSON {
        var counts: [String: JSON] = [:]
        var totals: [String: Int] = [:]
        for split in Split.allCases {
            var perCategory: [String: JSON] = [:]
            var total = 0
            for c in MCIPClass.allCases {
                let n = report.counts[split]?[c.id] ?? 0
                perCategory[c.id] = .int(n)
                totals[c.id, default: 0] += n
                total += n
            }
            perCategory["total"] = .int(total)
            counts[split.rawValue] = .object(perCategory)
        }
        var all = totals.mapValues { JSON.int($0) }
        all["total"] = .int(report.samples)
        counts["all"] = .object(all)

        let runs = try store.runSummaries()
        let duplicates = try store.duplicateCounts()
        let nearDuplicates = try store.duplicateCounts(near: true)
        let (checked, agreed) = try store.oracleAgreement()
        var ratios: [String: JSON] = [:]
        for (split, ratio) in options.assigner.ratios { ratios[split.rawValue] = .double(ratio) }
        return [
            "generator": .string("mcip \(generatorVersion)"),
            // Who made the samples: more than one version when a database was continued by another.
            "sample_generators": .array(Set(runs.filter { $0.stored > 0 }.map(\.generator)).sorted().map { .string("mcip \($0)") }),
            "format_version": 1,
            "taxonomy_version": taxonomy["version"] ?? .null,
            "seeds": .array(Array(Set(runs.map(\.seed))).sorted().map { .int($0) }),
            "inputs_hashes": .array(Array(Set(runs.map(\.inputsHash))).sorted().map { .string($0) }),
            "samples": .int(report.samples),
            "formats": .array(options.formats.map { .string($0.rawValue) }),
            "splits": [
                "ratios": .object(ratios), "grouped_by": "group", "stratified_by": "category",
                "holdout": options.holdout.map { kind in
                    [
                        "kind": .string(kind.rawValue), "held_out": .array(report.heldOut.map { .string($0) }),
                        "excluded_samples": .int(report.excluded), "groups_across_splits": .int(report.sharedGroups),
                    ]
                } ?? .null,
            ],
            "counts": .object(counts),
            "files": .object(files),
            "dedup": [
                "exact_duplicates": .object(duplicates.mapValues { .int($0) }),
                "exact_duplicates_total": .int(duplicates.values.reduce(0, +)),
                "near_duplicates": .object(nearDuplicates.mapValues { .int($0) }),
                "near_duplicates_total": .int(nearDuplicates.values.reduce(0, +)),
                "near_thresholds": .array(try store.nearDuplicateThresholds().map { .double($0) }),
            ],
            "oracle": ["checked": .int(checked), "agreed": .int(agreed)],
        ]
    }
}
