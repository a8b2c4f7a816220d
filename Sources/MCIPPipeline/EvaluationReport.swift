import Foundation
import MCIPAudit
import MCIPModel

/// `mcip eval` for people: the headline figures, per-class scores and the confusion matrix.
public enum EvaluationReport {
    public static func render(_ e: Evaluation) -> String {
        let summary = TextTable(
            headers: ["task", "accuracy", "macro-F1"],
            rows: [
                ["11-way (Risk Resistance)", percent(e.classes.accuracy), percent(e.classes.macroF1)],
                ["binary (Safety Awareness)", percent(e.binary.accuracy), percent(e.binary.macroF1)],
            ])
        let unparsed = "unparsed outputs: \(e.unparsed) of \(e.total), "
            + (e.excludesUnparsed ? "left out of the figures" : "counted as wrong")
        let perClass = TextTable(
            headers: ["class", "label", "precision", "recall", "F1", "support", "predicted"],
            rows: MCIPClass.allCases.map { c in
                let s = e.classes[c]
                // A class in neither gold nor predictions has no scores and is not in the macro average.
                let scores = s.support + s.predicted == 0 ? ["-", "-", "-"] : [percent(s.precision), percent(s.recall), percent(s.f1)]
                return [c.option, c.paperLabel] + scores + [String(s.support), String(s.predicted)]
            })
        let columns: [MCIPClass?] = MCIPClass.allCases + [nil]
        let confusion = TextTable(
            headers: ["gold"] + columns.map { $0?.letter ?? "unparsed" },
            rows: MCIPClass.allCases.map { g in [g.letter] + columns.map { String(e.confusion(gold: g, predicted: $0)) } })
        return [
            summary.render(), unparsed, "", perClass.render(), "", "confusion: gold rows, predicted columns", confusion.render(),
        ].joined(separator: "\n")
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
}
