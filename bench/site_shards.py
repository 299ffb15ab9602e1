"""MkDocs in one process against MkDocs in shards, side by side on the same docs/.

`python -m bench.site_shards --letters 1000` builds a synthetic edition's docs/ (in .bench/),
then runs `build.py site --jobs 1` and `build.py site --jobs N` (N: the cores) in turn, twice,
and prints for each the wall time, the CPU time of all its processes and the peak memory of
its process tree. The two builds' sites are compared: every page the same, and the same
entries in the sitemap and the search index.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
from pathlib import Path

from edition.publish import mkdocs_build

from .run import build_py, configure, edition, mb, run


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def differences(one: Path, other: Path) -> list[str]:
    """The files of two sites that differ, but for the sitemap and search index's order."""
    files = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    others = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    joined = {mkdocs_build.SITEMAP, f"{mkdocs_build.SITEMAP}.gz", mkdocs_build.SEARCH_INDEX}
    return sorted((files ^ others) | {rel for rel in files & others - joined
                                      if (one / rel).read_bytes() != (other / rel).read_bytes()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--backend", default="builtin", choices=("builtin", "pagefind"))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    work = edition(args.letters)
    configure(work, args.backend)
    run(build_py("--full"), work)
    cores = os.cpu_count() or 1
    pages = sum(1 for _ in (work / "docs").rglob("*.md"))
    print(f"{args.letters} letters, {pages:,} pages, {args.backend} search, {cores} cores;"
          f" load average {os.getloadavg()[0]:.1f}")
    sites = {}
    for n in range(args.repeat):
        for jobs in (1, cores):
            before = cpu_seconds()
            seconds, peak, _ = run(build_py("site", "--jobs", str(jobs)), work)
            cpu = cpu_seconds() - before
            print(f"  run {n + 1}, MkDocs in {jobs} process(es): {seconds:6.1f} s wall,"
                  f" {cpu:6.1f} s CPU, peak {mb(peak)}")
            sites[jobs] = work / f"site-{jobs}"
            shutil.rmtree(sites[jobs], ignore_errors=True)
            (work / "site").rename(sites[jobs])
    different = differences(sites[1], sites[cores])
    print(f"  files that differ between the two sites: {len(different)} {different[:5]}")


if __name__ == "__main__":
    main()
