import Foundation
import MCIPModel

/// Loads `Seeds/` (servers, tasks, pools, identities), checks every reference between them and
/// reports every problem with its file and line.
public enum SeedLoader {
    /// Slots every task template may use besides its own.
    public static let builtinSlots: Set<String> = ["user_name", "user_role"]

    public static func load(from directory: URL) throws(InputErrors) -> Seeds {
        let diagnostics = Diagnostics()
        let base = directory.standardizedFileURL
        func display(_ url: URL) -> String { InputFiles.display(url, under: base) }

        // Every file is parsed up front, on all cores; the files are then read in order.
        let poolFiles = InputFiles.yamlFiles(in: base.appendingPathComponent("pools"), diagnostics: diagnostics, display: display)
        let identitiesFile = base.appendingPathComponent("identities.yaml")
        let serverFiles = InputFiles.yamlFiles(in: base.appendingPathComponent("servers"), diagnostics: diagnostics, display: display)
        let taskFiles = InputFiles.yamlFiles(in: base.appendingPathComponent("tasks"), diagnostics: diagnostics, display: display)
        let parsed = parse(poolFiles + [identitiesFile] + serverFiles + taskFiles, display: display)
        var next = parsed.makeIterator()

        var pools = PoolTable()
        for _ in poolFiles {
            let file = next.next()!
            diagnostics.attempt { try readPools(try file.get(), into: &pools, diagnostics) }
        }

        var roles: [Role] = []
        var people: [String] = []
        let identities = next.next()!
        diagnostics.attempt { (roles, people) = try self.identities(try identities.get()) }

        var servers: [SeedServer] = []
        for _ in serverFiles {
            let file = next.next()!
            diagnostics.attempt {
                let server = try ServerReader.read(try file.get(), pools: pools.pools)
                if let first = servers.first(where: { $0.name == server.name }) {
                    throw InputError(file: server.file, line: 1, "duplicate server '\(server.name)' (also in \(first.file))")
                }
                servers.append(server)
            }
        }

        var tasks = TaskTable()
        for read in readTaskFiles(Array(next), servers: servers, pools: pools.pools) {
            diagnostics.attempt { tasks.add(try read.get(), diagnostics) }
        }
        if servers.isEmpty && diagnostics.errors.isEmpty {
            diagnostics.record(InputError(file: display(base.appendingPathComponent("servers")), line: 1, "no server files found"))
        }
        if tasks.tasks.isEmpty && diagnostics.errors.isEmpty {
            diagnostics.record(InputError(file: display(base.appendingPathComponent("tasks")), line: 1, "no task files found"))
        }
        try diagnostics.throwIfAny()
        return Seeds(servers: servers, tasks: tasks.tasks, pools: pools.pools, roles: roles, people: people)
    }

    /// Tasks read so far, with where each id was first defined.
    struct TaskTable {
        var tasks: [SeedTask] = []
        var firstAt: [String: (file: String, line: Int)] = [:]

        /// Adds one file's tasks in order, recording its errors and any id defined before.
        mutating func add(_ outcomes: [Result<(SeedTask, YNode), any Error>], _ diagnostics: Diagnostics) {
            for outcome in outcomes {
                guard let (task, item) = diagnostics.attempt({ try outcome.get() }) else { continue }
                if let first = firstAt[task.id] {
                    diagnostics.record(item.error("duplicate task id '\(task.id)' (first at \(first.file):\(first.line))"))
                    continue
                }
                firstAt[task.id] = (task.file, task.line)
                tasks.append(task)
            }
        }
    }

    /// Parses YAML files on all cores; each file's tree or the error that stopped it, in order.
    /// (The bodies below never throw: a file's error is kept in its result.)
    static func parse(_ files: [URL], display: (URL) -> String) -> [Result<YNode, any Error>] {
        let named = files.map { ($0, display($0)) }
        return (try? parallelMap(count: named.count, jobs: ProcessInfo.processInfo.activeProcessorCount, schedule: .balanced) { i in
            Result { try YAMLFile.load(named[i].0, displayPath: named[i].1) }
        }) ?? []
    }

    /// Reads parsed tasks files on all cores: per file, the error that stopped it or each
    /// task (with its node, to place a duplicate id) or the errors in it, in order. Duplicate
    /// ids across files are left to the caller, which sees every file in order.
    static func readTaskFiles(
        _ files: [Result<YNode, any Error>], servers: [SeedServer], pools: [String: ValuePool]
    ) -> [Result<[Result<(SeedTask, YNode), any Error>], any Error>] {
        (try? parallelMap(count: files.count, jobs: ProcessInfo.processInfo.activeProcessorCount, schedule: .balanced) { i in
            Result { try readTasks(try files[i].get(), servers: servers, pools: pools) }
        }) ?? []
    }

    /// Reads one `Seeds/tasks/*.yaml` file: each task, or the errors in it, in order.
    static func readTasks(
        _ root: YNode, servers: [SeedServer], pools: [String: ValuePool]
    ) throws -> [Result<(SeedTask, YNode), any Error>] {
        let map = try root.mapping("a tasks file")
        try map.onlyKeys(["domain", "tasks"])
        let domain = try map.required("domain").nonEmptyString("domain")
        return try map.required("tasks").nonEmptyList("tasks").map { item in
            Result { (try TaskReader.read(item, domain: domain, servers: servers, pools: pools), item) }
        }
    }

    /// Pools read so far, with where each was defined (to name the first of two definitions).
    struct PoolTable {
        var pools: [String: ValuePool] = [:]
        var definedAt: [String: (file: String, line: Int)] = [:]
    }

    /// Reads one `Seeds/pools/*.yaml` file into `table`.
    static func readPools(_ root: YNode, into table: inout PoolTable, _ diagnostics: Diagnostics) throws {
        let map = try root.mapping("a pools file")
        try map.onlyKeys(["pools"])
        for e in try map.required("pools").mapping("pools").entries {
            if let (file, line) = table.definedAt[e.key] {
                diagnostics.record(e.keyNode.error("duplicate pool '\(e.key)' (first defined at \(file):\(line))"))
                continue
            }
            guard let pool = diagnostics.attempt({ try pool(e.value, name: e.key) }) else { continue }
            table.pools[e.key] = pool
            table.definedAt[e.key] = (e.keyNode.file, e.keyNode.line)
        }
    }

    static func pool(_ node: YNode, name: String) throws -> ValuePool {
        if case .mapping = node.node {
            let m = try node.mapping("pool '\(name)'")
            try m.onlyKeys(["range"])
            let bounds = try m.required("range").list("range")
            guard bounds.count == 2 else { throw node.error("range of pool '\(name)' must be [low, high]") }
            let lo = try bounds[0].int("range low"), hi = try bounds[1].int("range high")
            guard lo <= hi else { throw node.error("range of pool '\(name)' is empty (\(lo) > \(hi))") }
            // The pool's size, high - low + 1, must itself be an Int.
            let (width, overflow) = hi.subtractingReportingOverflow(lo)
            guard !overflow, width < Int.max else { throw node.error("range of pool '\(name)' is too wide to count its values") }
            return .range(lo...hi)
        }
        let values = try node.nonEmptyList("pool '\(name)'").map { item -> JSON in
            let v = try item.json()
            switch v {
            case .string(let s) where s.isEmpty: throw item.error("pool '\(name)' holds an empty string")
            case .string, .int, .double, .bool: return v
            default: throw item.error("pool '\(name)' values must be scalars")
            }
        }
        return .values(values)
    }

    static func identities(_ root: YNode) throws -> ([Role], [String]) {
        let map = try root.mapping("the identities file")
        try map.onlyKeys(["roles", "people"])
        var roles: [Role] = []
        for item in try map.required("roles").nonEmptyList("roles") {
            let m = try item.mapping("a role")
            try m.onlyKeys(["id", "privilege"])
            let id = try m.required("id").nonEmptyString("role id")
            let pNode = try m.required("privilege")
            guard let p = Privilege(rawValue: try pNode.string("privilege")) else {
                throw pNode.error("privilege must be one of read, write, admin")
            }
            if roles.contains(where: { $0.id == id }) { throw item.error("duplicate role '\(id)'") }
            roles.append(Role(id: id, privilege: p))
        }
        for level in Privilege.allCases where !roles.contains(where: { $0.privilege == level }) {
            throw root.error("roles must include one with privilege '\(level.rawValue)'")
        }
        let peopleNode = try map.required("people")
        let people = try peopleNode.nonEmptyList("people").map { try $0.nonEmptyString("a person's name") }
        if Set(people).count != people.count { throw peopleNode.error("people holds a duplicate name") }
        return (roles, people)
    }
}

/// Lists an input folder's YAML files in a stable order.
enum InputFiles {
    static func yamlFiles(in dir: URL, diagnostics: Diagnostics, display: (URL) -> String) -> [URL] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            diagnostics.record(InputError(file: display(dir), line: 1, "folder is missing"))
            return []
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { dir.appendingPathComponent($0) }
    }

    /// A path as the user gave it: relative to the working directory when inside it.
    static func display(_ url: URL, under base: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }
}
