import MCIPModel

/// One concrete draw: a task, the servers in the session, who is asking and every slot value
/// (the task's own slots, the outputs of the tools it calls, and the built-in slots).
public struct Scenario: Sendable {
    public var task: SeedTask
    public var servers: [SeedServer]
    public var identity: Identity
    public var values: [String: JSON]
    public var phrasing: Int
    public var answer: Int

    /// The scenario family: a hash of the task and the values the user states. Samples built
    /// on the same request share it, so they land in the same split.
    public var group: String {
        // The SHA-256 of the task id, 0x1F and the canonical JSON of the stated slot values.
        var w = JSONWriter(capacity: 256)
        w.appendRaw(task.id + "\u{1F}{")
        var first = true
        for (slot, _) in task.orderedSlots {
            guard let v = values[slot] else { continue }
            if !first { w.appendRaw(",") }
            first = false
            w.writeString(slot)
            w.appendRaw(":")
            w.write(v)
        }
        w.appendRaw("}")
        return "g" + String(Hex.encode(SHA256.hash(w.bytes)).prefix(16))
    }

    /// The host's dependency rules for the servers in the session.
    public var dependencies: [DependencyRule] { servers.flatMap(\.dependencyRules) }

    /// The most privilege any of the task's calls needs.
    public var requiredPrivilege: Privilege { task.requiredPrivilege(in: servers) }

    /// Slot values for template texts that describe the scenario as a whole; `title` is the
    /// task's title as rendered for this scenario.
    public func genericSlots(title: String) -> [String: JSON] {
        let first = task.calls[0]
        return [
            "user_name": .string(identity.name), "user_role": .string(identity.role), "server": .string(first.server),
            "server_title": .string(servers.first { $0.name == first.server }?.title ?? first.server),
            "tool": .string(first.tool), "task_title": .string(title),
            "domain": .string(task.domain),
        ]
    }
}

extension SeedTask {
    func requiredPrivilege(in servers: [SeedServer]) -> Privilege {
        calls.compactMap { c in servers.first { $0.name == c.server }?.tool(c.tool)?.definition.privilege }.max() ?? .read
    }
}
