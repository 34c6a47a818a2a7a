"""Print MediaWiki parser-test conformance of :func:`wikiparse.to_html` (a table per file).

The harness itself is ``tests/conformance.py``: the test suite uses it, so it lives with the
tests.  Usage: ``python3 benchmarks/conformance.py [--failures FILE] [--write-known PATH]
[--write-floor PATH]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conformance import main

if __name__ == "__main__":
    raise SystemExit(main())
