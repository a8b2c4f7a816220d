import ArgumentParser
import Foundation
import MCIPAudit
import MCIPModel

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn an MCP session log into its MCI trajectory: one information flow per message.",
        discussion: """
            FILE holds one JSON object a line: {"from": "client", "to": "server:github", "message": {...}} \
            (or "text" for a user or assistant turn), {"direction": "outgoing"|"incoming", "server": NAME, \
            "message": {...}}, or a bare JSON-RPC message of one server. See docs/TRACE.md.

            Examples:
              mcip trace session.jsonl
              mcip trace --format text --subject "Ana Lima" session.jsonl
              cat filesystem.jsonl | mcip trace --server filesystem -
            """)

    enum Format: String, ExpressibleByArgument { case json, text }

    @Argument(help: "The log to read, or - for standard input.") var file: String
    @Option(help: "json (one canonical JSON object) or text (the paper's numbered form).") var format = Format.json
    @Option(help: "Whose information the session carries (the data subject).") var subject = "user"
    @Option(help: "The server's name for bare JSON-RPC lines (default: its initialize result's serverInfo.name).")
    var server: String?

    func validate() throws {
        guard !subject.isEmpty else { throw ValidationError("--subject must not be empty") }
        guard server != "" else { throw ValidationError("--server must not be empty") }
    }

    func run() throws {
        try reporting {
            let data = file == "-" ? try FileHandle.standardInput.readToEnd() ?? Data() : FileManager.default.contents(atPath: file)
            guard let bytes = data else { throw ValidationError("cannot read \(file)") }
            let entries = try TraceReader.read([UInt8](bytes), file: file == "-" ? "<stdin>" : file, server: server)
            let trace = SessionTrace(entries: entries, subject: subject)
            print(format == .json ? trace.json.canonical : trace.text)
        }
    }
}
