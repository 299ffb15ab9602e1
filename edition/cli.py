"""The command line: `python build.py [--tei DIR] [--docs DIR] [--check] [--strict] [--jobs N] [--full]`.

Further commands are `python build.py NAME …`, each a function in SUBCOMMANDS that takes the
remaining arguments and returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import images
from .build import incremental, scaffold, urls
from .build.site import build, collect, hand_written_pages, render
from .build.urls import Contract
from .problems import Problems
from .publish.site import publish


def site(argv: list[str]) -> int:
    """python build.py site: docs/ → site/ through MkDocs, swapped in whole; a docs/ older than
    tei/ is first brought up to date (a TEI step with errors stops it: nothing stale is published)."""
    tei, docs = Path("tei"), Path("docs")
    if tei.is_dir():
        contract = Contract.beside(tei.parent)
        changed = incremental.changed_since(tei, docs, contract)
        if changed is None or changed:
            why = f"{len(changed)} file(s) changed since" if changed else "no record of how it was"
            print(f"build.py site: {docs}/ is older than {tei}/ ({why} {docs}/ was written):"
                  " running the TEI step first", file=sys.stderr)
            problems, written = incremental.build(tei, docs, contract=contract)
            problems.report(sys.stderr)
            if written is None:
                print(f"build.py site: the TEI step failed, so {docs}/ and site/ were left as they were:"
                      " fix the TEI at the places above and run again.", file=sys.stderr)
                return 1
    return publish(argv)


SUBCOMMANDS: dict[str, Callable[[list[str]], int]] = {
    "new": scaffold.new,  # python build.py new source/<file>.txt: a new letter's TEI skeleton
    "site": site,  # python build.py site: docs/ → site/ through MkDocs, swapped in whole
}


def serve(argv: list[str]) -> int:
    """python build.py serve: --watch and MkDocs' live-reloading server."""
    from . import watch  # watchfiles and yaml: loaded only for the commands that need them

    return watch.serve(argv)


SUBCOMMANDS["serve"] = serve


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Turn the TEI letters and registers in tei/ into the Markdown pages of docs/.",
        epilog="Other commands: " + (", ".join(sorted(SUBCOMMANDS)) or "none"),
    )
    parser.add_argument("--tei", type=Path, default=Path("tei"), help="the TEI folder (default: tei)")
    parser.add_argument("--docs", type=Path, default=Path("docs"),
                        help="the Markdown folder MkDocs publishes (default: docs)")
    parser.add_argument("--check", action="store_true",
                        help="read and check the TEI, report every problem, write nothing")
    parser.add_argument("--strict", action="store_true", help="fail on warnings as well as errors")
    parser.add_argument("--lenient", action="store_true",
                        help="import an edition as it is: elements outside TEI and references that"
                        " point nowhere become warnings, their text kept (ill-formed XML still fails)")
    parser.add_argument("--verbose", action="store_true",
                        help="list every problem (by default, a kind met often is shown by its first"
                        " few places and a count)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="read letters in N processes (default: one per core; 1: this process)")
    parser.add_argument("--full", action="store_true",
                        help="rebuild everything, not only what the edited letters change")
    parser.add_argument("--watch", action="store_true",
                        help="keep running: rewrite the changed pages of docs/ whenever a TEI file is saved")
    args = parser.parse_args(argv)
    if args.watch:
        from . import watch

        return watch.watch_command(args.tei, args.docs, args.strict)

    started = time.perf_counter()
    contract = Contract.beside(args.tei.parent)
    if not args.check:  # --check writes nothing, not even the image cache
        images.use_cache(args.docs.with_name(f".{args.docs.name}.image-cache"))
    if args.check:
        problems, written = build(args.tei, args.docs, write=False, strict=args.strict,
                                  contract=contract, jobs=args.jobs, lenient=args.lenient)
    else:
        problems, written = incremental.build(args.tei, args.docs, strict=args.strict, jobs=args.jobs,
                                              contract=contract, full=args.full, lenient=args.lenient)
    problems.report(sys.stderr, verbose=args.verbose)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if problems.failed(args.strict):
        what = f"{errors} error(s)" + (f" and {warnings} warning(s) (--strict)" if args.strict else "")
        print(f"build.py: {what}; {args.docs}/ was left as it was. Fix the TEI at the places"
              " above and run again.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    tail = f", {warnings} warning(s) (see above; --strict fails on them)" if warnings else ""
    if written is None:
        print(f"build.py: {args.tei}/ checked in {seconds:.2f} s: no errors{tail}; nothing written."
              " Next: python build.py writes docs/.")
    else:
        print(f"build.py: {args.tei}/ → {args.docs}/ in {seconds:.2f} s: {written.written} page(s)"
              f" written, {written.unchanged} unchanged, {written.removed} removed{tail}. Next: look"
              " at it with make serve, then commit the TEI and docs/ together.")
    return 0


def urls_command(argv: list[str]) -> int:
    """`python build.py urls [--update]`: check the URL contract, or add new URLs to urls.txt."""
    parser = argparse.ArgumentParser(
        prog="build.py urls",
        description="Check that every URL in urls.txt is still published or redirected; with"
        " --update, add the build's new URLs to urls.txt (redirects.txt is read by the site build).")
    parser.add_argument("--tei", type=Path, default=Path("tei"), help="the TEI folder (default: tei)")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the docs folder")
    parser.add_argument("--update", action="store_true", help="add new URLs to urls.txt")
    args = parser.parse_args(argv)
    contract = Contract.beside(args.tei.parent)
    problems = Problems()
    edition = collect(args.tei, problems)
    outputs = render(edition, contract)
    urls.check(contract, urls.anchors(edition.letters), outputs, hand_written_pages(args.docs), problems)
    if not args.update and not contract.manifest.is_file():
        problems.report(sys.stderr)
        return 1
    if args.update:
        problems = Problems(problems.errors)
    problems.report(sys.stderr)
    if problems.errors:
        print(f"build.py urls: {len(problems.errors)} error(s); {contract.manifest} was left as it"
              " was.", file=sys.stderr)
        return 1
    if args.update:
        added = urls.update(contract, urls.anchors(edition.letters), outputs, hand_written_pages(args.docs))
        print(f"build.py urls: {added} URL(s) added to {contract.manifest}. Commit it with the change.")
    else:
        print(f"build.py urls: every URL in {contract.manifest} is still published or redirected.")
    return 0


SUBCOMMANDS["urls"] = urls_command
