"""The ``wikiparse`` command line: convert, dump and tree, on real dumps and real damage.

Faults are injected the clean way the CLI offers to everyone: ``--to MODULE:FUNCTION`` plugs in
a renderer of one's own, here a tiny module written to ``tmp_path`` whose function hangs,
raises or kills its worker on pages that contain a marker word.  It runs inside real worker
processes (spawned ones where that matters), exactly like a built-in renderer.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from wikiparse._convert import page_path, read_done_keys
from wikiparse.cli import main
from wikiparse.dumps import DumpError, iter_pages

ROOT = Path(__file__).resolve().parent.parent
DUMPS = ROOT / "fixtures" / "dumps"
TESTCORPUS = DUMPS / "testcorpus.xml.bz2"
ENWIKI = DUMPS / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
BGWIKI = DUMPS / "bgwiki-latest-pages-articles-shortened.xml.bz2"

PLUGIN = '''
import os, time

def render(doc, **options):
    text = str(doc)
    if "HANG_HERE" in text:
        time.sleep(3600)
    if "RAISE_HERE" in text:
        raise ValueError("boom on purpose")
    if "CRASH_HERE" in text:
        os._exit(3)
    time.sleep(float(os.environ.get("SLOW_RENDER", "0")))
    return text.upper()
'''

HEADER = (
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n'
    "  <siteinfo><sitename>T</sitename><namespaces>"
    '<namespace key="0" /><namespace key="1">Talk</namespace></namespaces></siteinfo>\n'
)


def small_dump(texts: list[str]) -> bytes:
    pages = "".join(
        f"  <page><title>P{i}</title><ns>{i % 2}</ns><id>{i + 1}</id>"
        f"<revision><id>{1000 + i}</id><timestamp>2020-01-01T00:00:00Z</timestamp>"
        f'<text xml:space="preserve">{escape(t)}</text></revision></page>\n'
        for i, t in enumerate(texts)
    )
    return (HEADER + pages + "</mediawiki>\n").encode()


@pytest.fixture(scope="module")
def enwiki40(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 40 pages of the real enwiki sample (redirects and long articles mixed)."""
    xml = bz2.decompress(ENWIKI.read_bytes())
    starts = [m.start() for m in re.finditer(rb"  <page>", xml)]
    path = tmp_path_factory.mktemp("dumps") / "enwiki40.xml.bz2"
    path.write_bytes(bz2.compress(xml[: starts[40]] + b"</mediawiki>\n", compresslevel=1))
    return path


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The fault-injecting renderer, importable here and in spawned workers (via sys.path)."""
    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "faulty_renderer.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(folder))
    # Prepended to the caller's PYTHONPATH (the compiled phase of .ci/run installs there).
    inherited = os.environ.get("PYTHONPATH", "")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(folder), inherited) if p))
    return "faulty_renderer:render"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "JSONL output ends in half a line"
    return [json.loads(line) for line in data.splitlines()]


def run_cli(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wikiparse", *args],
        capture_output=True, text=True, env=env, timeout=900, **kw,  # a hang guard only
    )


# --------------------------------------------------------------------------------------------
# Conventions
# --------------------------------------------------------------------------------------------


def test_version_help_and_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--version"]) == 0
    from wikiparse._build import build_kind

    version = capsys.readouterr().out.strip()
    assert version == f"wikiparse {wikiparse.__version__} ({build_kind()} build)"
    assert build_kind() in ("compiled", "pure Python")  # never a half-compiled install
    for command in ([], ["dump"], ["convert"], ["tree"]):
        assert main([*command, "--help"]) == 0
        assert "examples:" in capsys.readouterr().out
    assert main([]) == 2
    assert main(["dump", str(TESTCORPUS)]) == 2  # --to is required
    assert main(["dump", str(TESTCORPUS), "--to", "pdf"]) == 2
    assert main(["dump", str(TESTCORPUS), "--to", "text", "--jobs", "0"]) == 2
    assert main(["dump", str(TESTCORPUS), "--to", "text", "-O", "novalue"]) == 2
    capsys.readouterr()
    assert main(["dump", str(TESTCORPUS), "--to", "wikitext", "--resume"]) == 2
    assert "--resume needs -o" in capsys.readouterr().err
    assert main(["dump", str(TESTCORPUS), "--to", "no_such_module_xyz:render"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wikiparse: error: cannot render") and err.count("\n") == 1
    assert main(["dump", str(tmp_path / "missing.xml.bz2"), "--to", "wikitext", "-q"]) == 2
    assert capsys.readouterr().err == (
        f"wikiparse: error: {tmp_path / 'missing.xml.bz2'}: cannot open: No such file or directory\n"
    )


# --------------------------------------------------------------------------------------------
# dump: outputs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_dump_jsonl_in_dump_order_with_fork_and_spawn(
    method: str, enwiki40: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deep" / "er" / "out.jsonl"  # missing folders are created
    code = main(["dump", str(enwiki40), "--to", "wikitext", "-o", str(out), "-j", "2",
                 "--start-method", method])
    assert code == 0
    pages = list(iter_pages(enwiki40))
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [p.id for p in pages]
    first = records[0]
    assert list(first) == ["id", "title", "namespace", "revision_id", "timestamp", "redirect", "wikitext"]
    assert first["redirect"] == "Computer accessibility"
    for record, page in zip(records, pages, strict=True):
        assert record["wikitext"] == page.text  # the parse is lossless end to end
        assert (record["title"], record["namespace"], record["revision_id"], record["timestamp"]) == (
            page.title, page.namespace, page.revision_id, page.timestamp)
    assert "40 pages written" in capsys.readouterr().err


def test_unordered_filters_and_limit(enwiki40: Path, tmp_path: Path) -> None:
    pages = list(iter_pages(enwiki40))
    articles = [p for p in pages if p.redirect is None]
    out = tmp_path / "a.jsonl"
    assert main(["dump", str(enwiki40), "--to", "wikitext", "-o", str(out), "-q", "-j", "2",
                 "--unordered", "--no-redirects", "--namespace", "0"]) == 0
    records = read_jsonl(out)
    assert sorted(r["id"] for r in records) == sorted(p.id for p in articles)
    assert all(r["redirect"] is None for r in records)
    assert main(["dump", str(enwiki40), "--to", "wikitext", "-o", str(out), "-q", "-j", "2",
                 "--limit", "7", "--ns", "0", "--force"]) == 0
    assert [r["id"] for r in read_jsonl(out)] == [p.id for p in pages[:7]]
    assert main(["dump", str(enwiki40), "--to", "wikitext", "-o", str(out), "-q", "--ns", "4",
                 "--force"]) == 0
    assert read_jsonl(out) == []  # pages were read and filtered: a dump, with nothing selected


def test_an_existing_output_needs_force_or_resume(
    enwiki40: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.jsonl"
    args = ["dump", str(enwiki40), "--to", "wikitext", "-o", str(out), "-q", "--limit", "3"]
    assert main(args) == 0
    before = out.read_bytes()
    assert main(args) == 2
    assert capsys.readouterr().err == (
        f"wikiparse: error: {out} exists: use --resume to continue that run or --force to "
        "start again\n"
    )
    assert out.read_bytes() == before
    assert main([*args, "--resume", "--force"]) == 2
    assert main([*args, "--force"]) == 0
    page = tmp_path / "p.wiki"
    page.write_text("x", encoding="utf-8")
    target = tmp_path / "p.txt"
    assert main(["convert", str(page), "--to", "txt", "-o", str(target)]) == 0
    assert main(["convert", str(page), "--to", "txt", "-o", str(target)]) == 2
    assert "exists (use --force to overwrite it)" in capsys.readouterr().err
    assert main(["convert", str(page), "--to", "txt", "-o", str(target), "--force"]) == 0


def test_options_that_do_not_apply_are_plain_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "Main_page.wiki"
    page.write_text("== H ==\nx", encoding="utf-8")
    for fmt in ("markdown", "md", "text", "json"):
        assert main(["convert", str(page), "--to", fmt, "--standalone"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("wikiparse: error: --standalone applies to --to html only")
        assert "Traceback" not in err and "__init__" not in err
    assert main(["convert", str(page), "--to", "markdown", "--title", "T"]) == 2
    assert "--title applies to --to html and text" in capsys.readouterr().err
    assert main(["convert", str(page), "--to", "md"]) == 0
    assert capsys.readouterr().out == "## H\n\nx\n"
    assert main(["convert", str(page), "--to", "text", "--title", "A title"]) == 0
    assert capsys.readouterr().out.startswith("A title\n")
    # A page's title is the file's name unless --title says otherwise.
    assert main(["convert", str(page), "--to", "html", "--standalone"]) == 0
    html = capsys.readouterr().out
    assert '<h1 class="firstHeading">Main page</h1>' in html and "<title>Main page</title>" in html
    assert "title=Main_page&amp;action=edit&amp;section=1" in html


def test_convert_given_a_dump_suggests_dump(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(TESTCORPUS), "--to", "text"]) == 2
    assert capsys.readouterr().err == (
        f"wikiparse: error: {TESTCORPUS}: this is a MediaWiki XML dump, not a wikitext file: "
        f"use 'wikiparse dump {TESTCORPUS} --to FORMAT'\n"
    )


def test_stdout_output_and_stdin_input(enwiki40: Path) -> None:
    proc = run_cli("dump", "-", "--to", "wikitext", "-j", "2", "--limit", "5", "-q",
                   stdin=open(enwiki40, "rb"))  # noqa: SIM115 - closed with the process
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert [json.loads(x)["title"] for x in lines] == [p.title for p in list(iter_pages(enwiki40))[:5]]


def test_dump_to_json_keeps_the_tree(enwiki40: Path, tmp_path: Path) -> None:
    out = tmp_path / "ast.jsonl"
    assert main(["dump", str(enwiki40), "--to", "json", "-o", str(out), "-q", "-j", "2", "--limit", "6"]) == 0
    for record, page in zip(read_jsonl(out), iter_pages(enwiki40), strict=False):
        doc = wikiparse.from_json(record["json"])
        assert str(doc) == page.text


def test_folder_output_with_safe_sharded_names(tmp_path: Path) -> None:
    titles = ["AC/DC", "Talk:Foo", "foo", "FOO", "." * 3, "Ω" * 300, 'a<b>:"c"|?*\\', "100%"]
    xml = HEADER + "".join(
        f"  <page><title>{escape(t)}</title><ns>0</ns><id>{i + 1}</id><revision><id>{i}</id>"
        f'<text xml:space="preserve">text of {escape(t)}</text></revision></page>\n'
        for i, t in enumerate(titles)
    ) + "</mediawiki>\n"
    dump = tmp_path / "t.xml"
    dump.write_text(xml)
    out = tmp_path / "pages"
    assert main(["dump", str(dump), "--to", "wikitext", "-o", f"{out}/", "-q", "-j", "2"]) == 0
    index = read_jsonl(out / "index.jsonl")
    assert [r["title"] for r in index] == titles
    paths = [r["path"] for r in index]
    assert len({p.lower() for p in paths}) == len(titles)  # distinct even ignoring case
    for record in index:
        rel = record["path"]
        assert rel == page_path(record["title"], "wiki")
        shard, name = rel.split("/")
        assert re.fullmatch(r"[0-9a-f]{2}", shard)
        assert not name.startswith(".") and len(name.encode()) <= 170
        assert not set(name) & set('/\\:*?"<>|')
        assert (out / rel).read_text() == f"text of {record['title']}"
    assert sorted(p.name for p in out.rglob("*.tmp")) == []


def test_utf16_bgwiki_dump_uses_its_siteinfo(tmp_path: Path) -> None:
    out = tmp_path / "bg.jsonl"
    assert main(["dump", str(BGWIKI), "--to", "json", "-o", str(out), "-q", "-j", "2"]) == 0
    records = read_jsonl(out)
    assert records[0]["title"] == "Григориански календар"
    assert len(records) == 3
    types = json.dumps([r["json"] for r in records])
    assert '"CategoryLink"' in types  # "[[Категория:...]]" recognised via the dump's siteinfo


# --------------------------------------------------------------------------------------------
# dump: one bad page never stops the run
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_hung_raising_and_crashing_pages_are_reported_and_the_run_goes_on(
    method: str, plugin: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [f"page {i}" for i in range(12)]
    texts[2], texts[5], texts[9] = "HANG_HERE", "RAISE_HERE", "CRASH_HERE"
    dump = tmp_path / "faulty.xml.gz"
    dump.write_bytes(gzip.compress(small_dump(texts)))
    out = tmp_path / "out.jsonl"
    # A broken --page-timeout would hang here: the run returning at all is the check.
    code = main(["dump", str(dump), "--to", plugin, "-o", str(out), "-j", "2",
                 "--page-timeout", "5", "--start-method", method])
    assert code == 1
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [i + 1 for i in range(12) if i not in (2, 5, 9)]
    assert records[0]["output"] == "PAGE 0"
    err = capsys.readouterr().err
    assert "9 pages written, 3 failed" in err
    assert "failed: page 3 'P2': timeout after 5 s" in err
    assert "failed: page 6 'P5': ValueError: boom on purpose" in err
    assert "failed: page 10 'P9': worker process died" in err


# --------------------------------------------------------------------------------------------
# dump: damaged files end with one line, everything before it written
# --------------------------------------------------------------------------------------------


def _cut_bz2(xml: bytes) -> bytes:
    data = bz2.compress(xml, compresslevel=1)
    return data[: len(data) * 2 // 3]


def _cut_gz(xml: bytes) -> bytes:
    data = gzip.compress(xml, compresslevel=1)
    return data[: len(data) * 2 // 3]


def _cut_xml(xml: bytes) -> bytes:
    starts = [m.start() for m in re.finditer(rb"  <page>", xml)]
    return xml[: starts[25] + 700]


@pytest.mark.parametrize(
    ("damage", "suffix", "reason"),
    [(_cut_bz2, ".xml.bz2", "truncated archive"), (_cut_gz, ".xml.gz", "truncated archive"),
     (_cut_xml, ".xml", "broken XML")],
    ids=["truncated-bz2", "truncated-gz", "xml-cut-mid-page"],  # a bad byte: test_hostile_dumps
)
def test_damaged_dumps_flush_everything_then_fail_with_one_line(
    damage: Any, suffix: str, reason: str, enwiki40: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(damage(bz2.decompress(enwiki40.read_bytes())))
    expected = []
    with pytest.raises(DumpError) as info:
        for page in iter_pages(path):
            expected.append(page.id)
    out = tmp_path / "out.jsonl"
    code = main(["dump", str(path), "--to", "wikitext", "-o", str(out), "-j", "2"])
    assert code == 2
    assert [r["id"] for r in read_jsonl(out)] == expected
    err_lines = [ln for ln in capsys.readouterr().err.splitlines() if "% read" not in ln]
    assert err_lines == [f"wikiparse: error: {info.value}"]  # one line, as docs/cli.md says
    assert err_lines[-1].startswith(f"wikiparse: error: {path}: {reason}")
    assert "byte " in err_lines[-1]


def test_empty_file_and_empty_dump(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.xml.bz2"
    empty.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert main(["dump", str(empty), "--to", "wikitext", "-o", str(out)]) == 2
    assert "empty file" in capsys.readouterr().err
    no_pages = tmp_path / "nopages.xml"
    no_pages.write_bytes(small_dump([]))
    assert main(["dump", str(no_pages), "--to", "wikitext", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"wikiparse: error: {no_pages}: not a MediaWiki dump (no <page> element in it)\n"
    )
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title>'
                     b"</item></channel></rss>")
    assert main(["dump", str(feed), "--to", "text", "-o", str(tmp_path / "feed.jsonl")]) == 2
    assert "not a MediaWiki dump" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# dump: interrupted runs, resume, progress
# --------------------------------------------------------------------------------------------


def _wait_for_lines(path: Path, count: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 600  # a safety net against a hang, not a speed check
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError("the run produced too little output before the deadline")


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found = {pid}
    while True:
        more = {p for p, pp in parents.items() if pp in found} - found
        if not more:
            return found - {pid}
        found |= more


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("folder", [False, True], ids=["jsonl", "folder"])
def test_killed_then_resumed_run_neither_redoes_nor_duplicates(
    folder: bool, plugin: str, enwiki40: Path, tmp_path: Path
) -> None:
    out = tmp_path / ("pages" if folder else "out.jsonl")
    index = out / "index.jsonl" if folder else out
    env = {**os.environ, "SLOW_RENDER": "0.1"}
    target = f"{out}/" if folder else str(out)  # a trailing slash asks for a folder
    args = ["dump", str(enwiki40), "--to", plugin, "-o", target, "-j", "2", "-q"]
    proc = subprocess.Popen([sys.executable, "-m", "wikiparse", *args], env=env, text=True)
    _wait_for_lines(index, 8, proc)
    assert proc.poll() is None  # still running
    workers = _descendants(proc.pid)
    assert len(workers) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 120  # orphaned workers notice and leave (a safety net)
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]
    with open(index, "ab") as fh:  # what a kill in the middle of a write leaves
        fh.write(b'{"id":999,"title":"torn li')
    first = read_done_keys(str(index))  # cuts the torn line off
    assert 8 <= len(first) < 40
    resumed = run_cli(*args, "--resume", env={**env, "SLOW_RENDER": "0"})
    assert resumed.returncode == 0, resumed.stderr
    records = read_jsonl(index)
    ids = [r["id"] for r in records]
    assert ids == [p.id for p in iter_pages(enwiki40)]  # all, once, still in dump order
    if folder:
        assert all((out / r["path"]).is_file() for r in records)
    again = run_cli(*args, "--resume")
    assert again.returncode == 0 and read_jsonl(index) == records


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_cleanly_with_whole_lines(
    signum: int, plugin: str, enwiki40: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "SLOW_RENDER": "0.1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wikiparse", "dump", str(enwiki40), "--to", plugin, "-o", str(out),
         "-j", "2"], env=env, text=True, stderr=subprocess.PIPE,
    )
    _wait_for_lines(out, 3, proc)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in err.splitlines()[-1]
    records = read_jsonl(out)
    assert 3 <= len(records) < 40
    assert [r["id"] for r in records] == [p.id for p in iter_pages(enwiki40)][: len(records)]


def test_progress_lines_when_not_a_terminal_and_silence_with_q(
    plugin: str, enwiki40: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SLOW_RENDER", "0.01")
    out = str(tmp_path / "o.jsonl")
    assert main(["dump", str(enwiki40), "--to", plugin, "-o", out, "-j", "2", "--log-every", "0.05",
                 "--start-method", "fork"]) == 0
    err = capsys.readouterr().err.splitlines()
    progress = [line for line in err if "% read" in line]
    assert progress, err
    assert re.fullmatch(r"wikiparse: \d+ pages, [\d.]+ pages/s, [\d.]+ MB/s of input, \d+% read.*", progress[0])
    assert re.fullmatch(r"wikiparse: 40 pages written in [\d.]+ s \([\d.]+ pages/s, [\d.]+ MB/s of input\)", err[-1])
    assert main(["dump", str(enwiki40), "--to", plugin, "-o", out, "-j", "2", "--log-every", "0.05", "-q",
                 "--force"]) == 0
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------------------------
# convert and tree
# --------------------------------------------------------------------------------------------


def test_convert_files_stdin_and_folders(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    page = next(iter(iter_pages(ENWIKI)))
    src = tmp_path / "a.wiki"
    src.write_text("== H ==\n'''x''' [[y]]\n", encoding="utf-8")
    other = tmp_path / "b.wiki"
    other.write_text(page.text, encoding="utf-8")
    assert main(["convert", str(src), "--to", "wikitext"]) == 0
    assert capsysbinary.readouterr().out == b"== H ==\n'''x''' [[y]]\n"
    assert main(["convert", str(src), str(other), "--to", "wikitext", "-o", f"{tmp_path}/o/"]) == 0
    assert (tmp_path / "o" / "b.wiki").read_text() == page.text + "\n"
    assert main(["convert", str(src), "--to", "json", "-o", str(tmp_path / "x" / "a.json")]) == 0
    doc = wikiparse.from_json(json.loads((tmp_path / "x" / "a.json").read_text()))
    assert str(doc) == src.read_text()
    assert main(["convert", str(tmp_path / "nope.wiki"), "--to", "wikitext"]) == 2
    proc = run_cli("convert", "-", "--to", "wikitext", input="stdin text")
    assert (proc.returncode, proc.stdout) == (0, "stdin text\n")


def test_tree_outline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.wiki"
    text = "Hello '''world'''\n"
    src.write_text(text)
    assert main(["tree", str(src)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Document 0-{len(text)}"
    assert all(re.match(r"( {2})*[A-Z]\w* \d+-\d+", line) for line in lines)
    depths = [(len(line) - len(line.lstrip())) // 2 for line in lines]
    assert depths[1] == 1 and max(depths) >= 2
    assert any("Text" in line and "'Hello " in line for line in lines)
    assert main(["tree", str(src), "--max-depth", "1"]) == 0
    assert all(line.startswith(("Document", "  S")) for line in capsys.readouterr().out.splitlines())


# --------------------------------------------------------------------------------------------
# The README's first command
# --------------------------------------------------------------------------------------------


def test_readme_first_command(tmp_path: Path) -> None:
    proc = run_cli("dump", str(ENWIKI), "--to", "text", "-o", "out/enwiki.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = read_jsonl(tmp_path / "out" / "enwiki.jsonl")
    assert len(records) == 206
    anarchism = next(r for r in records if r["title"] == "Anarchism")
    assert "Anarchism is a political philosophy" in anarchism["text"]
    assert "[[" not in anarchism["text"] and "'''" not in anarchism["text"]


_TITLE_CHARS = st.characters(blacklist_categories=("Cs",)) | st.sampled_from('/\\:*?"<>|%. ')


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_TITLE_CHARS, min_size=1, max_size=400), min_size=1, max_size=8, unique=True))
def test_property_page_paths_are_safe_and_distinct(titles: list[str]) -> None:
    paths = [page_path(t, "txt") for t in titles]
    for path in paths:
        shard, name = path.split("/")
        assert re.fullmatch(r"[0-9a-f]{2}", shard)
        assert len(name.encode()) <= 150 + len("~12345678.txt")
        assert not set(name) & set('/\\:*?"<>|') and not name.startswith(".")
        assert not any(ord(c) < 32 for c in name)
    assert len({p.casefold() for p in paths}) == len(titles)


def test_workers_that_cannot_start_end_the_run_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A renderer that imports in the main process but not in workers: exit 2, no respawn loop."""
    (tmp_path / "main_only_renderer.py").write_text(
        "import multiprocessing\n"
        "if multiprocessing.parent_process() is not None:\n"
        "    raise ImportError('not in a worker')\n"
        "def render(doc, **options):\n    return str(doc)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    code = main(["dump", str(TESTCORPUS), "--to", "main_only_renderer:render", "-o",
                 str(tmp_path / "o.jsonl"), "-j", "2", "-q", "--start-method", "spawn"])
    assert code == 2
    assert capsys.readouterr().err == (
        "wikiparse: error: a worker process could not start: ImportError: not in a worker\n"
    )


def test_output_that_cannot_be_written_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for target, message in [
        ("/dev/full", "cannot write /dev/full: No space left on device"),
        (f"{blocker}/out.jsonl", "Not a directory"),
        (f"{blocker}/pages/", "Not a directory"),
    ]:
        if target == "/dev/full" and not Path(target).exists():
            continue
        assert main(["dump", str(TESTCORPUS), "--to", "wikitext", "-o", target, "-j", "1", "-q"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("wikiparse: error: cannot write ")
        assert message in err


def test_convert_reports_each_bad_input_and_goes_on(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    good = tmp_path / "good.wiki"
    good.write_text("ok")
    latin = tmp_path / "latin.wiki"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    code = main(["convert", str(latin), str(tmp_path / "missing.wiki"), str(good), "--to", "wikitext"])
    assert code == 2
    captured = capsysbinary.readouterr()
    assert captured.out == b"ok\n"
    assert captured.err.decode().splitlines() == [
        f"wikiparse: error: {latin}: not UTF-8 (unexpected end of data at byte 3)",
        f"wikiparse: error: cannot read {tmp_path / 'missing.wiki'}: No such file or directory",
    ]
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    assert main(["convert", str(good), "--to", "wikitext", "-o", f"{blocker}/x.txt"]) == 2
    assert b"Not a directory" in capsysbinary.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "wikitext"])
def test_every_format_converts_a_real_dump(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["dump", str(TESTCORPUS), "--to", fmt, "-o", str(out), "-q", "-j", "2"]) == 0
    records = read_jsonl(out)
    assert len(records) == 9
    first = records[0][fmt]
    if fmt == "json":
        assert str(wikiparse.from_json(first)) == next(iter(iter_pages(TESTCORPUS))).text
    else:
        assert "computer human interface" in first
    folder = tmp_path / "pages"
    assert main(["dump", str(TESTCORPUS), "--to", fmt, "-o", f"{folder}/", "-q", "-j", "2"]) == 0
    assert len(list(folder.glob("*/*"))) == 9


def test_progress_bar_on_a_terminal(enwiki40: Path, tmp_path: Path) -> None:
    """stderr a terminal (a pseudo-terminal here): a tqdm bar with bytes, MB/s and pages."""
    import fcntl
    import pty
    import struct
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "wikiparse", "dump", str(enwiki40), "--to", "wikitext", "-o",
         str(tmp_path / "o.jsonl"), "-j", "2"],
        stderr=terminal, stdout=subprocess.DEVNULL,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            data = os.read(controller, 65536)
        except OSError:  # EIO: the terminal's other side closed
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=60) == 0
    os.close(controller)
    screen = b"".join(chunks).decode()
    assert "input:" in screen and "100%" in screen and "B/s" in screen
    assert "\r" in screen  # redrawn in place
    assert screen.rstrip().splitlines()[-1].startswith("wikiparse: 40 pages written")


def test_resume_keys_are_ids_or_titles_and_a_torn_line_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    lines = [
        json.dumps({"id": 12, "title": "A", "text": "x"}, separators=(",", ":")),
        json.dumps({"id": None, "title": 'Quote " and \\ back\\slash Ω', "text": "y"},
                   separators=(",", ":"), ensure_ascii=False),
        '{"id":-3,"title":"negative"}',
    ]
    path.write_bytes(("\n".join(lines) + '\n{"id":99,"title":"to').encode())
    assert read_done_keys(str(path)) == {12, 'Quote " and \\ back\\slash Ω', -3}
    assert path.read_bytes().endswith(b'"negative"}\n')
    assert read_done_keys(str(tmp_path / "absent.jsonl")) == set()
