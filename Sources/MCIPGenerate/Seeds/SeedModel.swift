import MCIPModel

/// A tool of a seed server: its MCP definition, the host's rules for it and how it answers.
/// A class: read once and never changed, and looked up for every call of every sample, so a
/// lookup hands over one reference instead of copying every field.
public final class SeedTool: Sendable {
    public let definition: ToolDefinition
    /// Tools on the same server that must run earlier in the session (verify → access, quote → buy).
    public let requires: [String]
    /// Result-only values (an issue's title, a quote's id) drawn from pools per scenario.
    public let outputs: [String: String]
    /// What the tool returns, rendered with the call's arguments and the scenario's values.
    public let result: JSONTemplate
    public let file: String
    public let line: Int

    public var name: String { definition.name }

    /// The name folded for confusability checks, worked out once.
    public let foldedName: String
    /// `outputs` in name order, the order values are drawn in.
    public let orderedOutputs: [(name: String, pool: String)]

    public init(
        definition: ToolDefinition, requires: [String], outputs: [String: String], result: JSONTemplate, file: String, line: Int,
        foldedName: String
    ) {
        self.definition = definition
        self.requires = requires
        self.outputs = outputs
        self.result = result
        self.file = file
        self.line = line
        self.foldedName = foldedName
        orderedOutputs = outputs.keys.sorted().map { ($0, outputs[$0]!) }
    }
}

public final class SeedServer: Sendable {
    public let name: String
    public let title: String
    public let domain: String
    public let tools: [SeedTool]
    public let file: String
    /// The server as offered to a client, made once so every session shares its storage.
    public let definition: ServerDefinition
    /// The host's dependency rules for this server's tools, in tool order.
    public let dependencyRules: [DependencyRule]

    public init(name: String, title: String, domain: String, tools: [SeedTool], file: String) {
        self.name = name
        self.title = title
        self.domain = domain
        self.tools = tools
        self.file = file
        definition = ServerDefinition(name: name, title: title, tools: tools.map(\.definition))
        dependencyRules = tools.flatMap { t in t.requires.map { DependencyRule(server: name, tool: t.name, requires: $0) } }
    }

    public func tool(_ name: String) -> SeedTool? { tools.first { $0.name == name } }
}

/// A call a task needs: which tool, with arguments bound from the task's slots.
public struct SeedCall: Sendable {
    public var server: String
    public var tool: String
    public var arguments: [String: JSONTemplate]
    public var line: Int
}

/// Something a user asks for: phrasings of the request, the calls it needs in order and
/// phrasings of the answer. A class: read once and never changed, so a scenario holds a
/// reference instead of copying every field.
public final class SeedTask: Sendable {
    public let id: String
    public let domain: String
    public let title: SlotTemplate
    public let slots: [String: String]
    public let phrasings: [SlotTemplate]
    public let calls: [SeedCall]
    public let answers: [SlotTemplate]
    public let file: String
    public let line: Int
    /// `slots` in name order, the order values are drawn in.
    public let orderedSlots: [(name: String, pool: String)]

    public init(
        id: String, domain: String, title: SlotTemplate, slots: [String: String], phrasings: [SlotTemplate], calls: [SeedCall],
        answers: [SlotTemplate], file: String, line: Int
    ) {
        self.id = id
        self.domain = domain
        self.title = title
        self.slots = slots
        self.phrasings = phrasings
        self.calls = calls
        self.answers = answers
        self.file = file
        self.line = line
        orderedSlots = slots.keys.sorted().map { ($0, slots[$0]!) }
    }

    /// Servers the task uses, in order of first use.
    public var servers: [String] {
        var seen: [String] = []
        for c in calls where !seen.contains(c.server) { seen.append(c.server) }
        return seen
    }
}

/// A pool of values a slot draws from: a list, or an integer range.
public enum ValuePool: Sendable {
    case values([JSON])
    case range(ClosedRange<Int>)

    public var count: Int {
        switch self {
        case .values(let v): v.count
        case .range(let r): r.count
        }
    }

    public subscript(i: Int) -> JSON {
        switch self {
        case .values(let v): v[i]
        case .range(let r): .int(r.lowerBound + i)
        }
    }
}

public struct Role: Sendable, Hashable {
    public var id: String
    public var privilege: Privilege
}

/// A tool of the seed world in the few fields picking an injected or substitute tool needs.
public struct ToolRef: Sendable {
    public var server: Int
    public var tool: Int
    public var serverName: String
    public var domain: String
    public var name: String
    public var foldedName: String
    public var privilege: Privilege
    public var changesState: Bool
    public var covers: [String]
    /// The same facts as small numbers, for filtering every tool for every sample: the
    /// server's domain, the folded name and the covered tools' positions on the server.
    public var domainID: Int
    public var foldedID: Int
    public var coveredTools: [Int]
}

/// Everything under `Seeds/`, loaded and cross-checked, with lookups by name.
public final class Seeds: Sendable {
    public let servers: [SeedServer]
    public let tasks: [SeedTask]
    public let pools: [String: ValuePool]
    public let roles: [Role]
    public let people: [String]
    /// Every tool of every server, in file order.
    public let tools: [ToolRef]
    private let serverIndex: [String: Int]
    /// server name → tool name → (server, tool) positions.
    private let toolIndex: [String: [String: (server: Int, tool: Int)]]
    /// Numbers for domains and folded tool names (see `ToolRef`).
    private let domainIDs: [String: Int]
    private let foldedIDs: [String: Int]
    /// Each task's resolved references, by task.
    private let plans: [ObjectIdentifier: TaskPlan]

    public init(servers: [SeedServer], tasks: [SeedTask], pools: [String: ValuePool], roles: [Role], people: [String]) {
        self.servers = servers
        self.tasks = tasks
        self.pools = pools
        self.roles = roles
        self.people = people
        var refs: [ToolRef] = []
        var domainIDs: [String: Int] = [:], foldedIDs: [String: Int] = [:]
        for (si, s) in servers.enumerated() {
            let domainID = domainIDs[s.domain] ?? domainIDs.count
            domainIDs[s.domain] = domainID
            for (ti, t) in s.tools.enumerated() {
                let foldedID = foldedIDs[t.foldedName] ?? foldedIDs.count
                foldedIDs[t.foldedName] = foldedID
                refs.append(
                    ToolRef(
                        server: si, tool: ti, serverName: s.name, domain: s.domain, name: t.name, foldedName: t.foldedName,
                        privilege: t.definition.privilege, changesState: t.definition.changesState, covers: t.definition.covers,
                        domainID: domainID, foldedID: foldedID,
                        coveredTools: t.definition.covers.compactMap { name in s.tools.firstIndex { $0.name == name } }))
            }
        }
        self.domainIDs = domainIDs
        self.foldedIDs = foldedIDs
        tools = refs
        let serverIndex = Dictionary(servers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.serverIndex = serverIndex
        plans = Dictionary(
            uniqueKeysWithValues: tasks.map { (ObjectIdentifier($0), TaskPlan(task: $0, servers: servers, serverIndex: serverIndex, pools: pools)) })
        var index: [String: [String: (Int, Int)]] = [:]
        for r in refs where index[r.serverName]?[r.name] == nil { index[r.serverName, default: [:]][r.name] = (r.server, r.tool) }
        toolIndex = index
    }

    /// The resolved references of `task`, one of `tasks` (or of another task, resolved now).
    public func plan(_ task: SeedTask) -> TaskPlan {
        plans[ObjectIdentifier(task)] ?? TaskPlan(task: task, servers: servers, serverIndex: serverIndex, pools: pools)
    }

    public func server(_ name: String) -> SeedServer? { serverIndex[name].map { servers[$0] } }

    /// The position of server `name` among `servers`.
    public func serverPosition(_ name: String) -> Int? { serverIndex[name] }

    /// The (server, tool) positions of tool `name` of server `server`.
    public func toolPosition(server: String, name: String) -> (server: Int, tool: Int)? { toolIndex[server]?[name] }

    public func domainID(_ domain: String) -> Int? { domainIDs[domain] }

    public func foldedID(_ folded: String) -> Int? { foldedIDs[folded] }

    /// The tool `name` of server `server`.
    public func tool(server: String, name: String) -> SeedTool? {
        toolIndex[server]?[name].map { servers[$0.server].tools[$0.tool] }
    }

    public var domains: [String] { Array(Set(servers.map(\.domain))).sorted() }
}
