import MCIPModel

/// The shape rules of an `openai` record, for `mcip verify`: what a tool-calling fine-tuning
/// loader relies on (roles, a tool message answering each call id exactly once, arguments that
/// parse as a JSON object, called functions that are on offer) and a label that agrees with
/// the category.
enum OpenAIShape {
    static func problem(_ o: [String: JSON]) -> String? {
        guard Set(o.keys) == ["id", "messages", "tools", "category", "label", "safe"] else {
            return "openai records hold exactly id, messages, tools, category, label and safe"
        }
        guard let c = o["category"]?.stringValue.flatMap(MCIPClass.init(rawValue:)), o["label"]?.stringValue == c.paperLabel,
            o["safe"]?.boolValue == c.isSafe
        else { return "category, label and safe disagree" }
        guard let tools = o["tools"]?.arrayValue else { return "tools is not an array" }
        var offered: Set<String> = []
        for tool in tools {
            guard tool["type"] == "function", let name = tool["function"]?["name"]?.stringValue,
                tool["function"]?["description"]?.stringValue != nil, tool["function"]?["parameters"]?.objectValue != nil
            else { return "a tool is not {type: function, function: {name, description, parameters}}" }
            guard offered.insert(name).inserted else { return "tool \(name) is offered twice" }
        }
        guard let messages = o["messages"]?.arrayValue, messages.first?["role"] == "system" else {
            return "messages must start with the system message"
        }
        guard messages.contains(where: { $0["role"] == "user" }) else { return "no user message" }
        var open: Set<String> = []
        var answered: Set<String> = []
        for (i, m) in messages.enumerated() {
            switch m["role"]?.stringValue {
            case "system" where i == 0, "user":
                guard m["content"]?.stringValue != nil else { return "message \(i) has no text content" }
            case "assistant":
                if let calls = m["tool_calls"]?.arrayValue {
                    for call in calls {
                        guard let id = call["id"]?.stringValue, call["type"] == "function", let name = call["function"]?["name"]?.stringValue,
                            let arguments = call["function"]?["arguments"]?.stringValue
                        else { return "message \(i): a tool call lacks id, type function, name or arguments" }
                        guard offered.contains(name) else { return "message \(i) calls \(name), which tools does not offer" }
                        guard (try? JSONParser.parse(arguments))?.objectValue != nil else { return "message \(i): arguments are not a JSON object" }
                        guard !open.contains(id) && !answered.contains(id) else { return "message \(i): tool call id \(id) is used twice" }
                        open.insert(id)
                    }
                } else if m["content"]?.stringValue == nil {
                    return "message \(i): an assistant message needs content or tool_calls"
                }
            case "tool":
                guard let id = m["tool_call_id"]?.stringValue, open.remove(id) != nil else {
                    return "message \(i): a tool message answers no open tool call"
                }
                guard m["content"]?.stringValue != nil else { return "message \(i): a tool message needs content" }
                answered.insert(id)
            default:
                return "message \(i) has an unexpected role"
            }
        }
        if let id = open.sorted().first { return "tool call \(id) is never answered" }
        return nil
    }
}
