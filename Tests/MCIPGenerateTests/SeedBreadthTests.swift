import MCIPGenerate
import MCIPModel
import Testing

/// The shipped seeds are broad enough that a guard cannot learn a handful of tools.
struct SeedBreadthTests {
    @Test func countsMeetTheTargets() throws {
        let seeds = try repoInputs.get().seeds
        #expect(seeds.domains.count >= 14)
        #expect(seeds.servers.count >= 30)
        #expect(seeds.tools.count >= 150)
        #expect(seeds.tasks.count >= 400)
        let thin = seeds.tasks.filter { $0.phrasings.count < 3 }.map(\.id)
        #expect(thin.isEmpty, "tasks with fewer than 3 phrasings: \(thin)")
        let multi = seeds.tasks.filter { $0.calls.count >= 2 }.count
        #expect(Double(multi) >= 0.25 * Double(seeds.tasks.count), "\(multi) multi-call tasks")
        let ordered = seeds.tasks.filter { task in
            task.calls.enumerated().contains { j, call in
                let rules = seeds.tool(server: call.server, name: call.tool)?.requires ?? []
                return task.calls[..<j].contains { $0.server == call.server && rules.contains($0.tool) }
            }
        }.count
        #expect(Double(ordered) >= 0.10 * Double(seeds.tasks.count), "\(ordered) tasks with an ordered dependency")
    }

    @Test func everyToolIsUsedByATask() throws {
        let seeds = try repoInputs.get().seeds
        let used = Set(seeds.tasks.flatMap { $0.calls.map { "\($0.server).\($0.tool)" } })
        let unused = seeds.tools.map { "\($0.serverName).\($0.name)" }.filter { !used.contains($0) }
        #expect(unused.isEmpty, "\(unused)")
    }

    @Test func everyCategoryHasAtLeastTwoTemplates() throws {
        let templates = try repoInputs.get().templates
        for c in MCIPClass.allCases { #expect(templates.filter { $0.category == c }.count >= 2, "\(c.id)") }
        #expect(Set(templates.map(\.cause)) == [.outcomeOnly, .withCause])
    }
}
