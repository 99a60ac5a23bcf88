"""Every regular expression of the project, timed on hostile strings (run as a script by
tests/test_regex_audit.py, so that a pattern that never ends is stopped by a timeout and named).

Patterns come from two places: the module-level compiled patterns (and those in module-level
dicts, lists and caches once the lazy builders ran), and every string literal given to `re.*`
in the source. Each is run with `finditer` over runs of one or two characters, closed by a
character that makes the match fail. A pattern with nested or adjacent unbounded quantifiers
over the same characters backtracks cubically or worse on such runs: at 256 characters it takes
tenths of seconds where a linear or quadratic one takes a millisecond.

    python tests/regex_audit.py       # prints the slow patterns, exits 1 when there are some
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "extract", "corpus", "api")
RUN = 200
LIMIT_S = 0.05  # at twice RUN characters, and more than GROWTH times the time at RUN
GROWTH = 6  # doubling the run: ~2x linear, ~4x quadratic, ~8x cubic
_RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def hostile_strings(n: int = RUN) -> list[str]:
    units = [" ", ":", "a", "A", "Đ", "1", ".", ",", "-", "/", "(", "\n", "\t", " :", "a ", "1.", "1 ", "a.", "A ",
             "ab", "- ", "1/", "đ ", "Ủy ", " \n", "0", "x", "%", "'"]
    out = []
    for u in units:
        body = (u * n)[:n]
        out += [body + "!", body + "\x00", "a" + body + "§"]
    return out


def _module_patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}

    def take(where: str, value, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            found.setdefault(value.pattern if isinstance(value.pattern, str) else repr(value.pattern), value)
        elif depth < 2 and isinstance(value, dict):
            for v in value.values():
                take(where, v, depth + 1)
        elif depth < 2 and isinstance(value, list | tuple):
            for v in value:
                take(where, v, depth + 1)

    for package in PACKAGES:
        pkg = importlib.import_module(package)
        for info in pkgutil.walk_packages(pkg.__path__, package + "."):
            try:
                mod = importlib.import_module(info.name)
            except Exception:  # a module that needs an optional dependency
                continue
            for name, value in vars(mod).items():
                take(f"{info.name}.{name}", value)
    return found


def _warm_lazy_patterns() -> None:
    """Builders that compile on first use."""
    from extract import quantities, topics

    quantities._rx()
    topics._patterns()
    for name in ("extract.quantities",):
        mod = importlib.import_module(name)
        for v in getattr(mod, "_CACHE", {}).values():
            if isinstance(v, re.Pattern):
                _EXTRA.append(v)


_EXTRA: list[re.Pattern] = []


def _literal_patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in _RE_FUNCS and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "re" and node.args):
                    continue
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    flags = 0
                    for kw in node.keywords:
                        if kw.arg == "flags":
                            flags = _flags(kw.value)
                    if node.func.attr in ("compile", "search", "match", "fullmatch", "findall", "finditer", "split") \
                            and len(node.args) >= 3 and node.func.attr != "split":
                        flags = _flags(node.args[2])
                    try:
                        found.setdefault(arg.value, re.compile(arg.value, flags))
                    except re.error:
                        pass
    return found


def _flags(node: ast.AST) -> int:
    try:
        src = ast.unparse(node)
        return eval(src, {"re": re})  # flags are written re.I | re.M
    except Exception:
        return 0


def all_patterns() -> dict[str, re.Pattern]:
    sys.path.insert(0, str(ROOT))
    _warm_lazy_patterns()
    patterns = _literal_patterns()
    for key, p in _module_patterns().items():
        patterns.setdefault(key, p)
    for p in _EXTRA:
        patterns.setdefault(p.pattern, p)
    return patterns


def _time(rx: re.Pattern, s, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _m in rx.finditer(s):
            pass
        best = min(best, time.perf_counter() - t0)
    return best


def slow_patterns(patterns: dict[str, re.Pattern]) -> list[tuple[float, str, str]]:
    slow = []
    short, long = hostile_strings(RUN), hostile_strings(2 * RUN)
    for key, rx in patterns.items():
        print(key[:200], flush=True)  # the last line printed names a pattern that never ends
        for s1, s2 in zip(short, long, strict=True):
            if isinstance(rx.pattern, bytes):
                s1, s2 = s1.encode("utf-8"), s2.encode("utf-8")
            t2 = _time(rx, s2, 1)
            if t2 > LIMIT_S and (t2 := _time(rx, s2)) > LIMIT_S and t2 > GROWTH * _time(rx, s1):
                slow.append((t2, key, s2[:12]))
                break
    return slow


def main() -> int:
    patterns = all_patterns()
    slow = slow_patterns(patterns)
    print(f"== {len(patterns)} patterns, {len(slow)} slow")
    for spent, key, sample in sorted(slow, reverse=True):
        print(f"SLOW {spent:.3f}s on {sample!r}…: {key[:300]}")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
