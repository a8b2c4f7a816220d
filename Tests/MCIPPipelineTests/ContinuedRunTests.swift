import Foundation
import MCIPExport
import MCIPModel
import MCIPPipeline
import MCIPStore
import Testing

/// A run that adds to samples of its seed made by another generator version, or from other
/// seeds or templates, says so, and the export's manifest names every generator behind it:
/// together they are not what one run makes.
struct ContinuedRunTests {
    @Test func continuingSamplesOfAnotherGeneratorOrOtherInputsIsReported() throws {
        let folder = temporaryFolder("continued")
        let db = folder.appendingPathComponent("m.sqlite").path
        func run(_ perClass: Int, seeds: URL = Repo.seeds) throws -> GenerateReport {
            try GenerateRun.run(GenerateOptions(perClass: perClass, seed: 5, database: db, templates: Repo.templates, seeds: seeds))
        }
        #expect(try run(2).continuedOtherMakers == [])
        #expect(try run(3).continuedOtherMakers == [], "the same generator and inputs continue silently")

        try Database(path: db).execute("UPDATE runs SET generator = '0.1.0' WHERE id = 1")
        #expect(try run(4).continuedOtherMakers == ["by mcip 0.1.0"])
        #expect(try run(4).continuedOtherMakers == [], "a run that adds nothing continues nothing")

        let seeds = folder.appendingPathComponent("Seeds")
        try FileManager.default.copyItem(at: Repo.seeds, to: seeds)
        let identities = try FileHandle(forWritingTo: seeds.appendingPathComponent("identities.yaml"))
        try identities.seekToEnd()
        try identities.write(contentsOf: Data("# edited\n".utf8))
        try identities.close()
        #expect(try run(5, seeds: seeds).continuedOtherMakers == ["by mcip 0.1.0", "from other seeds or templates"])

        let command = try runProcess(
            Repo.binary,
            ["generate", "--quiet", "--per-class", "6", "--seed", "5", "--db", db, "--templates", Repo.templates.path, "--seeds", Repo.seeds.path])
        #expect(command.status == 0)
        #expect(
            command.stderr
                == "mcip: \(db) already held samples of seed 5 made by mcip 0.1.0 and from other seeds or templates; the 11 added now come from mcip \(generatorVersion) and the current inputs, so together they are not what one run makes\n"
        )

        // The export's manifest names every generator behind its samples.
        let dataset = folder.appendingPathComponent("dataset")
        _ = try ExportRun.run(ExportOptions(database: db, out: dataset))
        let manifest = try JSONParser.parse(String(contentsOf: dataset.appendingPathComponent("manifest.json"), encoding: .utf8))
        #expect(manifest["sample_generators"] == ["mcip 0.1.0", .string("mcip \(generatorVersion)")])
    }
}
