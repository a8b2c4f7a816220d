/// The counts behind one label's precision, recall and F1.
public struct LabelScore: Sendable, Equatable {
    /// Items whose gold label this is.
    public var support = 0
    /// Items predicted as this label.
    public var predicted = 0
    /// Items with this label in both gold and prediction.
    public var correct = 0

    public init(support: Int = 0, predicted: Int = 0, correct: Int = 0) {
        self.support = support
        self.predicted = predicted
        self.correct = correct
    }

    /// 0 when nothing was predicted as this label, as scikit-learn reports it.
    public var precision: Double { ratio(correct, predicted) }
    public var recall: Double { ratio(correct, support) }
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
}

/// Accuracy, macro-F1 and per-label scores of (gold, predicted) pairs. A nil prediction (an
/// unparsed output) is wrong for its gold label and is not a label of its own.
public struct Scores<Label: Hashable & Comparable & Sendable>: Sendable {
    public let total: Int
    public let correct: Int
    /// The labels present in gold or predictions, the ones scikit-learn's macro average counts.
    public let perLabel: [Label: LabelScore]

    public init(_ pairs: [(gold: Label, predicted: Label?)]) {
        var perLabel: [Label: LabelScore] = [:]
        var correct = 0
        for (gold, predicted) in pairs {
            perLabel[gold, default: LabelScore()].support += 1
            guard let predicted else { continue }
            perLabel[predicted, default: LabelScore()].predicted += 1
            if predicted == gold {
                perLabel[gold]!.correct += 1
                correct += 1
            }
        }
        self.total = pairs.count
        self.correct = correct
        self.perLabel = perLabel
    }

    public subscript(label: Label) -> LabelScore { perLabel[label] ?? LabelScore() }

    public var accuracy: Double { ratio(correct, total) }

    /// The mean F1 over the labels present in gold or predictions (scikit-learn's
    /// `average="macro"`), summed in label order so the result is the same on every run.
    public var macroF1: Double {
        let f1 = perLabel.keys.sorted().map { perLabel[$0]!.f1 }
        return ratio(f1.reduce(0, +), Double(f1.count))
    }
}

func ratio(_ part: Int, _ whole: Int) -> Double { ratio(Double(part), Double(whole)) }

/// 0 for an empty denominator, as scikit-learn's `zero_division` default reports it.
func ratio(_ part: Double, _ whole: Double) -> Double { whole == 0 ? 0 : part / whole }
