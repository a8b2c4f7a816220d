/// How much a tool can do. Ordered: a role allowed `write` may also `read`.
public enum Privilege: String, CaseIterable, Sendable, Comparable {
    case read
    case write
    case admin

    /// Declaration order, compared for every seed tool of every sample that injects one.
    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }

    public static func < (a: Privilege, b: Privilege) -> Bool { a.rank < b.rank }
}
