import Foundation
import MCIPExport
import MCIPModel
import MCIPReport
import Testing

/// Bars each chart draws for the shared dataset: categories × series.
func expectedBars(_ html: String) -> [String: Int] {
    let bodyBins = svgs(html)["body-lengths"].map { attribute("data-bars", in: $0) } ?? 0
    return ["splits": 33, "body-lengths": bodyBins, "calls": 55, "duplicates": 22, "clusters": 6, "oracle": 11, "diversity": 33]
}

/// The `<svg>` elements of a page by their `data-chart`.
func svgs(_ html: String) -> [String: String] {
    var out: [String: String] = [:]
    for part in html.components(separatedBy: "<svg ").dropFirst() {
        let svg = part.components(separatedBy: "</svg>")[0]
        if let id = svg.range(of: #"data-chart="([^"]+)""#, options: .regularExpression).map({ String(svg[$0].dropFirst(12).dropLast()) }) {
            out[id] = svg
        }
    }
    return out
}

func attribute(_ name: String, in svg: String) -> Int {
    guard let r = svg.range(of: "\(name)=\"[0-9]+\"", options: .regularExpression) else { return -1 }
    return Int(svg[r].dropFirst(name.count + 2).dropLast()) ?? -1
}

func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

@Suite struct ReportTests {
    @Test func splitCountsEqualWhatExportWrites() throws {
        let data = try sharedDataset.get()
        let manifest = try JSONParser.parse(String(contentsOf: data.file("manifest.json"), encoding: .utf8))
        let figures = try ReportFigures.gather(ReportOptions(database: data.database, out: data.folder.appendingPathComponent("r.html")))
        for split in Split.allCases {
            for c in MCIPClass.allCases {
                #expect(figures.splitCounts[split]?[c.id] == manifest["counts"]?[split.rawValue]?[c.id]?.intValue, "\(split)/\(c.id)")
            }
        }
        // With a server holdout too: the same assignment as `mcip export --holdout servers`.
        let out = data.folder.appendingPathComponent("report-holdout")
        let exported = try ExportRun.run(ExportOptions(database: data.database, out: out, holdout: .servers, formats: [.bench]))
        let held = try ReportFigures.gather(ReportOptions(database: data.database, out: out.appendingPathComponent("r.html"), holdout: .servers))
        for split in Split.allCases {
            #expect(held.splitCounts[split] ?? [:] == (exported.counts[split] ?? [:]), "\(split)")
        }
        #expect(held.excluded == exported.excluded && held.heldOut == exported.heldOut)
    }

    @Test func pageIsSelfContainedWithOneSVGPerChart() throws {
        let data = try sharedDataset.get()
        let manifest = try JSONParser.parse(String(contentsOf: data.file("manifest.json"), encoding: .utf8))
        let page = data.folder.appendingPathComponent("report.html")
        let summary = try ReportRun.run(ReportOptions(database: data.database, out: page))
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>\n") && html.hasSuffix("</html>\n"))
        for external in ["http:", "https:", "src=", "href=", "url(", "@import", "<script", "<link", "<iframe"] {
            #expect(!html.contains(external), "the page refers to something outside it: \(external)")
        }
        let charts = svgs(html)
        #expect(occurrences("<svg ", in: html) == 7 && summary.charts == 7)
        #expect(charts.keys.sorted() == ReportCharts.ids.sorted())
        let expected = expectedBars(html)
        #expect((expected["body-lengths"] ?? 0) >= 6 && expected["body-lengths"]! % 2 == 0)
        for (id, svg) in charts {
            let bars = occurrences("<rect class=\"bar\"", in: svg)
            #expect(bars == expected[id], "\(id): \(bars) bars")
            #expect(attribute("data-bars", in: svg) == bars)
            #expect(occurrences("<title>", in: svg) == bars + 1, "\(id): one title for the chart and one per bar")
            #expect(html.contains("<section class=\"figure\" id=\"\(id)\">\n<h2>"))
        }
        // The split chart's tooltips carry the export's counts.
        for split in Split.allCases {
            for c in MCIPClass.allCases {
                let n = manifest["counts"]?[split.rawValue]?[c.id]?.intValue ?? -1
                #expect(charts["splits"]!.contains("<title>\(c.option) · \(split.rawValue): \(n)</title>"), "\(c.id) \(split)")
            }
        }
        for c in MCIPClass.allCases {
            #expect(charts["oracle"]!.contains("<title>\(c.option) · agreement: 100%</title>"))
            #expect(html.contains("<td><code>\(c.paperLabel)</code></td>"), "taxonomy row \(c.id)")
        }
        #expect(occurrences("<tr><td>", in: html) == 11)
        // Same database, same page.
        #expect(HTMLReport.render(try ReportFigures.gather(ReportOptions(database: data.database, out: page))) == html)
    }

    @Test func chromiumRendersEveryChart() throws {
        guard let chromium = Chromium.find() else {
            Issue.record("chromium is not installed (apt-get install chromium; .ci/run installs it)")
            return
        }
        let data = try sharedDataset.get()
        let work = temporaryFolder("report-render")
        let page = work.appendingPathComponent("report.html")
        let made = try runProcess(Repo.binary, ["report", "--db", data.database, "--out", page.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("wrote 7 charts for 440 samples"))
        let html = try String(contentsOf: page, encoding: .utf8)

        // The DOM Chromium builds from the page: every chart and bar survives parsing.
        let dom = try chromium.run(["--dump-dom", page.absoluteString], profile: work.appendingPathComponent("profile-dom"))
        #expect(occurrences("<svg ", in: dom) == 7)
        let domCharts = svgs(dom)
        for (id, n) in expectedBars(html) {
            #expect(occurrences("<rect class=\"bar\"", in: domCharts[id] ?? "") == n, "\(id) in the DOM")
        }

        // The screenshot: the size asked for, not blank, every palette colour painted.
        let png = work.appendingPathComponent("report.png")
        _ = try chromium.run(
            ["--hide-scrollbars", "--screenshot=\(png.path)", "--window-size=1100,5200", page.absoluteString], profile: work.appendingPathComponent("profile-shot"))
        let palette = ReportCharts.Palette.self
        let colors = Set([palette.train, palette.validation, palette.test, palette.safe, palette.attacked, palette.exact, palette.near] + palette.calls)
        let stats = try python([Repo.fixtures.appendingPathComponent("png_stats.py").path, png.path] + colors.sorted())
        #expect(stats.status == 0, "\(stats.stderr)")
        let s = try JSONParser.parse(stats.stdout)
        #expect(s["width"] == 1100 && s["height"] == 5200)
        let white = s["white_share"].flatMap { if case .double(let d) = $0 { d } else { nil } } ?? 1
        #expect(white > 0.5 && white < 0.97, "white share \(white)")
        #expect((s["distinct_colors"]?.intValue ?? 0) > 50)
        let last = s["last_content_row"]?.intValue ?? -1
        #expect(last > 2500 && last < 5200 - 20, "the page ends at row \(last): it must fit the window")
        for color in colors.sorted() {
            #expect((s["colors"]?[color]?.intValue ?? 0) > 150, "\(color) is hardly painted: \(s["colors"]?[color]?.intValue ?? 0) pixels")
        }
    }

    @Test func badOptionsAndMissingDatabasesAreRefused() throws {
        let work = temporaryFolder("report-bad")
        let out = work.appendingPathComponent("r.html")
        let missing = try runProcess(Repo.binary, ["report", "--db", work.appendingPathComponent("none.sqlite").path, "--out", out.path])
        #expect(missing.status == 1 && missing.stderr.contains("none.sqlite: no such database"), "\(missing.stderr)")
        let split = try runProcess(Repo.binary, ["report", "--db", "x.sqlite", "--out", out.path, "--split", "0.5,0.5"])
        #expect(split.status == 64 && split.stderr.contains("--split needs three"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// Headless Chromium, for rendering the report as a browser does.
struct Chromium {
    let executable: URL

    static func find() -> Chromium? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return Chromium(executable: url) }
            }
        }
        return nil
    }

    /// Runs headless with its own profile folder (so runs in parallel do not share one); returns stdout.
    func run(_ arguments: [String], profile: URL) throws -> String {
        let result = try runProcess(
            executable, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)", "--timeout=30000"] + arguments)
        guard result.status == 0 else { throw TestFailure("chromium exit \(result.status): \(result.stderr.suffix(1500))") }
        return result.stdout
    }
}
