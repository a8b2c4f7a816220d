import Foundation

/// A bar chart drawn as inline SVG: one bar per (category, series), side by side (grouped) or
/// end to end (stacked), horizontal (a row per category) or vertical (a column per category).
/// Every bar is a `<rect class="bar">` with a `<title>` tooltip, so a reader can hover for the
/// exact value and a test can count the bars. No scripts, no external resources.
struct BarChart {
    enum Orientation: Sendable { case horizontal, vertical }

    struct Series: Sendable {
        var name: String
        var color: String
        /// One value per category.
        var values: [Double]
    }

    /// The `id` of the chart's section; `data-chart` of its `<svg>`.
    var id: String
    var title: String
    /// One or two sentences under the heading: what is counted and how to read it.
    var caption: String
    var categories: [String]
    var series: [Series]
    var orientation: Orientation = .horizontal
    var stacked = false
    /// The axis maximum; nil means from the data.
    var axisMax: Double?
    /// How a value reads in tooltips, axis ticks and bar-end labels.
    var format: (Double) -> String = { BarChart.integer($0) }
    /// Text at the end of each row (horizontal charts), e.g. a total; nil for none.
    var rowLabels: [String]?
    /// Whether axis ticks are whole numbers (counts) or may be fractions (shares).
    var wholeNumbers = true
    /// Whether each bar of a vertical chart has its value written above it.
    var valueLabels = false

    static let width = 960.0

    var barCount: Int { categories.count * series.count }

    func svg() -> String {
        orientation == .horizontal ? horizontal() : vertical()
    }

    // MARK: Layouts

    private func horizontal() -> String {
        let left = 270.0, right = 110.0, top = 34.0, axis = 28.0
        let barHeight = stacked ? 18.0 : 12.0
        let rowHeight = stacked ? 26.0 : Double(series.count) * barHeight + 10
        let plotWidth = BarChart.width - left - right
        let height = top + Double(categories.count) * rowHeight + axis
        let (maxValue, ticks) = scale()
        var out = open(height: height)
        out += legend(y: 12)
        for tick in ticks {
            let x = left + plotWidth * tick / maxValue
            out += line(x, top - 4, x, height - axis + 2, "grid")
            out += text(format(tick), x: x, y: height - axis + 16, anchor: "middle", cls: "tick")
        }
        for (row, category) in categories.enumerated() {
            let rowTop = top + Double(row) * rowHeight
            out += text(category, x: left - 8, y: rowTop + rowHeight / 2 + 4, anchor: "end", cls: "label")
            var offset = 0.0
            for (s, series) in series.enumerated() {
                let value = series.values[row]
                let w = plotWidth * value / maxValue
                let y = stacked ? rowTop + (rowHeight - barHeight) / 2 : rowTop + 5 + Double(s) * barHeight
                out += bar(x: left + offset, y: y, w: w, h: barHeight - (stacked ? 0 : 1), series: series, category: category, value: value)
                if stacked { offset += w }
            }
            if let rowLabels {
                let end = stacked ? offset : plotWidth * (series.map { $0.values[row] }.max() ?? 0) / maxValue
                out += text(rowLabels[row], x: left + end + 6, y: rowTop + rowHeight / 2 + 4, anchor: "start", cls: "value")
            }
        }
        out += line(left, top - 4, left, height - axis + 2, "axis")
        return out + "</svg>"
    }

    private func vertical() -> String {
        let left = 64.0, right = 20.0, top = 40.0, bottom = 46.0, plotHeight = 260.0
        let height = top + plotHeight + bottom
        let plotWidth = BarChart.width - left - right
        let slot = plotWidth / Double(max(categories.count, 1))
        let barWidth = (slot - 10) / Double(stacked ? 1 : max(series.count, 1))
        let (maxValue, ticks) = scale()
        var out = open(height: height)
        out += legend(y: 14)
        for tick in ticks {
            let y = top + plotHeight - plotHeight * tick / maxValue
            out += line(left - 4, y, BarChart.width - right, y, "grid")
            out += text(format(tick), x: left - 8, y: y + 4, anchor: "end", cls: "tick")
        }
        for (column, category) in categories.enumerated() {
            let x0 = left + Double(column) * slot + 5
            var offset = 0.0
            for (s, series) in series.enumerated() {
                let value = series.values[column]
                let h = plotHeight * value / maxValue
                let x = stacked ? x0 : x0 + Double(s) * barWidth
                out += bar(x: x, y: top + plotHeight - offset - h, w: barWidth - (stacked ? 0 : 1), h: h, series: series, category: category, value: value)
                if valueLabels && !stacked {
                    out += text(format(value), x: x + barWidth / 2, y: top + plotHeight - h - 5, anchor: "middle", cls: "value")
                }
                if stacked { offset += h }
            }
            out += text(category, x: x0 + (slot - 10) / 2, y: top + plotHeight + 18, anchor: "middle", cls: "label")
        }
        out += line(left, top + plotHeight, BarChart.width - right, top + plotHeight, "axis")
        return out + "</svg>"
    }

    // MARK: Pieces

    private func open(height: Double) -> String {
        "<svg class=\"chart\" data-chart=\"\(id)\" data-bars=\"\(barCount)\" role=\"img\" width=\"\(n(BarChart.width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(BarChart.width)) \(n(height))\"><title>\(HTML.escape(title))</title>"
    }

    /// Series swatches and names along the top.
    private func legend(y: Double) -> String {
        guard series.count > 1 else { return "" }
        var out = "<g class=\"legend\">"
        var x = orientation == .horizontal ? 270.0 : 64.0
        for s in series {
            out += "<rect x=\"\(n(x))\" y=\"\(n(y - 9))\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/>"
            out += text(s.name, x: x + 17, y: y + 1, anchor: "start", cls: "legend-label")
            x += 34 + Double(s.name.count) * 7
        }
        return out + "</g>"
    }

    private func bar(x: Double, y: Double, w: Double, h: Double, series: Series, category: String, value: Double) -> String {
        "<rect class=\"bar\" data-series=\"\(HTML.escape(series.name))\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(w, 0)))\" "
            + "height=\"\(n(max(h, 0)))\" fill=\"\(series.color)\"><title>\(HTML.escape(category)) · \(HTML.escape(series.name)): "
            + "\(HTML.escape(format(value)))</title></rect>"
    }

    private func text(_ s: String, x: Double, y: Double, anchor: String, cls: String) -> String {
        "<text class=\"\(cls)\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\">\(HTML.escape(s))</text>"
    }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) -> String {
        "<line class=\"\(cls)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>"
    }

    /// The axis maximum and its ticks: 1, 2, 2.5 or 5 times a power of ten, about five of them.
    private func scale() -> (Double, [Double]) {
        let dataMax = categories.indices.map { i in
            stacked ? series.reduce(0) { $0 + $1.values[i] } : series.map { $0.values[i] }.max() ?? 0
        }.max() ?? 0
        let top = axisMax ?? (dataMax > 0 ? dataMax : 1)
        let raw = wholeNumbers ? max(top / 5, 1) : top / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw && (!wholeNumbers || $0 == $0.rounded()) } ?? raw
        let maxValue = axisMax ?? (ceil(top / step) * step)
        return (maxValue, stride(from: 0, through: maxValue + step / 1000, by: step).map { $0 })
    }

    /// Coordinates with at most one decimal, so the SVG is short and reproducible.
    private func n(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func integer(_ x: Double) -> String { String(Int(x.rounded())) }

    static func percent(_ x: Double) -> String {
        let p = (x * 1000).rounded() / 10
        return (p == p.rounded() ? String(Int(p)) : String(p)) + "%"
    }
}
