import Foundation
import MCIPModel
import Testing

/// `mcip export` replaces its target atomically and refuses folders it did not write;
/// `mcip verify` catches any change to an export.
@Suite struct ExportSafetyTests {
    /// Moments to kill an export at: on the clock, or when its staging folder reaches a stage.
    enum Moment: CustomStringConvertible {
        case after(seconds: Double)
        /// A path of the staging folder exists and holds at least this many bytes.
        case staged(String, bytes: Int = 0)
        var description: String {
            switch self {
            case .after(let s): "after \(s) s"
            case .staged(let path, let bytes): "once \(path.isEmpty ? "the staging folder" : path) is staged with \(bytes) bytes"
            }
        }
    }

    @Test func aKilledExportLeavesThePreviousExportIntact() throws {
        let reference = try ReferenceRun.shared.get()
        let moments: [Moment] = [
            .after(seconds: 0.02), .staged(""), .staged("native/train.jsonl", bytes: 1 << 20), .staged("native/train.jsonl", bytes: 2 << 20),
            .staged("chat/train.jsonl", bytes: 1 << 20), .staged("manifest.json"), .staged("README.md"),
        ]
        let parent = temporaryFolder("export-kill")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("dataset")
        // The new export differs from the previous one: other split shares.
        let command = ["export", "--db", reference.database, "--out", target.path, "--split", "0.6,0.2,0.2"]
        var landed = 0
        var finished: [String: String]?
        for moment in moments {
            if (try? fileDigests(target)) != reference.digests {
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: reference.export, to: target)
            }
            let run = try RunningMCIP(command)
            switch moment {
            case .after(let s): usleep(UInt32(s * 1_000_000))
            case .staged(let path, let bytes):
                let staged = parent.appendingPathComponent(".dataset.partial-\(run.pid)").appendingPathComponent(path).path
                _ = run.wait(until: {
                    guard let attributes = try? FileManager.default.attributesOfItem(atPath: staged) else { return false }
                    return (attributes[.size] as? Int ?? 0) >= bytes
                })
            }
            run.signal(SIGKILL)
            let end = run.finish()
            let digests = try fileDigests(target)
            if end.killedBy == SIGKILL {
                landed += 1
                if digests != reference.digests {
                    // Killed after the swap, while the old export was being cleared away: the
                    // whole new export is in place, never a mix.
                    let verify = try runProcess(Repo.binary, ["verify", target.path])
                    #expect(verify.status == 0, "killed \(moment): neither the previous export nor a whole new one")
                    if let finished { #expect(digests == finished) }
                    finished = digests
                }
            } else {
                // The export finished before the kill: the target holds the whole new export.
                #expect(end.status == 0, "\(end.stderr)")
                #expect(digests != reference.digests)
                if let finished { #expect(digests == finished) }
                finished = digests
            }
        }
        #expect(landed >= 4, "only \(landed) kills landed during an export")
        let intact = try runProcess(Repo.binary, ["verify", target.path])
        #expect(intact.status == 0, "\(intact.stderr)")

        // The next export replaces the target and clears what the killed ones left behind.
        let again = try runProcess(Repo.binary, command)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["dataset"])
        let final = try fileDigests(target)
        #expect(final != reference.digests)
        if let finished { #expect(final == finished) }
        let verify = try runProcess(Repo.binary, ["verify", target.path])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func exportRefusesAFolderItDidNotWrite() throws {
        let reference = try ReferenceRun.shared.get()
        let parent = temporaryFolder("foreign")
        let folder = parent.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("holiday\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data("{\"generator\":\"other\"}".utf8).write(to: folder.appendingPathComponent("manifest.json"))
        let file = parent.appendingPathComponent("plain.txt")
        try Data("a file\n".utf8).write(to: file)
        let before = try fileDigests(parent)

        let intoFolder = try runProcess(Repo.binary, ["export", "--db", reference.database, "--out", folder.path])
        #expect(intoFolder.status == 1)
        #expect(intoFolder.stderr.contains("is not an mcip export"), "\(intoFolder.stderr)")
        let ontoFile = try runProcess(Repo.binary, ["export", "--db", reference.database, "--out", file.path])
        #expect(ontoFile.status == 1)
        #expect(ontoFile.stderr.contains("is not a folder"), "\(ontoFile.stderr)")
        #expect(try fileDigests(parent) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["photos", "plain.txt"])
    }

    /// One way of damaging an export, and what `mcip verify` must say about it.
    typealias Damage = Spoiling<URL>

    static let damages: [Damage] = [
        Damage(name: "a flipped byte", expected: "bench/test.jsonl: sha256 differs from the manifest") { dir in
            let url = dir.appendingPathComponent("bench/test.jsonl")
            var bytes = [UInt8](try Data(contentsOf: url))
            let i = bytes.firstIndex(of: UInt8(ascii: "A"))!
            bytes[i] = UInt8(ascii: "B")
            try Data(bytes).write(to: url)
        },
        Damage(name: "a dropped record", expected: "native/train.jsonl: ") { dir in
            let url = dir.appendingPathComponent("native/train.jsonl")
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            try (lines.dropFirst().joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        },
        Damage(name: "a missing file", expected: "chat/validation.jsonl: missing") { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("chat/validation.jsonl"))
        },
        Damage(name: "an unlisted file", expected: "native/extra.jsonl: not listed in the manifest") { dir in
            try Data("{}\n".utf8).write(to: dir.appendingPathComponent("native/extra.jsonl"))
        },
        Damage(name: "a truncated last line", expected: "bench/train.jsonl") { dir in
            let url = dir.appendingPathComponent("bench/train.jsonl")
            let data = try Data(contentsOf: url)
            try data.prefix(data.count - 10).write(to: url)
        },
        Damage(name: "a relabelled record, manifest rehashed", expected: "bench/test.jsonl:1: bench label must be a paper label string") { dir in
            try rewrite(dir, "bench/test.jsonl") { line, index in
                guard index == 0 else { return line }
                var r = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                r["label"] = "safe"
                return String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
            }
        },
        Damage(name: "a record moved to another class, manifest rehashed", expected: "counts: bench/test has ") { dir in
            try rewrite(dir, "bench/test.jsonl") { line, index in
                guard index == 0 else { return line }
                var r = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                r["label"] = (r["label"] as? String) == "data_injection" ? "replay_function" : "data_injection"
                return String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
            }
        },
        Damage(name: "a native record in the wrong split, manifest rehashed", expected: "native/validation.jsonl:1: record's split is not validation") { dir in
            try rewrite(dir, "native/validation.jsonl") { line, index in
                index == 0 ? line.replacingOccurrences(of: "\"split\":\"validation\"", with: "\"split\":\"train\"") : line
            }
        },
        Damage(name: "a garbled manifest", expected: "manifest.json") { dir in
            try Data("{\"generator\": \"mcip".utf8).write(to: dir.appendingPathComponent("manifest.json"))
        },
        Damage(name: "no manifest", expected: "manifest.json: missing") { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("manifest.json"))
        },
        Damage(name: "a manifest naming a file outside the export", expected: "../outside.jsonl: unexpected file name") { dir in
            try Data("{}\n".utf8).write(to: dir.deletingLastPathComponent().appendingPathComponent("outside.jsonl"))
            try editManifest(dir) { m in
                var files = m["files"] as! [String: Any]
                files["../outside.jsonl"] = files["bench/test.jsonl"]
                m["files"] = files
            }
        },
    ]

    @Test func verifyAcceptsAnIntactExport() throws {
        let reference = try ReferenceRun.shared.get()
        let result = try runProcess(Repo.binary, ["verify", reference.export.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("matches its manifest"))
    }

    @Test(arguments: damages)
    func verifyCatchesDamage(_ damage: Damage) throws {
        let reference = try ReferenceRun.shared.get()
        let dir = temporaryFolder("damaged").appendingPathComponent("dataset")
        try FileManager.default.copyItem(at: reference.export, to: dir)
        try damage.apply(dir)
        let result = try runProcess(Repo.binary, ["verify", dir.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(damage.expected), "\(result.stderr)")
    }

    /// Rewrites a file line by line and records its new hash, size and count in the manifest,
    /// as someone covering their tracks would.
    static func rewrite(_ dir: URL, _ rel: String, _ edit: (String, Int) throws -> String) throws {
        let url = dir.appendingPathComponent(rel)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").enumerated().map { try edit(String($1), $0) }
        let bytes = [UInt8]((lines.joined(separator: "\n") + "\n").utf8)
        try Data(bytes).write(to: url)
        try editManifest(dir) { m in
            var files = m["files"] as! [String: Any]
            files[rel] = ["sha256": Hex.encode(SHA256.hash(bytes)), "bytes": bytes.count, "records": lines.count]
            m["files"] = files
        }
    }

    static func editManifest(_ dir: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = dir.appendingPathComponent("manifest.json")
        var m = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&m)
        try JSONSerialization.data(withJSONObject: m, options: [.sortedKeys, .withoutEscapingSlashes]).write(to: url)
    }
}
