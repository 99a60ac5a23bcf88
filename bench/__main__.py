"""Run every benchmark section that its dependencies allow, one after another, and print a report."""

from __future__ import annotations

import importlib
import os
import sys

SECTIONS = [
    "bench.extraction", "bench.long_texts", "bench.peer", "bench.ingest_speed", "bench.search_speed", "bench.pages",
    "bench.scale",
    "bench.formats", "bench.scans",
]


def main() -> int:
    only = sys.argv[1:]
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    for name in SECTIONS:
        if only and name.split(".")[-1] not in only:
            continue
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        print(mod.report(mod.run()), flush=True)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
