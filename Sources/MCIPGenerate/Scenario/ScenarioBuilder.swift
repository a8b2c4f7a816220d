import MCIPModel

/// Draws scenarios from the seeds. All draws come from the `RNG` it is handed, so a scenario
/// is a pure function of its stream.
public struct ScenarioBuilder: Sendable {
    public let seeds: Seeds

    public init(seeds: Seeds) { self.seeds = seeds }

    /// Draws a scenario for `task`. `extraServers` asks for that many additional servers in
    /// the session, so sessions with several servers are common to safe and attacked samples.
    public func draw(task: SeedTask, rng: inout RNG, minimumPrivilege: Privilege? = nil) -> Scenario {
        let plan = seeds.plan(task)
        let needed = max(plan.requiredPrivilege, minimumPrivilege ?? .read)
        let eligibleRoles = seeds.roles.filter { $0.privilege >= needed }
        // Prefer the least role that suffices half the time, so privileged roles are not a tell.
        let role: Role
        let least = eligibleRoles.filter { $0.privilege == needed }
        if !least.isEmpty && rng.chance(0.5) { role = rng.pick(least) } else { role = rng.pick(eligibleRoles) }
        let identity = Identity(name: rng.pick(seeds.people), role: role.id, privilege: role.privilege, verified: true)

        var values = [String: JSON](minimumCapacity: plan.valueCapacity)
        plan.drawValues(into: &values, calls: task.calls.count, rng: &rng)
        values["user_name"] = .string(identity.name)
        values["user_role"] = .string(identity.role)

        var session = plan.servers
        let extra = rng.pickWeighted([0.55, 0.3, 0.15])
        if extra > 0 {
            var others = plan.otherServers
            rng.shuffle(&others)
            session.append(contentsOf: others.prefix(extra).map { seeds.servers[$0] })
        }
        return Scenario(
            task: task, servers: session, identity: identity, values: values, phrasing: rng.int(below: task.phrasings.count),
            answer: rng.int(below: task.answers.count))
    }

    public func draw(pool name: String, rng: inout RNG) -> JSON {
        guard let pool = seeds.pools[name] else { preconditionFailure("unknown pool \(name); the loader checks pools") }
        return pool[rng.int(below: pool.count)]
    }

    /// A value from the pool other than `avoid`, or nil when the pool has no other value.
    public func draw(pool name: String, avoiding avoid: JSON, rng: inout RNG) -> JSON? {
        guard let pool = seeds.pools[name], pool.count > 1 else { return nil }
        for _ in 0..<16 {
            let v = pool[rng.int(below: pool.count)]
            if v != avoid { return v }
        }
        for i in 0..<pool.count where pool[i] != avoid { return pool[i] }
        return nil
    }
}
