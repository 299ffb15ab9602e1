"""Live preview: `build.py --watch` rewrites docs/ as the TEI changes; `build.py serve` adds MkDocs.

Watch mode runs the incremental build (incremental.py: only the saved letters are read again, and
only the pages they change are rendered), and writes docs/ in place, one file at a time (temp file
+ os.replace), so that a server watching docs/ keeps track of it and rebuilds only those pages; a
normal build may swap the whole folder at once instead (site.write_docs). When the TEI has
an error, the last good pages stay, and the problems go into assets/build-problems.json, which
docs/assets/preview.js shows as a banner in the page (red); a good build with warnings puts its
warnings there (an amber banner); a build with none empties it, and it goes when watching ends.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

import watchfiles

from . import paths
from .build import incremental, site
from .build.urls import Contract
from .problems import BuildError, Problems
from .publish import mkdocs_build
from .write.data import to_json

PROBLEMS = paths.BUILD_PROBLEMS  # in docs/ while watching: the last build's problems
ALL_CLEAR = '{"summary": "The last build was good.", "problems": []}\n'  # and after a good build
DEBOUNCE_MS = 50  # how long the TEI must be quiet before a rebuild: an editor's save is one burst


def problems_report(problems: Problems, strict: bool, failed: bool = True) -> str:
    """The banner's content: a summary, its level, and every problem (errors and warnings, the
    causes first) as `file:line:col: level: message`; ALL_CLEAR when there is none.

    `failed`: the build failed (the pages are the last good ones); else it was good, and the
    banner shows its warnings (with `strict`, a warning fails the build).
    """
    shown = problems.in_order()
    if not shown:
        return ALL_CLEAR
    errors, warnings = len(problems.errors), sum(p.level == "warning" for p in shown)
    if failed:
        counts = f"{errors} error(s)" + (f" and {warnings} warning(s)" if warnings else "")
        summary = (f"The TEI has {counts}: these pages are from the last good build."
                   " Fix the TEI at the places below and save; the page reloads by itself.")
    else:
        publish = "" if strict else ", or publish with them (--strict fails on them)"
        summary = (f"The last build was good, with {len(shown)} warning(s): the pages are up to date."
                   f" Fix the TEI at the places below{publish}.")
    return to_json({"summary": summary, "level": "error" if failed else "warning",  # 30,000 lines:
                    "problems": [str(p) for p in shown]})  # json.dumps with an indent took 0.2 s


def rebuild(tei: Path, docs: Path, strict: bool, kept: incremental.Kept | None = None
            ) -> tuple[Problems, site.Written | None]:
    """One build in watch mode: the incremental build (only the pages a saved file changes are
    rewritten, in place), or, after an error, the last good pages; and the problems report.
    `kept`: the state between builds, in memory."""
    problems, written = incremental.build(tei, docs, strict=strict, contract=Contract.beside(tei.parent),
                                          in_place=True, kept=kept, zip_later=True)
    report = problems_report(problems, strict, failed=written is None)
    try:
        if not incremental.put_files({PROBLEMS: report}, docs, kept):  # no cache to keep: write it all
            last_good = {rel: (docs / rel).read_bytes() for rel in site.generated_files(docs)
                         - {site.MANIFEST, PROBLEMS}} if docs.is_dir() else {}
            site.write_in_place({**last_good, PROBLEMS: report}, docs)
    except BuildError as exc:
        problems.extend(exc.problems)
    return problems, written


def finish(tei: Path, docs: Path, strict: bool, kept: incremental.Kept | None = None) -> None:
    """The end of watching: the corpus zip made with the files the saves changed (each save
    leaves it owed: 55 MB to write at 10,000 letters), and the problems report removed, so that
    docs/ is what a normal build makes. (If the TEI has an error now, the zip stays owed, and
    the next build makes it.)"""
    if incremental.owes_zip(docs, kept):
        problems, written = incremental.build(tei, docs, strict=strict, contract=Contract.beside(tei.parent),
                                              in_place=True, kept=kept)
        if written is None:
            problems.report(sys.stderr)
    clear_problems(docs, kept)


def clear_problems(docs: Path, kept: incremental.Kept | None = None) -> None:
    """Remove the problems report when watching ends, so that docs/ is what a normal build makes.

    While watching, the report stays (empty after a good build) rather than going away: `mkdocs
    serve --dirty` re-renders what changed but never deletes from the site it serves, so a deleted
    report would keep showing the last banner.
    """
    if incremental.put_files({PROBLEMS: None}, docs, kept):  # and noted in the cache
        return
    manifest = docs / site.MANIFEST
    if manifest.is_file():
        listed = manifest.read_text(encoding="utf-8").split("\n")
        temporary = manifest.with_name(f".{manifest.name}.tmp")
        temporary.write_text("\n".join(rel for rel in listed if rel != PROBLEMS), encoding="utf-8")
        os.replace(temporary, manifest)
    (docs / PROBLEMS).unlink(missing_ok=True)


def report(problems: Problems, written: site.Written | None, seconds: float, docs: Path) -> None:
    problems.report(sys.stderr)
    stamp = time.strftime("%H:%M:%S")
    if written is None:
        print(f"build.py --watch {stamp}: {len(problems.errors)} error(s); {docs}/ keeps the last good"
              " pages and the preview shows the problems. Fix the TEI and save again.",
              file=sys.stderr, flush=True)
    else:
        print(f"build.py --watch {stamp}: {written.written} page(s) rewritten, {written.removed}"
              f" removed, in {seconds:.2f} s.", flush=True)


def watch(tei: Path, docs: Path, strict: bool, stop: threading.Event,
          alive: Any = lambda: True, kept: incremental.Kept | None = None) -> None:
    """Rebuild whenever an XML file under tei/ changes, until `stop` is set or `alive()` is false."""
    for changes in watchfiles.watch(tei, watch_filter=lambda _change, path: path.endswith(".xml"),
                                    debounce=DEBOUNCE_MS, step=20, stop_event=stop, rust_timeout=500,
                                    yield_on_timeout=True, raise_interrupt=False):
        if not alive():
            return
        if changes:
            started = time.perf_counter()
            problems, written = rebuild(tei, docs, strict, kept)
            report(problems, written, time.perf_counter() - started, docs)


def stop_on_signals() -> threading.Event:
    """An event set by Ctrl-C (SIGINT) or SIGTERM, so that a watch ends cleanly between builds."""
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return stop


def serve(argv: list[str]) -> int:
    """`python build.py serve`: watch the TEI and serve the site with MkDocs, until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="build.py serve",
        description="Live preview: rebuild docs/ when a TEI file is saved, and serve the site with"
                    " MkDocs, which reloads the page in the browser.")
    parser.add_argument("--tei", type=Path, default=Path("tei"), help="the TEI folder (default: tei)")
    parser.add_argument("--docs", type=Path, default=Path("docs"),
                        help="the Markdown folder MkDocs publishes (default: docs)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="the MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--addr", default="127.0.0.1:8000",
                        help="the address to serve at (default: 127.0.0.1:8000)")
    parser.add_argument("--strict", action="store_true", help="show warnings as problems too")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    kept = incremental.Kept()
    problems, written = rebuild(args.tei, args.docs, args.strict, kept)
    report(problems, written, time.perf_counter() - started, args.docs)
    stop = stop_on_signals()
    # The edition's MkDocs plugin adds the preview script (EDITION_PREVIEW). Not strict: `mkdocs
    # serve --dirty` (re-render only the saved pages) warns that it is dirty, and strict mode stops
    # on that warning; build.py checks the TEI itself on every save, and `make site` stays strict.
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--config-file",
         str(args.config), "--dev-addr", args.addr],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", mkdocs_build.PREVIEW: "1"})
    print(f"build.py serve: watching {args.tei}/ → {args.docs}/; the preview is at"
          f" http://{args.addr}/ once MkDocs says 'Serving'. Ctrl-C stops both.", flush=True)
    try:
        watch(args.tei, args.docs, args.strict, stop, alive=lambda: server.poll() is None, kept=kept)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)  # MkDocs shuts down cleanly on Ctrl-C
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        finish(args.tei, args.docs, args.strict, kept)
    if not stop.is_set():
        print(f"build.py serve: MkDocs stopped (exit status {server.returncode}); see its message"
              " above (is the address in use? choose another with --addr).", file=sys.stderr)
        return 1
    print("build.py serve: stopped.")
    return 0


def watch_command(tei: Path, docs: Path, strict: bool) -> int:
    """`python build.py --watch`: rebuild docs/ on every TEI change, for any server (mkdocs, zensical)."""
    stop = stop_on_signals()
    started = time.perf_counter()
    kept = incremental.Kept()
    problems, written = rebuild(tei, docs, strict, kept)
    report(problems, written, time.perf_counter() - started, docs)
    print(f"build.py --watch: watching {tei}/ → {docs}/; serve docs/ with 'mkdocs serve' or"
          " 'zensical serve'. Ctrl-C stops.", flush=True)
    try:
        watch(tei, docs, strict, stop, kept=kept)
    finally:
        finish(tei, docs, strict, kept)
    print("build.py --watch: stopped.")
    return 0
