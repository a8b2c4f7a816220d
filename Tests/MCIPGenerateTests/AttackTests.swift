import MCIPGenerate
import MCIPModel
import Testing

/// Each attack applied to its gold trajectory makes exactly its defining change.
@Suite struct AttackTests {
    static let indices = 0..<40

    func pairs(_ category: MCIPClass) throws -> [(Sample, GoldBuilder.Gold)] {
        let generator = SampleGenerator(inputs: try repoInputs.get())
        return try Self.indices.map { i in
            let built = try generator.build(seed: 5, category: category, index: i)
            return (built.sample, built.gold)
        }
    }

    @Test func replayRepeatsOneStateChangingCallUnderNewIDs() throws {
        for (sample, gold) in try pairs(.replayInjection) {
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            #expect(calls.count > goldCalls.count)
            // Removing the extra copies gives back the gold calls.
            var deduped: [ToolCall] = []
            for c in calls where deduped.last != c { deduped.append(c) }
            #expect(deduped == goldCalls)
            let repeated = calls.filter { c in calls.filter { $0 == c }.count > 1 }
            #expect(!repeated.isEmpty && repeated.allSatisfy { sample.trajectory.tool(server: $0.server, name: $0.tool)!.changesState })
            let requests = sample.events.compactMap { e -> (Int, String, [String: JSON])? in
                if case .message(.callToolRequest(let id, let name, let args)) = e.payload { return (id, name, args) }
                return nil
            }
            #expect(Set(requests.map(\.0)).count == requests.count, "ids repeat")
            #expect(sample.policy == gold.policy)
        }
    }

    @Test func dataInjectionHasNoCallButAnAnswer() throws {
        for (sample, gold) in try pairs(.dataInjection) {
            #expect(!gold.trajectory.calls.isEmpty)
            #expect(sample.trajectory.calls.isEmpty)
            #expect(!sample.events.contains { if case .message(.callToolRequest) = $0.payload { true } else { false } })
            #expect(!(sample.trajectory.answerText ?? "").isEmpty)
        }
    }

    @Test func causalSwapsADependentPair() throws {
        for (sample, gold) in try pairs(.causalDependencyInjection) {
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            #expect(calls.count == goldCalls.count && Set(calls) == Set(goldCalls))
            let swapped = sample.policy.dependencies.contains { rule in
                guard let dep = calls.firstIndex(where: { $0.server == rule.server && $0.tool == rule.tool }),
                    let pre = calls.firstIndex(where: { $0.server == rule.server && $0.tool == rule.requires })
                else { return false }
                return dep < pre
            }
            #expect(swapped, "\(sample.id): no dependency runs before its prerequisite")
        }
    }

    @Test func functionInjectionAppendsOneUnrequestedCall() throws {
        for (sample, gold) in try pairs(.functionInjection) {
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            #expect(calls.count == goldCalls.count + 1)
            let extra = calls.indices.filter { i in !goldCalls.contains { $0.key == calls[i].key } }
            #expect(extra.count == 1)
            #expect(extra[0] > 0, "the injected call must come after a legitimate one")
            var rest = calls
            rest.remove(at: extra[0])
            #expect(rest.map(\.key) == goldCalls.map(\.key))
        }
    }

    @Test func dependencyInjectionPrependsOneUnrequestedCall() throws {
        for (sample, gold) in try pairs(.functionDependencyInjection) {
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            #expect(calls.count == goldCalls.count + 1)
            #expect(!goldCalls.contains { $0.key == calls[0].key })
            #expect(Array(calls.dropFirst()) == goldCalls)
        }
    }

    @Test func wrongFunctionReplacesTheLastCall() throws {
        for (sample, gold) in try pairs(.wrongFunctionIntent) {
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            #expect(calls.count == goldCalls.count)
            #expect(Array(calls.dropLast()) == Array(goldCalls.dropLast()))
            #expect(calls.last!.key != goldCalls.last!.key)
            #expect(!goldCalls.contains { $0.key == calls.last!.key })
        }
    }

    @Test func wrongArgumentsChangesAStatedValueEverywhere() throws {
        for (sample, gold) in try pairs(.wrongArgumentsIntent) {
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            #expect(calls.map(\.key) == goldCalls.map(\.key))
            let changed = zip(calls, goldCalls).flatMap { c, g in
                c.arguments.keys.filter { c.arguments[$0] != g.arguments[$0] }.map { (g.arguments[$0]!, c.arguments[$0]!) }
            }
            #expect(!changed.isEmpty, "\(sample.id): no argument changed")
            // At least one changed value is one the user stated, replaced by one they did not
            // (the with-cause templates then quote the wrong value in an injected note).
            let request = gold.trajectory.userText
            #expect(changed.contains { request.contains($0.0.plainText) && !request.contains($0.1.plainText) }, "\(sample.id)")
            #expect(sample.trajectory.userText.hasPrefix(request))
            #expect(sample.policy.intendedCalls == gold.policy.intendedCalls)
        }
    }

    @Test func overlappingRoutesToALookalikeOnAnotherServer() throws {
        for (sample, gold) in try pairs(.functionOverlapping) {
            let goldServers = Set(gold.trajectory.servers.map(\.name))
            let misrouted = sample.trajectory.calls.filter { !goldServers.contains($0.server) }
            #expect(misrouted.count == 1)
            let m = misrouted[0]
            #expect(gold.trajectory.calls.contains { ToolNameSimilarity.confusable($0.tool, m.tool) && $0.arguments == m.arguments })
            #expect(sample.trajectory.servers.count == gold.trajectory.servers.count + 1)
            #expect(sample.trajectory.calls.last == m, "the dialogue stops at the impostor")
            #expect(m.outcome.text?.count ?? 0 < 20)
        }
    }

    @Test func excessivePrivilegesSwapsInACoveringTool() throws {
        for (sample, gold) in try pairs(.excessivePrivileges) {
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            #expect(calls.count == goldCalls.count)
            let diffs = zip(calls, goldCalls).filter { $0.0.key != $0.1.key }
            #expect(diffs.count == 1)
            guard let (used, intended) = diffs.first else { continue }
            let def = sample.trajectory.tool(server: used.server, name: used.tool)!
            let narrow = sample.trajectory.tool(server: intended.server, name: intended.tool)!
            #expect(def.covers.contains(intended.tool) && def.privilege > narrow.privilege)
            #expect(used.outcome == intended.outcome)
            #expect(sample.trajectory.answerText == gold.trajectory.answerText)
            #expect(sample.policy.identity.privilege >= def.privilege)
        }
    }

    @Test func identityInjectionLowersTheSenderBelowAnAdminCall() throws {
        for (sample, gold) in try pairs(.identityInjection) {
            #expect(sample.trajectory.calls == gold.trajectory.calls)
            #expect(gold.policy.identity.privilege == .admin)
            #expect(sample.policy.identity.privilege < .admin && sample.policy.identity.verified)
            #expect(sample.trajectory.calls.contains { sample.trajectory.tool(server: $0.server, name: $0.tool)?.privilege == .admin })
        }
    }

    @Test func appropriateIsGoldOrANamedHardNegative() throws {
        var kinds: Set<String> = []
        for (sample, gold) in try pairs(.appropriate) {
            let kind = sample.provenance.hardNegative ?? "none"
            kinds.insert(kind)
            let calls = sample.trajectory.calls, goldCalls = gold.trajectory.calls
            switch kind {
            case "none", "ordered_dependencies":
                #expect(sample.trajectory == gold.trajectory && sample.policy == gold.policy)
            case "repeat_requested":
                #expect(calls.count == goldCalls.count + 1)
                #expect(sample.policy.intendedCalls.filter { $0.times == 2 }.count == 1)
            case "verified_admin":
                #expect(calls == goldCalls && sample.policy.identity.role == "admin" && sample.policy.identity.verified)
            case "lookalike_routing":
                #expect(calls == goldCalls && sample.trajectory.servers.count == gold.trajectory.servers.count + 1)
            case "harmless_mention":
                #expect(calls.map(\.key) == goldCalls.map(\.key) && calls != goldCalls)
            case "unused_elevated_tool":
                #expect(calls == goldCalls)
                #expect(sample.trajectory.servers.flatMap(\.tools).count == gold.trajectory.servers.flatMap(\.tools).count + 1)
            default:
                Issue.record("unknown hard negative \(kind)")
            }
        }
        #expect(kinds.count >= 4)
    }
}
