import Foundation

/// The record formats an export can write, one folder of `{train,validation,test}.jsonl` each.
public enum ExportFormat: String, CaseIterable, Sendable, Comparable {
    /// The whole sample: servers, MCP events, MCI flows, policy, body, provenance.
    case native
    /// `{"id", "body", "label"}` with the paper's label string: what its evaluation code reads.
    case bench
    /// `{"id", "messages"}`: the guard prompt and the answer `Rationale: …` / `Choice: …`.
    case chat
    /// The trajectory as an OpenAI / TRL tool-calling chat with `tools`, plus the label.
    case openai
    /// `{"id", "body", "label"}` with `safe` or `unsafe`.
    case binary

    /// What `mcip export` writes unless told otherwise: the guard formats and the whole sample.
    /// `openai` (close to half the size of `native` again) and `binary` (`bench` with a
    /// coarser label) are asked for by name.
    public static let defaults: [ExportFormat] = [.native, .bench, .chat]

    public static func < (a: ExportFormat, b: ExportFormat) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses a comma-separated list such as `native,bench,openai`; the result is in the
    /// canonical order and without repeats.
    public static func parseList(_ text: String) throws(FormatListError) -> [ExportFormat] {
        var formats: Set<ExportFormat> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let format = ExportFormat(rawValue: name) else { throw FormatListError(name: name) }
            formats.insert(format)
        }
        return formats.sorted()
    }
}

/// An unknown name in a `--format` list.
public struct FormatListError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var description: String {
        "unknown format '\(name)'; choose from \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))"
    }
}
