import MCIPModel

/// The `mcpServers` configuration a host (Claude Desktop, Cursor, the MCP Inspector, …) reads:
/// one stdio entry per server of the sample, each running `mcip serve` for that server.
public enum HostConfig {
    public static func json(sample: Sample, database: String, executable: String) -> JSON {
        var servers: [String: JSON] = [:]
        for name in ScenarioServer.serverNames(of: sample) {
            servers[name] = [
                "command": .string(executable),
                "args": ["serve", "--db", .string(database), "--sample", .string(sample.id), "--server", .string(name)],
            ]
        }
        return ["mcpServers": .object(servers)]
    }
}
