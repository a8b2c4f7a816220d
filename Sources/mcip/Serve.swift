import ArgumentParser
import Foundation
import MCIPModel
import MCIPServe
import MCP

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a stored scenario's MCP server over stdio, answering calls with its recorded results.",
        discussion: """
            Runs one server of the sample as a real MCP server (initialize, tools/list, tools/call) on \
            standard input and output, so an agent or host can be tested against the scenario: tools/list \
            offers the tools exactly as the sample did (poisoned descriptions and lookalike tools included), \
            and a call with a recorded tool and arguments gets the recorded result, in trajectory order when \
            a call repeats. Anything else gets a tool error saying no recorded result exists; nothing is \
            invented. A sample with several servers needs one process per server (--server); \
            --host-config prints a host configuration with all of them. See docs/SERVE.md.

            Example: mcip serve --db Output/mcip.sqlite --sample 42-function_injection-0
            """)

    @Option(help: "The database to read.") var db = "Output/mcip.sqlite"
    @Option(help: "The id of the sample to serve, e.g. 42-function_injection-0.") var sample: String
    @Option(help: "Which of the sample's servers to serve (default: the one its first call goes to).") var server: String?
    @Flag(help: "Print an mcpServers host configuration for every server of the sample, then exit.") var hostConfig = false
    @Flag(help: "Log nothing on stderr (by default one line per call).") var quiet = false

    func run() async throws {
        guard let scenario = try prepare() else { return }
        let quiet = quiet
        try await ScenarioMCPServer.run(scenario, transport: StdioTransport()) { line in
            if !quiet { printError("mcip serve: \(line)") }
        }
    }

    /// Loads the scenario server to run, or prints the host configuration and returns nil.
    func prepare() throws -> ScenarioServer? {
        var scenario: ScenarioServer?
        try reporting {
            do {
                let loaded = try ScenarioLoader.load(database: db, sampleID: sample)
                if hostConfig {
                    let path = URL(fileURLWithPath: db).standardizedFileURL.path
                    print(HostConfig.json(sample: loaded, database: path, executable: Serve.executable).canonical)
                    return
                }
                let chosen = try ScenarioServer(sample: loaded, server: server)
                let others = ScenarioServer.serverNames(of: loaded).filter { $0 != chosen.name }
                if !quiet {
                    printError(
                        "mcip serve: sample \(sample), server \(chosen.name) (\(chosen.tools.count) tool\(chosen.tools.count == 1 ? "" : "s"), "
                            + "\(chosen.recordedCalls.count) recorded call\(chosen.recordedCalls.count == 1 ? "" : "s")) on stdio"
                            + (others.isEmpty ? "" : "; the sample's other servers: \(others.joined(separator: ", ")) (--server NAME)"))
                }
                scenario = chosen
            } catch let e as ServeError {
                printFailure(e.message)
                throw ExitCode.failure
            }
        }
        return scenario
    }

    /// This program as a host should start it: its absolute path, or `mcip` when found on PATH.
    static var executable: String {
        let argv0 = CommandLine.arguments.first ?? "mcip"
        return argv0.contains("/") ? URL(fileURLWithPath: argv0).standardizedFileURL.path : argv0
    }
}
