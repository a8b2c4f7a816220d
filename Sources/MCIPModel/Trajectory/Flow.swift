/// An MCI information flow: SENDER sends SUBJECT's INFORMATION TYPE to RECIPIENT under a
/// TRANSMISSION PRINCIPLE (the paper's five-tuple), numbered in trajectory order.
public struct Flow: Sendable, Hashable {
    public var step: Int
    public var sender: String
    public var recipient: String
    public var subject: String
    public var infoType: String
    public var principle: String

    public init(step: Int, sender: String, recipient: String, subject: String, infoType: String, principle: String) {
        self.step = step
        self.sender = sender
        self.recipient = recipient
        self.subject = subject
        self.infoType = infoType
        self.principle = principle
    }

    public var json: JSON {
        [
            "step": .int(step), "sender": .string(sender), "recipient": .string(recipient), "subject": .string(subject),
            "info_type": .string(infoType), "principle": .string(principle),
        ]
    }

    /// `json`, written directly (members in code-point order).
    public func write(into w: inout JSONWriter) {
        w.appendRaw(#"{"info_type":"#)
        w.writeString(infoType)
        w.appendRaw(#","principle":"#)
        w.writeString(principle)
        w.appendRaw(#","recipient":"#)
        w.writeString(recipient)
        w.appendRaw(#","sender":"#)
        w.writeString(sender)
        w.appendRaw(#","step":"#)
        w.appendRaw(String(step))
        w.appendRaw(#","subject":"#)
        w.writeString(subject)
        w.appendRaw("}")
    }

    public init?(json: JSON) {
        guard let step = json["step"]?.intValue, let s = json["sender"]?.stringValue, let r = json["recipient"]?.stringValue
        else { return nil }
        self.init(
            step: step, sender: s, recipient: r, subject: json["subject"]?.stringValue ?? "",
            infoType: json["info_type"]?.stringValue ?? "", principle: json["principle"]?.stringValue ?? "")
    }
}
