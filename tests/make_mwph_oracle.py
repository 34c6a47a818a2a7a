"""Regenerate fixtures/mwph_oracle.json: mwparserfromhell's results (as digests) for every
check of tests/mwph_checks.py and every port, on every main-namespace page of the enwiki
sample dump.  Run from the repository root: ``PYTHONPATH=src python3 tests/make_mwph_oracle.py``
(about a minute and a half; the compatibility suite itself then never runs the slow oracle)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import mwparserfromhell

sys.path.insert(0, str(Path(__file__).parent))
from conftest import main_pages
from mwph_checks import CHECKS, PORTS, digest, load_port

OUT = Path(__file__).parent.parent / "fixtures" / "mwph_oracle.json"


def main() -> None:
    ports = {name: load_port(name, "mwparserfromhell") for name in PORTS}
    pages: dict[str, dict[str, str]] = {}
    for page in main_pages():
        code = mwparserfromhell.parse(page.text)
        row = {name: digest(check(code)) for name, check in CHECKS.items()}
        row.update({f"port:{name}": digest(module.run(page.text)) for name, module in ports.items()})
        pages[page.id] = row
    data = {"mwparserfromhell": mwparserfromhell.__version__, "pages": pages}
    OUT.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
