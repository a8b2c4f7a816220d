#!/usr/bin/env python3
"""Validates every MCP message in native JSONL files against the official MCP JSON Schema.

Each message is checked as JSONRPCMessage and as the specific MCP type it is: a request as
ClientRequest and ListToolsRequest / CallToolRequest, a result response as
JSONRPCResultResponse with its result as ServerResult and ListToolsResult / CallToolResult
(chosen by the request it answers), an error as JSONRPCErrorResponse. Every response must
answer an earlier request of the same client-server connection, and request ids must not be
reused on a connection. Prints a JSON summary; exits 1 on any problem.

usage: validate_mcp.py SCHEMA FILE.jsonl [FILE.jsonl ...]
"""
import json
import sys

from jsonschema import Draft202012Validator


def main():
    schema = json.load(open(sys.argv[1]))
    defs = schema["$defs"]

    def validator(name):
        return Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": defs})

    v = {name: validator(name) for name in [
        "JSONRPCMessage", "ClientRequest", "ListToolsRequest", "CallToolRequest", "JSONRPCResultResponse",
        "ServerResult", "ListToolsResult", "CallToolResult", "JSONRPCErrorResponse"]}
    problems = []
    counts = {"records": 0, "messages": 0}
    by_type = {}

    def check(name, instance, where):
        errors = list(v[name].iter_errors(instance))
        if errors:
            problems.append(f"{where}: not a valid {name}: {errors[0].message[:200]}")
        by_type[name] = by_type.get(name, 0) + 1

    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                record = json.loads(line)
                counts["records"] += 1
                pending = {}  # (server, id) -> method
                answered = set()
                for i, event in enumerate(record["events"]):
                    message = event.get("message")
                    if message is None:
                        continue
                    counts["messages"] += 1
                    where = f"{path}:{n}: event {i}"
                    check("JSONRPCMessage", message, where)
                    if "method" in message and "id" in message:
                        if event["from"] != "client" or not event["to"].startswith("server:"):
                            problems.append(f"{where}: request not sent by the client to a server")
                        key = (event["to"], message["id"])
                        if key in pending or key in answered:
                            problems.append(f"{where}: request id {message['id']} reused on {event['to']}")
                        pending[key] = message["method"]
                        check("ClientRequest", message, where)
                        specific = {"tools/list": "ListToolsRequest", "tools/call": "CallToolRequest"}.get(message["method"])
                        if specific:
                            check(specific, message, where)
                    elif "result" in message or "error" in message:
                        key = (event["from"], message.get("id"))
                        method = pending.pop(key, None)
                        if method is None:
                            problems.append(f"{where}: response id {message.get('id')} answers no earlier request from {event['from']}")
                            continue
                        answered.add(key)
                        if "error" in message:
                            check("JSONRPCErrorResponse", message, where)
                        else:
                            check("JSONRPCResultResponse", message, where)
                            check("ServerResult", message["result"], where)
                            specific = {"tools/list": "ListToolsResult", "tools/call": "CallToolResult"}.get(method)
                            if specific:
                                check(specific, message["result"], where)
                    else:
                        problems.append(f"{where}: neither a request nor a response")
    print(json.dumps({"counts": counts, "checked": by_type, "problems": len(problems), "first": problems[:10]}, sort_keys=True))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
