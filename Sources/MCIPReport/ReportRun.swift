import Foundation
import MCIPExport

/// `mcip report`: gathers the figures and writes the page, replacing the file atomically.
public enum ReportRun {
    public struct Summary: Sendable {
        public var figures: ReportFigures
        public var bytes: Int
        public var charts: Int
    }

    public static func run(_ options: ReportOptions) throws -> Summary {
        let figures = try ReportFigures.gather(options)
        let page = HTMLReport.render(figures)
        let data = Data(page.utf8)
        let folder = options.out.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try data.write(to: options.out, options: .atomic)
        return Summary(figures: figures, bytes: data.count, charts: ReportCharts.ids.count)
    }
}
