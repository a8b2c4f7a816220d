"""Near-duplicate removal with datasketch and with rensa, for comparison with `mcip dedup`.

Usage: python3 dedup_compare.py FILE.jsonl FIELD THRESHOLD

Both read the same JSONL file, shingle FIELD into word 5-grams (words are runs of letters and
digits, lower-cased, as mcip does), build 128-permutation MinHash signatures, and keep a
record unless the LSH index at THRESHOLD already holds a candidate for it (neither library
confirms a candidate with a computed Jaccard, which mcip does). Prints one JSON line per
library with records/s.
"""
import json
import re
import sys
import time

WORD = re.compile(r"[a-z0-9\x80-\uffff]+")
NGRAM = 5
PERM = 128


def shingles(text: str) -> list:
    words = WORD.findall(text.lower())
    if len(words) <= NGRAM:
        return [" ".join(words)]
    return [" ".join(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1)]


def records(path: str, field: str):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)[field]


def run_datasketch(path: str, field: str, threshold: float) -> dict:
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=PERM)
    n = kept = 0
    for text in records(path, field):
        m = MinHash(num_perm=PERM)
        m.update_batch([s.encode("utf-8") for s in shingles(text)])
        if not lsh.query(m):
            lsh.insert(n, m)
            kept += 1
        n += 1
    seconds = time.perf_counter() - start
    return {"tool": "datasketch", "records": n, "kept": kept, "seconds": round(seconds, 3), "records_per_s": round(n / seconds)}


def run_rensa(path: str, field: str, threshold: float) -> dict:
    from rensa import RMinHash, RMinHashLSH

    start = time.perf_counter()
    lsh = RMinHashLSH(threshold=threshold, num_perm=PERM, num_bands=16)
    n = kept = 0
    for text in records(path, field):
        m = RMinHash(num_perm=PERM, seed=42)
        m.update(shingles(text))
        if not lsh.query(m):
            lsh.insert(n, m)
            kept += 1
        n += 1
    seconds = time.perf_counter() - start
    return {"tool": "rensa", "records": n, "kept": kept, "seconds": round(seconds, 3), "records_per_s": round(n / seconds)}


def main() -> None:
    path, field, threshold = sys.argv[1], sys.argv[2], float(sys.argv[3])
    for run in (run_datasketch, run_rensa):
        print(json.dumps(run(path, field, threshold), sort_keys=True), flush=True)


if __name__ == "__main__":
    main()
