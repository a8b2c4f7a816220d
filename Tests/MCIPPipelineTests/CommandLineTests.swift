import Foundation
import Testing

/// The command line's comforts: examples in every help page, shell completions, colour that
/// honours NO_COLOR, and progress on stderr.
struct CommandLineTests {
    /// The subcommands `mcip --help` lists.
    static func subcommands() throws -> [String] {
        let help = try runProcess(Repo.binary, ["--help"])
        guard let section = help.stdout.components(separatedBy: "SUBCOMMANDS:").last else { return [] }
        return section.split(separator: "\n").compactMap { line in
            // Entries are indented by two spaces; wrapped abstracts by many more.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return String(name)
        }.filter { $0 != "See" }
    }

    @Test func helpListsTheSubcommands() throws {
        let names = try Self.subcommands()
        for expected in ["generate", "export", "stats", "taxonomy", "lint", "audit", "verify", "trace", "prompt", "eval", "serve"] {
            #expect(names.contains(expected), "mcip --help lists \(expected)")
        }
    }

    @Test func everySubcommandHelpHasAnExample() throws {
        for name in try Self.subcommands() {
            let help = try runProcess(Repo.binary, ["help", name])
            #expect(help.status == 0)
            let text = help.stdout
            let marker = text.range(of: "Example:") ?? text.range(of: "Examples:")
            #expect(marker != nil, "mcip help \(name) has an example")
            if let marker { #expect(text[marker.upperBound...].contains("mcip \(name)"), "the example of \(name) runs mcip \(name)") }
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptMentionsEverySubcommand(shell: String) throws {
        let run = try runProcess(Repo.binary, ["--generate-completion-script", shell])
        #expect(run.status == 0)
        let names = try Self.subcommands()
        #expect(names.count >= 11)
        for name in names { #expect(run.stdout.contains(name), "\(shell) completion offers \(name)") }
        if shell == "bash" { #expect(run.stdout.contains("complete -o filenames -F")) }
    }

    /// Runs `command` under a pseudo-terminal (util-linux `script`), so stderr is a tty, with
    /// TERM=xterm, NO_COLOR unset (`swift test` sets it) and `environment` added.
    func underTerminal(_ command: String, environment: [String] = []) throws -> String {
        let run = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["-u", "NO_COLOR"] + environment + ["TERM=xterm", "script", "-qec", command, "/dev/null"])
        return run.stdout
    }

    @Test func errorPrefixIsColouredOnATerminalUnlessNoColor() throws {
        let missing = temporaryFolder("nocolor").appendingPathComponent("absent.sqlite").path
        let command = "\(Repo.binary.path) stats --db \(missing)"
        let coloured = try underTerminal(command)
        #expect(coloured.contains("\u{1B}[1;31mmcip:\u{1B}[0m \(missing): no such database"))
        let plain = try underTerminal(command, environment: ["NO_COLOR=1"])
        #expect(plain.contains("mcip: \(missing): no such database"))
        #expect(!plain.contains("\u{1B}"), "no escape codes with NO_COLOR set")
        let piped = try runProcess(Repo.binary, ["stats", "--db", missing])
        #expect(piped.stderr == "mcip: \(missing): no such database\n")
    }

    @Test func generateAndExportShowPlainProgressWhenPiped() throws {
        let folder = temporaryFolder("progress")
        let db = folder.appendingPathComponent("m.sqlite").path
        let generate = try runProcess(
            Repo.binary, ["generate", "--per-class", "4", "--seed", "3", "--db", db, "--templates", Repo.templates.path, "--seeds", Repo.seeds.path])
        #expect(generate.status == 0)
        let lines = generate.stderr.split(separator: "\n").map(String.init)
        #expect(lines.last == "generate 100% (44/44) replay_injection")
        #expect(lines.count >= 9 && lines.count <= 10, "one line per tenth passed: \(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("generate ") && $0.contains("/44)") })
        #expect(!generate.stderr.contains("\r") && !generate.stderr.contains("\u{1B}"))
        #expect(generate.stdout.hasPrefix("generated 44, stored"), "the summary stays on stdout")

        let export = try runProcess(Repo.binary, ["export", "--db", db, "--out", folder.appendingPathComponent("dataset").path])
        #expect(export.status == 0)
        #expect(export.stderr.split(separator: "\n").last == "export 100% (44/44)")
    }

    @Test func quietSilencesProgress() throws {
        let folder = temporaryFolder("quiet")
        let db = folder.appendingPathComponent("m.sqlite").path
        let generate = try runProcess(
            Repo.binary,
            ["generate", "--quiet", "--per-class", "2", "--seed", "3", "--db", db, "--templates", Repo.templates.path, "--seeds", Repo.seeds.path])
        #expect(generate.status == 0)
        #expect(generate.stderr.isEmpty)
        let export = try runProcess(Repo.binary, ["export", "--quiet", "--db", db, "--out", folder.appendingPathComponent("dataset").path])
        #expect(export.status == 0)
        #expect(export.stderr.isEmpty)
    }

    @Test func progressIsRedrawnInPlaceOnATerminal() throws {
        let folder = temporaryFolder("tty")
        let db = folder.appendingPathComponent("m.sqlite").path
        let out = try underTerminal(
            "\(Repo.binary.path) generate --per-class 2 --seed 3 --db \(db) --templates \(Repo.templates.path) --seeds \(Repo.seeds.path)")
        #expect(out.contains("\r\u{1B}[2Kgenerate ["))
        #expect(out.contains("] 22/22 100%"))
        // Only the final newline ends the redrawn line; the summary follows it.
        let beforeSummary = out.components(separatedBy: "generated 22").first ?? ""
        #expect(beforeSummary.filter { $0 == "\n" || $0 == "\r\n" }.count == 1)
    }
}
