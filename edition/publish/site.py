"""`python build.py site`: docs/ → site/ with MkDocs (strict), its search index and its
Content-Security-Policy, swapped into place only when all of it succeeded."""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .. import messages
from ..build import site
from ..config import settings
from ..write import csp, search
from . import mkdocs_build


def die_with_parent() -> None:
    """In the child: be killed when build.py is (Linux), so a killed build leaves no writer."""
    prctl = getattr(site._libc(), "prctl", None)
    if prctl is not None:
        pr_set_pdeathsig = 1
        prctl(pr_set_pdeathsig, signal.SIGKILL)


def publish(argv: list[str]) -> int:
    """`python build.py site`: MkDocs builds docs/ into a staging folder, which replaces site/.

    A failed or killed build leaves the last good site/ exactly as it was.
    """
    parser = argparse.ArgumentParser(
        prog="build.py site",
        description="Build the website from docs/ with MkDocs (strict), then swap it into place.")
    parser.add_argument("--site", type=Path, default=Path("site"), help="the site folder (default: site)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="the MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="MkDocs processes (default: one per core from"
                             f" {mkdocs_build.SHARD_FROM:,} pages on, else one)")
    jobs = parser.add_mutually_exclusive_group()
    jobs.add_argument("--shard", metavar="K/N",
                      help="render only shard K of N (K from 0) into --site: one job of a CI matrix,"
                           " each on its own copy of the project; then join them with --merge")
    jobs.add_argument("--merge", nargs="+", type=Path, metavar="FOLDER",
                      help="join the folders of every shard of one build (from --shard) into --site,"
                           " with the search index and the Content-Security-Policy")
    args = parser.parse_args(argv)
    # the words of the search index (a result for each note) in the edition's language
    messages.use(messages.language_of(args.config.resolve().parent / "tei", args.config).tag)
    target: Path = args.site
    site.recover(target)
    staging = target.with_name(f".{target.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)  # left by a build that was killed: it never became site/
    pagefind = search.backend(args.config) == "pagefind"
    if (pagefind or args.shard) and not mkdocs_build.lists_plugin(settings(args.config)):
        why = "a shard is rendered" if args.shard else ("Material's search is turned off for Pagefind"
                                                        " (extra: search: pagefind)")
        print(f"build.py site: only the edition's MkDocs plugin knows how {why}: add `- edition`"
              f" under plugins in {args.config}; {target}/ was left as it was.", file=sys.stderr)
        return 1
    shard = mkdocs_build.parse_shard(args.shard) if args.shard else None
    if args.shard and shard is None:
        parser.error(f"--shard {args.shard}: give K/N, shard K of N with 0 ≤ K < N, e.g. --shard 0/4")
    if shard is not None:
        result = mkdocs_build.build_shard(args.config, staging, *shard, preexec=die_with_parent)
    elif args.merge:
        try:
            mkdocs_build.merge_shards(staging, args.merge)
        except mkdocs_build.MergeError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"{exc}; {target}/ was left as it was.", file=sys.stderr)
            return 1
        result = subprocess.CompletedProcess(["merge"], 0, "", "")
    else:
        result = mkdocs_build.build(args.config, staging, args.jobs, preexec=die_with_parent)
    if shard is not None and result.returncode == 0:
        site.sync_tree(staging)
        site.swap(staging, target)
        print(f"build.py site: shard {args.shard} → {target}/; when every shard is done, join them:"
              " build.py site --merge FOLDER…")
        return 0
    if result.returncode == 0 and pagefind:
        result = search.index(staging)  # Pagefind's index, inside the staging folder
    elif result.returncode == 0:
        search.refine_builtin(staging)  # Material's index: a result a note; words without accents
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build.py site: mkdocs build failed (status {result.returncode}); {target}/ was left"
              " as it was. Fix the problems above and run again.", file=sys.stderr)
        return 1
    for blocked in csp.apply(staging, args.config):  # the Content-Security-Policy of every page
        print(f"build.py site: warning: {target.name}/{blocked}", file=sys.stderr)
    site.sync_tree(staging)
    site.swap(staging, target)
    print(f"build.py site: docs/ → {target}/; open {target}/index.html, or run 'make serve'.")
    return 0
