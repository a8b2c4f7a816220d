/// How much a tool can do. Ordered: a role allowed `write` may also `read`.
public enum Privilege: String, CaseIterable, Sendable, Comparable {
    case read
    case write
    case admin

    public static func < (a: Privilege, b: Privilege) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
