"""What a save costs in the live preview: watch mode's rebuild against a normal build, and end to end.

`python -m bench.preview_bench --letters 500` builds a synthetic edition, edits one letter's
note, and prints the time of `watch.rebuild` (in-place, only the changed files written) beside a
normal `site.build` (the whole docs/ staged and swapped), with the number of files each writes.
`--serve` also starts `build.py serve` on the real edition (a copy) and prints, for a few edits,
the seconds from saving the TEI to the new text being served: the 2-second goal of the preview.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from edition import watch
from edition.build import incremental, site
from tests.test_watch import free_port, project

from .synth import generate

ROOT = Path(__file__).resolve().parent.parent


def edit_first_letter(tei: Path, n: int) -> None:
    path = sorted((tei / "letters").glob("*.xml"))[0]
    text = path.read_text(encoding="utf-8")
    marker = "</note>"
    path.write_text(text.replace(marker, f" (edit {n}){marker}", 1), encoding="utf-8")


def rebuilds(letters: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tei = generate(Path(folder), letters)
        docs = Path(folder) / "docs"
        site.build(tei, docs)
        kept = incremental.Kept()  # as watch mode keeps it between saves

        def normal() -> site.Written | None:
            return site.build(tei, docs)[1]

        def in_place() -> site.Written | None:
            return watch.rebuild(tei, docs, False, kept)[1]

        for name, run in (("normal build (staged, swapped)", normal), ("watch rebuild (in place)", in_place)):
            times, writes = [], []
            for n in range(3):
                edit_first_letter(tei, n + (10 if run is in_place else 0))
                started = time.perf_counter()
                written = run()
                times.append(time.perf_counter() - started)
                writes.append(written.written if written else -1)
            print(f"{letters} letters, {name}: {min(times):.3f} s (best of 3), files written {writes}")


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def end_to_end(edits: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = project(Path(folder))  # the tests' copy of what the site is built from
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--addr", f"127.0.0.1:{port}"], cwd=work,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/letters/letter-1938-03-06-celarie/"
        try:
            while "Yenukidze" not in served(url):
                time.sleep(0.2)
            path = work / "tei" / "letters" / "letter-1938-03-06-celarie.xml"
            for n in range(edits):
                time.sleep(1.5)
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace("He was shot", f"He (edit {n}) was shot", 1)
                                if n == 0 else text.replace(f"(edit {n - 1})", f"(edit {n})"),
                                encoding="utf-8")
                started = time.perf_counter()
                while f"(edit {n})" not in served(url):
                    time.sleep(0.02)
                print(f"serve, the Célarié edition: edit {n + 1} served"
                      f" {time.perf_counter() - started:.2f} s after the save (goal: 2 s)")
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--serve", action="store_true", help="also measure build.py serve end to end")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    rebuilds(args.letters)
    if args.serve:
        end_to_end(args.edits)


if __name__ == "__main__":
    main()
