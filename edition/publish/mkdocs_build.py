"""Running `mkdocs build`: in one process, or for a large site in shards on every core, merged.

MkDocs renders one page after another in one process: at 10,000 letters that is most of the
site build. A page outside the navigation (a letter, a register entry, …) depends only on
itself, the navigation and the list of files, so n processes can each render the navigation
and every n-th of the other pages (the edition's plugin, edition/publish/plugin.py, told by
EDITION_SHARD=k/n), into folders of their own. The
folders are then merged into the first: a file that two shards both wrote must be identical,
except the sitemap and the builtin search index, which are joined. A small site is built in
one process, with every check MkDocs makes (links to anchors on other pages included, which a
shard cannot see).
"""

from __future__ import annotations

import contextlib
import filecmp
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from lxml import etree

from ..config import settings

PLUGIN = "edition"  # the edition's MkDocs plugin, as mkdocs.yml lists it: it renders a shard
VARIABLE = "EDITION_SHARD"  # k/n: which shard an MkDocs process is
PREVIEW = "EDITION_PREVIEW"  # 1: `mkdocs serve` for build.py serve, with the preview script
SHARD_FROM = 2_000  # pages: below this, one process (its start-up costs more than it saves)
SITEMAP = "sitemap.xml"
SEARCH_INDEX = "search/search_index.json"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def shards(config: Path, jobs: int | None) -> int:
    """How many processes to build with: `jobs`, or one per core for a large site with a nav."""
    chosen = settings(config)
    if not lists_plugin(chosen):
        return 1  # without the edition's plugin, each shard would render every page
    if jobs is not None:
        return max(1, jobs)
    if not chosen.get("nav"):
        return 1  # MkDocs makes the navigation from every page: each shard would make its own
    docs = config.parent / str(chosen.get("docs_dir", "docs"))
    pages = sum(1 for _ in docs.rglob("*.md"))
    return min(os.cpu_count() or 1, 8) if pages >= SHARD_FROM else 1


def lists_plugin(chosen: dict[str, Any]) -> bool:
    """Whether mkdocs.yml lists the edition's plugin (`- edition`, or `- edition: {…}`)."""
    return any(p == PLUGIN or (isinstance(p, dict) and PLUGIN in p) for p in chosen.get("plugins") or [])


def build(config: Path, site: Path, jobs: int | None = None,
          preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `config` into `site`, in one process or in shards merged."""
    n = shards(config, jobs)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if n == 1:  # not --quiet: MkDocs' strict mode does not count the warnings that --quiet hides
        return subprocess.run(command(config, site), env=env, preexec_fn=preexec, check=False,
                              capture_output=True, text=True)
    folders = [site] + [site.with_name(f"{site.name}.shard-{k}") for k in range(1, n)]
    try:
        with contextlib.ExitStack() as stack:
            # each shard's messages go to a file: a pipe read only after another shard ends would
            # fill and stop the shard writing to it (MkDocs lists every page outside the nav)
            logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in range(n)]
            running = [subprocess.Popen(command(config, folders[k]), preexec_fn=preexec,
                                        env={**env, VARIABLE: f"{k}/{n}"},
                                        stdout=logs[k], stderr=subprocess.STDOUT)
                       for k in range(n)]
            status = next((code for code in [p.wait() for p in running] if code), 0)
            output = "".join(text_of(log) for log in logs)
        if status == 0:
            for folder in folders[1:]:
                merge(site, folder)
        return subprocess.CompletedProcess(["mkdocs", "build", f"in {n} shards"], status, output, "")
    except MergeError as exc:
        return subprocess.CompletedProcess(["mkdocs", "build", f"in {n} shards"], 1, "", f"{exc}\n")
    finally:
        for folder in folders[1:]:
            shutil.rmtree(folder, ignore_errors=True)


SHARD_MARK = ".edition-shard"  # in a folder that `build.py site --shard K/N` wrote: "K/N"


def parse_shard(text: str) -> tuple[int, int] | None:
    """`K/N` (shard K of N, counted from 0), or None if it is not one."""
    k, slash, n = text.partition("/")
    if not (slash and k.isdigit() and n.isdigit()) or not int(k) < int(n):
        return None
    return int(k), int(n)


def build_shard(config: Path, folder: Path, k: int, n: int,
                preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of shard k of n alone into `folder`, marked with its number: one
    job of a CI matrix (each on its own copy of the project); `merge_shards` joins them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", VARIABLE: f"{k}/{n}"}
    result = subprocess.run(command(config, folder), env=env, preexec_fn=preexec, check=False,
                            capture_output=True, text=True)
    if result.returncode == 0:
        (folder / SHARD_MARK).write_text(f"{k}/{n}\n", encoding="utf-8")
    return result


def merge_shards(site: Path, folders: list[Path]) -> None:
    """Join the folders of every shard of one build (`build_shard`) into `site`, a new folder;
    the shard folders are left as they were. MergeError names what is missing or mixed."""
    marks = {}
    for folder in folders:
        mark = folder / SHARD_MARK
        shard = parse_shard(mark.read_text(encoding="utf-8").strip()) if mark.is_file() else None
        if shard is None:
            raise MergeError(f"build.py site --merge: {folder} is not a shard (it has no {SHARD_MARK});"
                             " give the folders that `build.py site --shard K/N --site FOLDER` wrote")
        marks[shard] = folder
    counts = {n for _, n in marks}
    n = counts.pop() if len(counts) == 1 else 0
    missing = sorted(f"{k}/{n}" for k in range(n) if (k, n) not in marks)
    if len(marks) != len(folders) or not n or missing:
        raise MergeError("build.py site --merge: give each shard of one build once"
                         f" (found {', '.join(f'{k}/{m}' for k, m in sorted(marks))}"
                         + (f"; missing {', '.join(missing)}" if missing else "") + ")")
    with tempfile.TemporaryDirectory(dir=site.parent) as scratch:
        for (k, _), folder in sorted(marks.items()):
            if k == 0:
                shutil.copytree(folder, site)
            else:
                copy = Path(scratch) / str(k)
                shutil.copytree(folder, copy)
                (copy / SHARD_MARK).unlink()
                merge(site, copy)  # moves the copy's files: the shard's folder stays whole
    (site / SHARD_MARK).unlink()


def text_of(log: IO[bytes]) -> str:
    """What a process wrote to a temporary file."""
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def command(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
            "--site-dir", str(site.resolve())]


class MergeError(Exception):
    """Two shards wrote different contents to one file that is not joined: a bug to report."""


def merge(site: Path, other: Path) -> None:
    """Move what shard `other` rendered into `site`; join the sitemaps and search indexes."""
    for path in sorted(other.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(other).as_posix()
        target = site / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        elif rel == SITEMAP:
            join_sitemaps(target, path)
        elif rel == SEARCH_INDEX:
            join_search_indexes(target, path)
        elif rel == f"{SITEMAP}.gz":
            continue  # made again from the joined sitemap
        elif not filecmp.cmp(target, path, shallow=False):
            raise MergeError(f"build.py site: two shards of the parallel build wrote different {rel};"
                             " build in one process with `python build.py site --jobs 1`, and report"
                             " this as a bug")
    if (site / SITEMAP).is_file():
        (site / f"{SITEMAP}.gz").write_bytes(gzip.compress((site / SITEMAP).read_bytes(), mtime=0))


def join_sitemaps(target: Path, other: Path) -> None:
    """Add the other sitemap's URLs that `target` lacks, in the order of their addresses."""
    ns = {"s": SITEMAP_NS}
    tree = etree.parse(str(target))
    root = tree.getroot()
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    for u in etree.parse(str(other)).getroot().findall("s:url", ns):
        urls.setdefault(u.findtext("s:loc", namespaces=ns), u)
    for u in root.findall("s:url", ns):
        root.remove(u)
    for loc in sorted(urls, key=str):
        root.append(urls[loc])
    etree.indent(root, space="    ")
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")


def join_search_indexes(target: Path, other: Path) -> None:
    """Add the other shard's entries of Material's builtin search index that `target` lacks."""
    index = json.loads(target.read_text(encoding="utf-8"))
    seen = {doc["location"] for doc in index["docs"]}
    more = json.loads(other.read_text(encoding="utf-8"))["docs"]
    index["docs"] += [doc for doc in more if doc["location"] not in seen]
    target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
