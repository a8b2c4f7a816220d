#!/usr/bin/env python3
"""Validates every MCP message in session logs (the forms `mcip trace` reads) against the
official MCP JSON Schema, so the sample logs are real MCP traffic.

Each message is checked as JSONRPCMessage and as its specific MCP type: a request or
notification as the definition whose `method` constant it carries (an unknown method is a
problem), a result as the result type of the request it answers (InitializeResult,
ListToolsResult, CallToolResult, ...; `Result` where the schema has no specific one), an
error as JSONRPCErrorResponse. Every response must answer an earlier request of the same
connection, in the opposite direction. Prints a JSON summary; exits 1 on any problem.

usage: validate_logs.py SCHEMA FILE.jsonl [FILE.jsonl ...]
"""
import json
import sys

from jsonschema import Draft202012Validator

# Methods only a server sends, so a bare log's direction can be told (as `mcip trace` does).
SENT_BY_SERVER = {
    "sampling/createMessage", "elicitation/create", "roots/list", "notifications/message", "notifications/progress",
    "notifications/tools/list_changed", "notifications/resources/list_changed", "notifications/resources/updated",
    "notifications/prompts/list_changed", "notifications/tasks/status", "notifications/elicitation/complete",
}


def main():
    schema = json.load(open(sys.argv[1]))
    defs = schema["$defs"]
    validators = {}

    def validator(name):
        if name not in validators:
            validators[name] = Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": defs})
        return validators[name]

    # method -> request or notification definition, and the result definition of a request.
    by_method, result_of = {}, {}
    for name, d in defs.items():
        const = d.get("properties", {}).get("method", {}).get("const")
        if const and (name.endswith("Request") or name.endswith("Notification")):
            by_method[const] = name
            if name.endswith("Request"):
                result = name[: -len("Request")] + "Result"
                result_of[const] = result if result in defs else "Result"

    problems, checked = [], {}
    counts = {"files": 0, "messages": 0}

    def check(name, instance, where):
        errors = list(validator(name).iter_errors(instance))
        if errors:
            problems.append(f"{where}: not a valid {name}: {errors[0].message[:200]}")
        checked[name] = checked.get(name, 0) + 1

    for path in sys.argv[2:]:
        counts["files"] += 1
        pending = {}  # (requester, responder, id) -> method
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                entry = json.loads(line)
                where = f"{path}:{n}"
                if "from" in entry:
                    if "text" in entry:
                        continue
                    sender, recipient, message = entry["from"], entry["to"], entry["message"]
                elif "direction" in entry:
                    server, message = "server:" + entry["server"], entry["message"]
                    sender, recipient = ("client", server) if entry["direction"] == "outgoing" else (server, "client")
                else:
                    message = entry
                    method = message.get("method")
                    if method is not None:
                        sender, recipient = ("server", "client") if method in SENT_BY_SERVER else ("client", "server")
                    elif ("client", "server", message.get("id")) in pending:
                        sender, recipient = "server", "client"
                    else:
                        sender, recipient = "client", "server"
                counts["messages"] += 1
                check("JSONRPCMessage", message, where)
                if "method" in message:
                    name = by_method.get(message["method"])
                    if name is None:
                        problems.append(f"{where}: {message['method']} is not an MCP method")
                        continue
                    check(name, message, where)
                    if "id" in message:
                        pending[(sender, recipient, message["id"])] = message["method"]
                    continue
                method = pending.pop((recipient, sender, message.get("id")), None)
                if method is None:
                    problems.append(f"{where}: response id {message.get('id')} answers no earlier request from {recipient}")
                elif "error" in message:
                    check("JSONRPCErrorResponse", message, where)
                else:
                    check("JSONRPCResultResponse", message, where)
                    check(result_of[method], message["result"], where)
    print(json.dumps({"counts": counts, "checked": checked, "problems": len(problems), "first": problems[:10]}, sort_keys=True))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
