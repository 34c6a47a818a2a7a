"""Runs wikitextprocessor on the pages given as JSON on stdin (run by goldens.py --bench in an
environment where wikitextprocessor is installed; it is not a wikiparse dependency).

Input: ``{"templates": [[title, model, text], ...], "pages": [[title, text], ...],
"rounds": N}``.  Output: ``{"seconds": best time to expand every page, "errors": n}``.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    from wikitextprocessor import Wtp  # type: ignore[import-not-found]

    job = json.load(sys.stdin)
    ctx = Wtp(num_threads=1, quiet=True)
    for title, model, text in job["templates"]:
        ctx.add_page(model, title, text)
    ctx.analyze_templates()
    best = float("inf")
    errors = 0
    for _ in range(int(job.get("rounds", 1))):
        start = time.perf_counter()
        for title, text in job["pages"]:
            try:
                ctx.start_page(title)
                ctx.expand(text)
            except Exception as exc:  # count, do not stop: a peer's failure is data
                if not errors:
                    print(f"first error: {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
                errors += 1
        best = min(best, time.perf_counter() - start)
    json.dump({"seconds": best, "errors": errors}, sys.stdout)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
