import MCIPModel

/// The dataset card's YAML front matter, as the Hugging Face Hub and `datasets.load_dataset`
/// read it: licence, language, task categories, tags, size category, the declared features of
/// the formats whose records vary in shape, and one config per exported format with its three
/// split files (`bench` the default).
///
/// `native` and `openai` records hold values whose shape differs from record to record (MCP
/// messages, tool arguments, JSON Schemas). Arrow cannot infer one type for them across a
/// large file, so those configs declare their features, with the varying parts typed `json`
/// (the `Json` feature of datasets 5 and later).
enum CardMetadata {
    static func render(formats: [ExportFormat], samples: Int) -> [String] {
        var lines = ["---", "license: apache-2.0", "language:", "- en", "pretty_name: MCIP safety dataset (synthetic MCP trajectories)"]
        lines += ["task_categories:", "- text-classification"]
        if formats.contains(.chat) || formats.contains(.openai) { lines.append("- text-generation") }
        lines += ["tags:", "- mcp", "- safety", "- tool-use", "- function-calling", "- guardrails", "- synthetic"]
        lines += ["size_categories:", "- \(sizeCategory(samples))"]
        let declared = formats.filter { features($0) != nil }
        if !declared.isEmpty {
            lines.append("dataset_info:")
            for format in declared {
                lines.append("- config_name: \(format.rawValue)")
                lines.append("  features:")
                lines += yaml(features(format)!, indent: "  ")
            }
        }
        lines.append("configs:")
        for format in formats {
            lines.append("- config_name: \(format.rawValue)")
            if format == .bench { lines.append("  default: true") }
            lines.append("  data_files:")
            for split in Split.allCases {
                lines.append("  - split: \(split.rawValue)")
                lines.append("    path: \(format.rawValue)/\(split.rawValue).jsonl")
            }
        }
        lines.append("---")
        return lines
    }

    static func sizeCategory(_ n: Int) -> String {
        switch n {
        case ..<1000: "n<1K"
        case ..<10_000: "1K<n<10K"
        case ..<100_000: "10K<n<100K"
        case ..<1_000_000: "100K<n<1M"
        default: "1M<n<10M"
        }
    }

    /// A feature in the Hub's YAML vocabulary.
    indirect enum Feature {
        case string, int64, bool, json
        case list(Feature)
        case structure([(String, Feature)])

        var dtype: String? {
            switch self {
            case .string: "string"
            case .int64: "int64"
            case .bool: "bool"
            case .json: "json"
            case .list, .structure: nil
            }
        }
    }

    /// The declared features of a format's records, or nil when Arrow's inference suffices.
    static func features(_ format: ExportFormat) -> [(String, Feature)]? {
        switch format {
        case .native:
            return [
                ("body", .string), ("category", .string), ("events", .list(.json)),
                ("flows", .list(.structure([
                    ("info_type", .string), ("principle", .string), ("recipient", .string), ("sender", .string), ("step", .int64),
                    ("subject", .string),
                ]))),
                ("group", .string), ("id", .string), ("label", .string), ("letter", .string), ("policy", .json),
                ("provenance", .structure([
                    ("cause", .string), ("generator", .string), ("hard_negative", .string), ("index", .int64), ("seed", .int64),
                    ("task", .string), ("taxonomy_version", .string), ("template", .string),
                ])),
                ("rationale", .string), ("safe", .bool), ("servers", .list(.json)), ("split", .string),
                ("taxonomy", .structure([("maestro", .list(.string)), ("phase", .string), ("scope", .string), ("source", .string), ("type", .string)])),
                ("template", .string), ("title", .string),
            ]
        case .openai:
            let function: Feature = .structure([("arguments", .string), ("name", .string)])
            return [
                ("category", .string), ("id", .string), ("label", .string),
                ("messages", .list(.structure([
                    ("content", .string), ("role", .string), ("tool_call_id", .string),
                    ("tool_calls", .list(.structure([("function", function), ("id", .string), ("type", .string)]))),
                ]))),
                ("safe", .bool),
                ("tools", .list(.structure([
                    ("function", .structure([("description", .string), ("name", .string), ("parameters", .json)])), ("type", .string),
                ]))),
            ]
        case .bench, .chat, .binary:
            return nil
        }
    }

    /// `- name: x` entries with `dtype`, `list` or `struct`, as `datasets` writes them.
    static func yaml(_ fields: [(String, Feature)], indent: String) -> [String] {
        var lines: [String] = []
        for (name, feature) in fields {
            lines.append("\(indent)- name: \(name)")
            lines += body(feature, indent: indent + "  ")
        }
        return lines
    }

    static func body(_ feature: Feature, indent: String) -> [String] {
        switch feature {
        case .list(let element):
            if let dtype = element.dtype { return ["\(indent)list: \(dtype)"] }
            if case .structure(let fields) = element { return ["\(indent)list:"] + yaml(fields, indent: indent) }
            return ["\(indent)list:"] + body(element, indent: indent + "  ")
        case .structure(let fields):
            return ["\(indent)struct:"] + yaml(fields, indent: indent)
        default:
            return ["\(indent)dtype: \(feature.dtype!)"]
        }
    }
}
