"""Writes the dedup benchmark's input: the dialogue part of every bench record's body.

Usage: python3 dialogues.py OUT.jsonl IN.jsonl [IN.jsonl ...]

Each output line is {"id": ..., "text": ...}, the text being what follows the body's "Chat:"
line: the user's request, the calls with their arguments and responses, and the answer
(a few hundred bytes, like the dialogues of public function-calling corpora).
"""
import json
import sys


def main() -> None:
    out_path, inputs = sys.argv[1], sys.argv[2:]
    n = 0
    total = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for path in inputs:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    record = json.loads(line)
                    body = record["body"]
                    text = body.split("\nChat:\n", 1)[-1]
                    out.write(json.dumps({"id": record["id"], "text": text}, ensure_ascii=False, sort_keys=True) + "\n")
                    n += 1
                    total += len(text.encode("utf-8"))
    print(f"{n} dialogues, {total / max(n, 1):.0f} bytes each on average -> {out_path}")


if __name__ == "__main__":
    main()
