"""`make bench`: build synthetic editions of 1,000 and 10,000 letters and print the figures.

Everything is measured in one run, side by side: the lxml floor, the TEI step (full and after
one edit), the whole site with each search backend, peak memory of each step's process tree,
and the bytes a reader's browser fetches for a first search result; first, the image step (web
sizes and IIIF tiles) for 100 page images, cold and after one changed (bench/image_bench.py).
The editions are synthetic (bench/synth.py) and live in .bench/, never in tei/.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from bench import image_bench
from bench.serve import served_folder
from bench.synth import generate, letter_id

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
RARE_WORD = "Yenukidze"


FIELD = ROOT.parent / "shared" / "field-corpus" / "scale" / "pec-estournelles"


def floor(letters: Path) -> float:
    """Seconds lxml takes to parse every letter and walk every element: what no build can beat."""
    started = time.perf_counter()
    for path in sorted(letters.rglob("*.xml")):
        for _ in etree.parse(str(path)).iter():
            pass
    return time.perf_counter() - started


def tree_rss(pid: int) -> dict[str, int]:
    """Resident memory (bytes) of a process and all its descendants, from /proc, by phase: the
    processes of MkDocs, of Pagefind, and the rest."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
    total: dict[str, int] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        with contextlib.suppress(OSError), open(f"/proc/{p}/statm", "rb") as f, \
                open(f"/proc/{p}/cmdline", "rb") as c:
            rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            args = c.read().split(b"\0")
            phase = ("mkdocs" if b"mkdocs" in args
                     else "pagefind" if any(b"pagefind" in a for a in args) else "rest")
            total[phase] = total.get(phase, 0) + rss
    return total


class Phase(NamedTuple):
    seconds: float  # from its first to its last sample
    peak: int  # the peak memory of its processes (bytes)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None
        ) -> tuple[float, int, dict[str, Phase]]:
    """Run a command; its wall time, the peak memory of its whole process tree, and the time and
    peak memory of its MkDocs and Pagefind phases (sampled every 0.1 s)."""
    started = time.perf_counter()
    peak = 0
    seen: dict[str, tuple[float, float, int]] = {}
    # its output into files, not pipes: a build that prints more than a pipe holds (64 KB of
    # warnings) would wait for a reader that reads only once it has ended
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        # as an editor's Python runs it: writing its bytecode cache (a machine that says
        # PYTHONDONTWRITEBYTECODE would compile the package again in every build, 0.08 s)
        environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        proc = subprocess.Popen(args, cwd=cwd, env={**environ, "PYTHONPATH": str(ROOT), **(env or {})},
                                stdout=out, stderr=err, text=True)
        while proc.poll() is None:
            now, sample = time.perf_counter(), tree_rss(proc.pid)
            peak = max(peak, sum(sample.values()))
            for phase, rss in sample.items():
                first, _, most = seen.get(phase, (now, now, 0))
                seen[phase] = (first, now, max(most, rss))
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(0.1)  # the next sample in 0.1 s, or the end as soon as it comes
        if proc.returncode != 0:
            out.seek(0)
            err.seek(0)
            raise SystemExit(f"{' '.join(args)} failed:\n{out.read()}\n{err.read()}")
    phases = {name: Phase(last - first, most) for name, (first, last, most) in seen.items() if name != "rest"}
    return time.perf_counter() - started, peak, phases


def build_py(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), *args]


def edition(n: int, contract: bool = False) -> Path:
    """A synthetic edition of n letters in .bench/<n>/, with the site's hand-written parts;
    `contract`: and its URL contract, every URL published for good (urls.txt, as an edition that
    has been published holds it: a build then checks that no URL disappears)."""
    work = WORK / str(n)
    if not (work / "tei" / "letters" / f"{letter_id(n - 1)}.xml").is_file():
        shutil.rmtree(work, ignore_errors=True)
        generate(work, n, carry=True)
    for name in ("docs", "overrides"):
        shutil.rmtree(work / name, ignore_errors=True)
    (work / "urls.txt").unlink(missing_ok=True)
    (work / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "about.md", work / "docs")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    shutil.rmtree(work / ".docs.cache", ignore_errors=True)
    if contract:
        run(build_py("urls", "--update"), work)
    return work


def edit_note(letter: Path, mark: str = "Edited.") -> str:
    """An edit an editor makes: `mark` put at the start of the letter's first editorial note (the
    reading text must stay its transcription's: the fidelity check). The text before it."""
    text = letter.read_text(encoding="utf-8")
    letter.write_text(re.sub(r'(<note type="editorial"[^>]*>)', rf"\1{mark} ", text, count=1),
                      encoding="utf-8")
    return text


def add_letter(work: Path, like: int, number: int, title: str = "A letter added") -> Path:
    """A new letter, as `build.py new` adds one: a copy of letter `like` under its own id
    (`number`), title and date. Its file."""
    text = (work / "tei" / "letters" / f"{letter_id(like)}.xml").read_text(encoding="utf-8")
    copy = re.sub(r"<title>[^<]*</title>", f"<title>{title}</title>",
                  text.replace(letter_id(like), letter_id(number)), count=1)
    copy = re.sub(r'<date when="\d{4}-\d\d-\d\d">[^<]*</date>',
                  '<date when="1950-06-15">15 June 1950</date>', copy, count=1)
    added = work / "tei" / "letters" / f"{letter_id(number)}.xml"
    added.write_text(copy, encoding="utf-8")
    return added


def configure(work: Path, backend: str) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("\n  search: builtin\n", f"\n  search: {backend}\n"),
                                     encoding="utf-8")


def reachable_letters(docs: Path) -> int:
    """How many letter pages the corpus pages (letters, correspondents, calendar) lead to."""
    link = re.compile(r"\]\(([^)\s#]+\.md)")
    starts = ["letters/index.md", "correspondents/index.md", "calendar/index.md"]
    seen, todo = set(starts), deque(starts)
    letters = set()
    while todo:
        page = todo.popleft()
        for href in link.findall((docs / page).read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            if re.fullmatch(r"letters/synth-letter-\d+\.md", target) and (docs / target).is_file():
                letters.add(target)
                continue
            if target not in seen and (docs / target).is_file() and target.startswith(
                    ("letters/", "correspondents/", "correspondence/", "calendar/")):
                seen.add(target)
                todo.append(target)
    return len(letters)


SEARCH_JS = """async ([backend, word]) => {
  if (backend === "pagefind") {
    window.pagefind = await import("/pagefind/pagefind.js");
    await pagefind.init();
    for (const part of await (await fetch("/pagefind/parts.json")).json()) {
      await pagefind.mergeIndex("/pagefind/" + part);
    }
    window.found = await pagefind.search(word);
    return window.found.results.length ? (await window.found.results[0].data()).url : null;
  }
  const index = await (await fetch("/search/search_index.json")).json();
  window.urls = index.docs.filter(d => d.text.includes(word)).map(d => "/" + d.location.split("#")[0]);
  return window.urls[0] || null;
}"""
# after the bytes of the first result are counted: every page the search found
ALL_JS = """async (backend) => backend === "pagefind"
  ? Promise.all(window.found.results.map(async r => (await r.data()).url))
  : window.urls"""


def first_result(site: Path, backend: str) -> tuple[list[str], int]:
    """In Debian's chromium: the bytes fetched for a first result for the rare word, and every
    page the search finds for it."""
    from playwright.sync_api import sync_playwright

    fetched: list[int] = []
    with served_folder(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.goto(f"{url}404.html")  # a small page of the site: the search's origin
        page.on("response", lambda r: fetched.append(int(r.headers.get("content-length", "0"))))
        page.evaluate(SEARCH_JS, [backend, RARE_WORD])
        first = sum(fetched)
        found: list[str] = page.evaluate(ALL_JS, backend)
        browser.close()
    return found, first


def field_rows(folder: Path) -> list[tuple[str, str, str]]:
    """The TEI step of a real edition's folder (`--tei` at it, --lenient), beside its lxml floor."""
    work = WORK / f"field-{folder.name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "mkdocs.yml").write_text(f"site_name: {folder.name}\n", encoding="utf-8")
    letters = folder / "letters" if (folder / "letters").is_dir() else folder
    n = sum(1 for _ in letters.rglob("*.xml"))
    lxml_floor = floor(letters)
    seconds, peak, _ = run(build_py("--tei", str(folder), "--docs", str(work / "docs"), "--full",
                                    "--lenient"), work)
    return [(f"lxml parse and walk, {folder.name} ({n:,} files, the floor)", f"{lxml_floor:.2f} s", "–"),
            (f"build.py full build, {folder.name} ({n:,} files, --lenient)",
             f"{seconds:.1f} s = {seconds / lxml_floor:.0f}× the floor, {mb(peak)}", "≤ 2×")]


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--site-sizes", type=int, nargs="*", default=None,
                        help="build the whole site only at these sizes (default: all)")
    parser.add_argument("--backends", nargs="+", default=["pagefind", "builtin"],
                        choices=["pagefind", "builtin"], help="search backends to build the site with")
    parser.add_argument("--images", type=int, default=100,
                        help="page images for the image step's figures (bench/image_bench.py; 0: none)")
    parser.add_argument("--field", type=Path, nargs="*", default=None, metavar="EDITION",
                        help="also the TEI step of real editions' folders, as they are, with"
                        f" --lenient (default, with no folder named: {FIELD})")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = image_bench.rows(args.images) if args.images else []
    for folder in ([FIELD] if args.field == [] else args.field or []):
        rows += field_rows(folder)
    for n in args.sizes:
        work = edition(n, contract=True)
        lxml_floor = floor(work / "tei" / "letters")
        rows.append((f"lxml parse and walk, {n:,} letters (the floor)", f"{lxml_floor:.2f} s", "–"))
        seconds, peak, _ = run(build_py("--full"), work)
        rows.append((f"build.py full build, {n:,} letters", f"{seconds:.1f} s = "
                     f"{seconds / lxml_floor:.0f}× the floor, {mb(peak)}", "≤ 2×"))
        one = work / "tei" / "letters" / f"{letter_id(n // 3)}.xml"
        text = edit_note(one)
        seconds, _, _ = run(build_py(), work)
        one.write_text(text, encoding="utf-8")
        rows.append((f"build.py after editing one letter, {n:,} letters, URL contract on", f"{seconds:.2f} s",
                     "≤ 1 s"))
        watched = subprocess.run([sys.executable, "-m", "bench.watch_bench", str(work), "--edits", "3"],
                                 cwd=ROOT, check=True, capture_output=True, text=True).stdout
        saves = [float(s) for s in watched.rsplit(":", 1)[1].split()]
        rows.append((f"watch mode (build.py --watch, serve), a save of one letter, {n:,} letters,"
                     " URL contract on", f"{min(saves):.2f}–{max(saves):.2f} s (3 saves)", "≤ 1 s"))
        cost = subprocess.run([sys.executable, "-m", "bench.cite_bench", "--tei", str(work / "tei")],
                              cwd=ROOT, check=True, capture_output=True, text=True).stdout
        cold, warm = re.findall(r"([\d.]+) ms a letter", cost)
        rows.append((f"citations (Cite panel and head), {n:,} letters, cold / warm",
                     f"{cold} / {warm} ms a letter", "< 1 ms"))
        found = reachable_letters(work / "docs")
        rows.append((f"letters reached from the corpus pages, {n:,} letters", f"{found:,}", f"{n:,}"))
        added = add_letter(work, n // 3, n)
        seconds, _, _ = run(build_py(), work)
        added.unlink()  # docs/ keeps its page until the next edition(n)
        rows.append((f"build.py after adding one letter, {n:,} letters, URL contract on", f"{seconds:.2f} s",
                     "≤ 1 s"))
        if args.site_sizes is not None and n not in args.site_sizes:
            continue
        for backend in args.backends:
            edition(n)  # a fresh docs/ and no cache: the whole way from TEI
            configure(work, backend)
            first, peak_tei, _ = run(build_py("--full"), work)
            second, peak_site, phases = run(build_py("site"), work)
            steps = [f"TEI {first:.0f} s, {mb(peak_tei)}"]
            steps += [f"{name} {phase.seconds:.0f} s, {mb(phase.peak)}"
                      for name, phase in sorted(phases.items())]
            rows.append((f"site build (TEI → site, {backend} search), {n:,} letters",
                         f"{(first + second) / 60:.1f} min, peak {mb(max(peak_tei, peak_site))}"
                         f" ({'; '.join(steps)})", "≤ 5 min, ≤ 2 GB"))
            urls, fetched = first_result(work / "site", backend)
            expected = f"/letters/{letter_id(n // 2)}/"
            gz = ""
            if backend == "builtin":
                index = (work / "site" / "search" / "search_index.json").read_bytes()
                gz = f" ({mb(len(gzip.compress(index)))} gzipped)"
            rows.append((f"bytes for a first search result ({backend}), {n:,} letters",
                         f"{mb(fetched)}{gz}; the rare letter found: {expected in urls}", "≤ 1 MB"))
    print_table(rows)


def print_table(rows: list[tuple[str, str, str]],
                heads: tuple[str, str, str] = ("figure", "measured", "goal")) -> None:
    """The figures as a Markdown table: figure, measured, goal (or the `heads` given)."""
    width = max(len(r[0]) for r in rows)
    print(f"\n| {heads[0].ljust(width)} | {heads[1]} | {heads[2]} |\n|{'-' * (width + 2)}|---|---|")
    for figure, value, goal in rows:
        print(f"| {figure.ljust(width)} | {value} | {goal} |")


if __name__ == "__main__":
    main()
