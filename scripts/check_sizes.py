"""Keep modules and functions small: no module over 400 lines, no function over 60.

Run by ``make lint``. Migrations and the benchmarks are left out. A module or function that is
long on purpose says why in a comment starting "# Long on purpose:" in its first lines (for a
function: just above its ``def`` or as the first line of its body).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LIMIT = 400
FUNCTION_LIMIT = 60
REASON = "# Long on purpose:"
APPS = (
    "core",
    "accounts",
    "organisations",
    "programmes",
    "access",
    "register",
    "ratings",
    "assessments",
)
OTHERS = ("web", "demo", "edquality", "scripts")


def _has_reason(lines: list[str], first: int, last: int) -> bool:
    return any(line.strip().startswith(REASON) for line in lines[max(first, 0) : last])


def problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    if len(lines) > MODULE_LIMIT and not _has_reason(lines, 0, 5):
        found.append(f"{path}: {len(lines)} lines (the limit is {MODULE_LIMIT})")
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        body_start = node.body[0].lineno - 1
        if length > FUNCTION_LIMIT and not (
            _has_reason(lines, start - 2, start - 1)
            or _has_reason(lines, node.lineno, body_start + 1)
        ):
            found.append(
                f"{path}:{node.lineno}: {node.name}() is {length} lines "
                f"(the limit is {FUNCTION_LIMIT})"
            )
    return found


def main(roots: list[str]) -> int:
    found = []
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            if "migrations" not in path.parts:
                found += problems(path)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} too long: split along a seam, or say why with '{REASON}'.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or [*APPS, *OTHERS]))
