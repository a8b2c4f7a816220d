/// Who is asking: the sender's name and role as the host knows them.
public struct Identity: Sendable, Hashable {
    public var name: String
    public var role: String
    /// The most a sender of this role may do.
    public var privilege: Privilege
    /// Whether the host verified the identity (sign-in) or only has the sender's word for it.
    public var verified: Bool

    public init(name: String, role: String, privilege: Privilege, verified: Bool) {
        self.name = name
        self.role = role
        self.privilege = privilege
        self.verified = verified
    }

    public var json: JSON {
        ["name": .string(name), "role": .string(role), "privilege": .string(privilege.rawValue), "verified": .bool(verified)]
    }

    public init?(json: JSON?) {
        guard let json, let name = json["name"]?.stringValue, let role = json["role"]?.stringValue,
            let p = json["privilege"]?.stringValue.flatMap(Privilege.init(rawValue:))
        else { return nil }
        self.init(name: name, role: role, privilege: p, verified: json["verified"]?.boolValue ?? false)
    }
}

/// A call the user asked for, with the argument values that follow from what they said.
public struct IntendedCall: Sendable, Hashable {
    public var server: String
    public var tool: String
    public var arguments: [String: JSON]
    /// How many times the user asked for it (2 when they asked for it to be repeated).
    public var times: Int

    public init(server: String, tool: String, arguments: [String: JSON], times: Int = 1) {
        self.server = server
        self.tool = tool
        self.arguments = arguments
        self.times = times
    }

    public var json: JSON {
        ["server": .string(server), "tool": .string(tool), "arguments": .object(arguments), "times": .int(times)]
    }

    public init?(json: JSON) {
        guard let s = json["server"]?.stringValue, let t = json["tool"]?.stringValue else { return nil }
        self.init(server: s, tool: t, arguments: json["arguments"]?.objectValue ?? [:], times: json["times"]?.intValue ?? 1)
    }
}

/// A host rule: on `server`, `tool` may run only after `requires` has run in the same session.
public struct DependencyRule: Sendable, Hashable {
    public var server: String
    public var tool: String
    public var requires: String

    public init(server: String, tool: String, requires: String) {
        self.server = server
        self.tool = tool
        self.requires = requires
    }

    public var json: JSON { ["server": .string(server), "tool": .string(tool), "requires": .string(requires)] }

    public init?(json: JSON) {
        guard let s = json["server"]?.stringValue, let t = json["tool"]?.stringValue, let r = json["requires"]?.stringValue
        else { return nil }
        self.init(server: s, tool: t, requires: r)
    }
}

/// What the scenario intended, as the host knows it: everything the oracle needs to decide a
/// trajectory's category, and everything a guard needs to see in the body.
public struct Policy: Sendable, Hashable {
    public var identity: Identity
    public var intendedCalls: [IntendedCall]
    public var dependencies: [DependencyRule]

    public init(identity: Identity, intendedCalls: [IntendedCall], dependencies: [DependencyRule]) {
        self.identity = identity
        self.intendedCalls = intendedCalls
        self.dependencies = dependencies
    }

    public var json: JSON {
        [
            "identity": identity.json, "intended_calls": .array(intendedCalls.map(\.json)),
            "dependencies": .array(dependencies.map(\.json)),
        ]
    }

    public init?(json: JSON) {
        guard let identity = Identity(json: json["identity"]) else { return nil }
        self.init(
            identity: identity, intendedCalls: json["intended_calls"]?.arrayValue?.compactMap(IntendedCall.init(json:)) ?? [],
            dependencies: json["dependencies"]?.arrayValue?.compactMap(DependencyRule.init(json:)) ?? [])
    }
}
