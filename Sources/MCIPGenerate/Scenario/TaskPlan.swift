import MCIPModel

/// A task's references to the seeds, resolved once: its servers, the privilege its calls
/// need, and the pools its slots and its tools' outputs draw from, in draw order. Drawing a
/// scenario then looks nothing up by name.
public final class TaskPlan: Sendable {
    /// The servers the task calls, in order of first use.
    public let servers: [SeedServer]
    /// Positions in `Seeds.servers` of every other server, in file order.
    let otherServers: [Int]
    /// The most privilege any of the task's calls needs.
    public let requiredPrivilege: Privilege
    /// The task's slots in name order.
    let slots: [(name: String, pool: ValuePool)]
    /// Per call, its tool.
    let callTools: [SeedTool]
    /// Per call, the outputs of its tool in name order.
    let outputs: [[(name: String, pool: ValuePool)]]
    /// Room for every value a scenario of the task holds: its slots, its tools' outputs and the
    /// user's name and role.
    let valueCapacity: Int

    /// Resolves `task` against the seeds' servers (`serverIndex`: name → position) and pools.
    init(task: SeedTask, servers all: [SeedServer], serverIndex: [String: Int], pools: [String: ValuePool]) {
        func pool(_ name: String) -> ValuePool {
            guard let pool = pools[name] else { preconditionFailure("unknown pool \(name); the loader checks pools") }
            return pool
        }
        let names = task.servers
        servers = names.compactMap { serverIndex[$0].map { all[$0] } }
        otherServers = all.indices.filter { !names.contains(all[$0].name) }
        requiredPrivilege = task.requiredPrivilege(in: servers)
        slots = task.orderedSlots.map { ($0.name, pool($0.pool)) }
        callTools = task.calls.map { call in
            guard let tool = serverIndex[call.server].flatMap({ all[$0].tool(call.tool) }) else {
                preconditionFailure("unknown tool \(call.server).\(call.tool); the loader checks references")
            }
            return tool
        }
        outputs = callTools.map { $0.orderedOutputs.map { ($0.name, pool($0.pool)) } }
        valueCapacity = slots.count + outputs.reduce(2) { $0 + $1.count }
    }

    /// Draws the task's slot values, then the outputs of its first `calls` calls' tools that
    /// no slot already holds, into `values`.
    func drawValues(into values: inout [String: JSON], calls: Int, rng: inout RNG) {
        for (slot, pool) in slots { values[slot] = pool[rng.int(below: pool.count)] }
        for outputs in self.outputs[..<calls] {
            for (out, pool) in outputs where values[out] == nil { values[out] = pool[rng.int(below: pool.count)] }
        }
    }
}
