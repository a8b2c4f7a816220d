"""Loads an mcip export folder with Hugging Face `datasets`, one config per argument, the way a
user would: `load_dataset(folder, config)`. Run offline with a temporary HF_HOME.

Prints one JSON object: {"version": datasets version, "card": the card's metadata as the Hub
reads it, "configs": {config: {"splits": {split: rows}, "features": str(features of train),
"first": the first train row}}}, or exits 1 with the error of the first config that fails.

usage: load_dataset.py FOLDER CONFIG...
"""
import json
import os
import sys
import tempfile

import datasets
from huggingface_hub import DatasetCard


def main() -> int:
    folder, configs = sys.argv[1], sys.argv[2:]
    card = DatasetCard.load(os.path.join(folder, "README.md"))
    out = {"version": datasets.__version__, "card": card.data.to_dict(), "configs": {}}
    for config in configs:
        try:
            loaded = datasets.load_dataset(folder, config, cache_dir=tempfile.mkdtemp(prefix="hf-cache-"))
        except Exception as error:  # report which config failed and why
            cause = error.__cause__ or error.__context__ or error
            print(f"{config}: {type(error).__name__}: {error} ({type(cause).__name__}: {cause})", file=sys.stderr)
            return 1
        out["configs"][config] = {
            "splits": {name: split.num_rows for name, split in loaded.items()},
            "features": str(loaded["train"].features),
            "first": loaded["train"][0],
        }
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
