"""Live preview: in-place writing, the error banner's report, and `build.py serve` end to end."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import watchfiles
from playwright.sync_api import Browser

from bench.serve import served_folder
from edition import paths, watch
from edition.build import site
from edition.problems import BuildError, Pos, Problems
from edition.write import pages

from .conftest import ROOT

LETTER = "letter-1938-03-06-celarie"
LETTER_TEI = f"tei/letters/{LETTER}.xml"


def page(text: str) -> str:
    return f"---\n{pages.MARKER}\n---\n{text}\n"


def test_an_inotify_watcher_loses_a_swapped_docs_folder_but_not_an_in_place_one(tmp_path: Path) -> None:
    """Why watch mode writes in place: after the atomic swap of a normal build, a watcher on
    docs/ (inotify, as Zensical's and watchfiles' are) watches a deleted folder and sees nothing."""

    def events_of_second_write(writer: object) -> list[str]:
        docs = tmp_path / str(id(writer)) / "docs"
        docs.mkdir(parents=True)
        site.write_docs({"a.md": page("A")}, docs)
        seen: list[str] = []
        stop = threading.Event()
        ready = threading.Event()

        def loop() -> None:
            for changes in watchfiles.watch(docs, debounce=50, step=10, stop_event=stop, rust_timeout=100,
                                            yield_on_timeout=True, force_polling=False):
                ready.set()
                seen.extend(Path(path).name for _change, path in changes)

        thread = threading.Thread(target=loop)
        thread.start()
        ready.wait(10)
        writer({"a.md": page("B")}, docs)  # type: ignore[operator]
        time.sleep(0.5)
        seen.clear()
        writer({"a.md": page("C")}, docs)  # type: ignore[operator]
        time.sleep(0.5)
        stop.set()
        thread.join()
        assert (docs / "a.md").read_text(encoding="utf-8") == page("C")
        return seen

    assert events_of_second_write(site.write_docs) == []
    assert "a.md" in events_of_second_write(site.write_in_place)


def test_write_in_place_touches_only_what_changed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "about.md").write_text("Hand-written.\n", encoding="utf-8")
    site.write_docs({"a.md": page("A"), "b.md": page("B"), "x/data.json": "{}\n"}, docs)
    before = {name: (docs / name).stat() for name in ("a.md", "b.md")}
    written = site.write_in_place({"a.md": page("A"), "b.md": page("B2")}, docs)
    assert (written.written, written.unchanged, written.removed) == (1, 1, 1)
    assert (docs / "a.md").stat().st_ino == before["a.md"].st_ino
    assert (docs / "a.md").stat().st_mtime_ns == before["a.md"].st_mtime_ns
    assert (docs / "b.md").read_text(encoding="utf-8") == page("B2")
    assert not (docs / "x").exists()  # the data file is gone, and so is its emptied folder
    assert (docs / site.MANIFEST).read_text(encoding="utf-8") == "a.md\nb.md\n"
    assert (docs / "about.md").read_text(encoding="utf-8") == "Hand-written.\n"
    assert not list(docs.rglob("*.tmp"))
    with pytest.raises(BuildError):
        site.write_in_place({"about.md": page("not hand-written")}, docs)


def project(tmp_path: Path) -> Path:
    """A copy of what the site is built from: the TEI, docs/, the MkDocs config and its folders."""
    for name in ("tei", "docs", "source", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
    for path in ROOT.glob("*.*"):
        if path.is_file() and path.suffix in (".yml", ".txt"):
            shutil.copy2(path, tmp_path / path.name)
    return tmp_path


def edit(work: Path, old: str, new: str) -> None:
    path = work / LETTER_TEI
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_error_keeps_the_last_good_pages_and_reports_the_problems(tmp_path: Path) -> None:
    work = project(tmp_path)
    docs = work / "docs"
    good = snapshot(docs)
    edit(work, 'ref="#karakhan"', 'ref="#karakan"')
    problems, written = watch.rebuild(work / "tei", docs, strict=False)
    assert written is None and len(problems.errors) == 1
    report = json.loads((docs / watch.PROBLEMS).read_text(encoding="utf-8"))
    assert report["problems"] == [str(problems.errors[0]), *map(str, problems.warnings)]
    assert 'the reference "#karakan" points to no register entry' in report["problems"][0]
    assert report["summary"].startswith("The TEI has 1 error(s): these pages are from the last good"
                                        " build.")  # not the echo "karakhan is mentioned in no letter"
    after = snapshot(docs)
    assert watch.PROBLEMS in after[site.MANIFEST].decode().split("\n")
    assert {k: v for k, v in after.items() if k not in (watch.PROBLEMS, site.MANIFEST)} == \
        {k: v for k, v in good.items() if k != site.MANIFEST}

    edit(work, 'ref="#karakan"', 'ref="#karakhan"')
    problems, written = watch.rebuild(work / "tei", docs, strict=False)
    assert written is not None and not problems.errors
    after = snapshot(docs)
    assert json.loads(after[watch.PROBLEMS]) == {"summary": "The last build was good.", "problems": []}
    watch.clear_problems(docs)  # when watching ends
    assert snapshot(docs) == good  # the report is gone, and docs/ is what a normal build makes


def test_the_banner_report_includes_warnings() -> None:
    problems = Problems()
    problems.warning(Pos("tei/x.xml", 3, 5), "a warning")
    for strict in (True, False):
        assert json.loads(watch.problems_report(problems, strict=strict))["problems"] == [
            "tei/x.xml:3:5: warning: a warning"]
    good = json.loads(watch.problems_report(problems, strict=False, failed=False))
    assert good["level"] == "warning" and good["summary"].startswith(
        "The last build was good, with 1 warning(s): the pages are up to date.")
    assert watch.problems_report(Problems(), strict=False, failed=False) == watch.ALL_CLEAR


def test_the_preview_banner_shows_a_good_builds_warning(tmp_path: Path, browser: Browser) -> None:
    """A build that is good but warns (docDate and correspDesc disagree): the page is rebuilt,
    and preview.js shows the warning in an amber banner."""
    work = project(tmp_path)
    edit(work, '<docDate when="1938-03-06"', '<docDate when="1938-04-02"')
    problems, written = watch.rebuild(work / "tei", work / "docs", strict=False)
    assert written is not None and len(problems.warnings) == 1 and not problems.errors
    www = tmp_path / "www"
    (www / "assets").mkdir(parents=True)
    for rel in (paths.PREVIEW_SCRIPT, watch.PROBLEMS):
        shutil.copy2(work / "docs" / rel, www / rel)
    (www / "index.html").write_text('<!doctype html><html lang="en"><title>A letter</title><body>'
                                    '<p>The letter.</p><script src="assets/preview.js"></script>'
                                    '</body></html>', encoding="utf-8")
    with served_folder(www) as url:
        tab = browser.new_page()
        tab.goto(url, wait_until="domcontentloaded")
        tab.wait_for_selector("#build-problems.build-warnings", timeout=20_000)
        banner = tab.inner_text("#build-problems")
        tab.close()
    assert banner.startswith("The last build was good, with 1 warning(s): the pages are up to date.")
    assert (f"{LETTER_TEI}:86:7: warning: the docDate says 1938-04-02, but correspDesc dates the"
            " letter 1938-03-06 (line 56)") in banner


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def wait_for(condition: object, timeout: float) -> float:
    """Seconds until `condition()` is true; fails after `timeout`."""
    started = time.perf_counter()
    while not condition():  # type: ignore[operator]
        assert time.perf_counter() - started < timeout, f"not within {timeout} s"
        time.sleep(0.02)
    return time.perf_counter() - started


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    work = project(tmp_path)
    base = f"http://127.0.0.1:{free_port()}"
    log = (work / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--addr", base.removeprefix("http://")],
        cwd=work, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=subprocess.STDOUT,
        text=True, start_new_session=True)

    def up() -> bool:
        try:
            return fetch(f"{base}/letters/{LETTER}/")[0] == 200
        except OSError:
            assert process.poll() is None, (work / "serve.log").read_text()
            return False

    try:
        wait_for(up, 90)
        yield work, base, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def test_serve_shows_an_edit_then_an_error_banner_and_stops_cleanly(
        served: tuple[Path, str, subprocess.Popen[str]], browser: Browser) -> None:
    work, base, process = served
    letter = f"{base}/letters/{LETTER}/"
    assert "preview.js" in fetch(letter)[1]

    edit(work, "the Middle Ages", 'the <hi rend="italic">Middle Ages</hi>')
    seconds = wait_for(lambda: "<em>Middle Ages</em>" in fetch(letter)[1], 30)
    print(f"\nserve: an edited paragraph was served {seconds:.2f} s after the save")

    edit(work, 'ref="#karakhan"', 'ref="#karakan"')
    problems = f"{base}/{watch.PROBLEMS}"
    assert json.loads(fetch(problems)[1])["problems"] == []  # watching, and the last build was good
    wait_for(lambda: json.loads(fetch(problems)[1])["problems"], 30)
    report = json.loads(fetch(problems)[1])
    assert report["problems"][0].startswith(f"{LETTER_TEI}:")
    assert 'error: the reference "#karakan" points to no register entry' in report["problems"][0]
    status, html = fetch(letter)
    assert status == 200 and "<em>Middle Ages</em>" in html  # the last good page, still served
    tab = browser.new_page()
    tab.goto(letter, wait_until="domcontentloaded")
    tab.wait_for_selector("#build-problems", timeout=20_000)  # the banner, as the editor sees it
    banner = tab.inner_text("#build-problems")
    assert banner.startswith("The TEI has 1 error(s): these pages are from the last good build.")
    assert f'{LETTER_TEI}:' in banner and 'the reference "#karakan" points to no register entry' in banner
    log = (work / "serve.log").read_text(encoding="utf-8")
    assert f'{LETTER_TEI}:' in log and "keeps the last good pages" in log

    edit(work, 'ref="#karakan"', 'ref="#karakhan"')
    wait_for(lambda: not json.loads(fetch(problems)[1])["problems"], 30)
    # the open page reloads by itself (MkDocs' live reload), and the banner is gone
    tab.wait_for_selector("#build-problems", state="detached", timeout=30_000)
    tab.close()

    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0
    with pytest.raises(OSError):
        fetch(letter)  # MkDocs stopped with it
    assert not list(work.glob(".mkdocs*.yml"))  # no configuration written beside mkdocs.yml
    outputs = site.render(site.collect(work / "tei", Problems()))  # what a normal build makes
    docs = work / "docs"
    assert {rel: (docs / rel).read_bytes() for rel in site.generated_files(docs) - {site.MANIFEST}} == \
        {rel: text.encode() if isinstance(text, str) else text for rel, text in outputs.items()}
