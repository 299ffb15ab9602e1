"""The URL contract: the manifest of every published URL, declared redirects, and the check.

`urls.txt` lists every URL the edition has published (pages, paragraph and note anchors, TEI
downloads), from the site's root. A build fails when one of them would disappear and no redirect
in `redirects.txt` says where it went. Page redirects become the mkdocs-redirects plugin's
`redirect_maps` when the site is built (the edition's MkDocs plugin reads redirects.txt, see
edition/publish/plugin.py); anchor redirects become a small alias table on the new page, read by
docs/assets/cite.js.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import model as m
from .. import paths
from ..problems import Pos, Problem, Problems, display_path
from ..write.markdown import script_json

MANIFEST_HEADER = (
    "# Every URL this edition has published, from the site's root. Generated: do not edit.\n"
    "# A build fails when one disappears without a redirect in redirects.txt; after adding\n"
    "# letters or entries run: python build.py urls --update\n"
)
FROM = "from:"  # the fragment a page redirect carries, so the new page can map old anchors
ALIASES_ID = "url-aliases"


@dataclass(frozen=True, slots=True)
class Contract:
    """Where the URL contract of an edition lives."""

    manifest: Path
    redirects: Path

    @classmethod
    def beside(cls, root: Path) -> Contract:
        return cls(root / "urls.txt", root / "redirects.txt")


@dataclass(frozen=True, slots=True)
class Redirect:
    old: str
    new: str
    pos: Pos


# ---------------------------------------------------------------- what the build publishes


Anchors = Mapping[str, Iterable[str]]  # a letter's id → the URLs of its paragraphs and notes


def anchors_of(letter: m.Letter) -> tuple[str, ...]:
    """The URLs of a letter's paragraphs and notes (a letter's digest keeps them: see `Anchors`)."""
    return (*(paths.paragraph_url(letter.id, b.id) for b in (*letter.front, *letter.body) if b.id),
            *(paths.note_url(letter.id, note.id) for note in letter.notes))


def anchors(letters: Iterable[m.Letter]) -> dict[str, tuple[str, ...]]:
    return {letter.id: anchors_of(letter) for letter in letters}


def published(letters: Anchors, outputs: Iterable[str], hand_written: Iterable[str]) -> set[str]:
    """Every URL of a build: its pages and files, each paragraph and note of each letter."""
    urls = {paths.site_url(rel) for rel in (*outputs, *hand_written) if not rel.startswith(".")}
    for own in letters.values():
        urls.update(own)
    return urls


# ---------------------------------------------------------------- reading the two files


def read_manifest(contract: Contract) -> dict[str, int]:
    """The manifest's URLs, each with its line number."""
    return {line: n for n, line in _manifest(contract)}


def listed(contract: Contract) -> frozenset[str]:
    """The manifest's URLs (read_manifest without line numbers: a rebuild's check, 151,000 URLs at
    10,000 letters)."""
    return frozenset(line for _, line in _manifest(contract))


def _manifest(contract: Contract) -> Iterator[tuple[int, str]]:
    """The manifest's lines that are URLs (no comment, no blank), each with its number."""
    if not contract.manifest.is_file():
        return
    lines = contract.manifest.read_text(encoding="utf-8").split("\n")
    yield from ((n, line) for n, line in enumerate(lines, start=1) if line and not line.startswith("#"))


def read_redirects(path: Path, problems: Problems) -> dict[str, Redirect]:
    """redirects.txt: `OLD NEW` on each line (manifest URLs); `#` starts a comment."""
    redirects: dict[str, Redirect] = {}
    if not path.is_file():
        return redirects
    shown = display_path(path)
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        fields = line.split()
        if not fields or line.lstrip().startswith("#"):
            continue
        pos = Pos(shown, n, 1)
        if len(fields) != 2 or not all(f.startswith("/") for f in fields):
            problems.error(pos, "a redirect is two URLs from the site's root, the old and the new,"
                           " e.g. \"/letters/old-id/ /letters/new-id/\"; correct this line")
        elif fields[0] in redirects:
            problems.error(pos, f"\"{fields[0]}\" is redirected twice (also at line"
                           f" {redirects[fields[0]].pos.line}); keep one of the two lines")
        else:
            redirects[fields[0]] = Redirect(fields[0], fields[1], pos)
    return redirects


# ---------------------------------------------------------------- resolving old URLs


def resolve(url: str, current: set[str], redirects: dict[str, Redirect]) -> str | None:
    """Where an old URL lands now: itself, its redirect, or its anchor on the redirected page."""
    seen: set[str] = set()
    while url not in current:
        if url in seen:
            return None
        seen.add(url)
        if url in redirects:
            url = redirects[url].new
        elif "#" in url:
            page, fragment = url.split("#", 1)
            moved = resolve(page, current, redirects)
            if moved is None or "#" in moved:
                return None
            url = f"{moved}#{fragment}"
        else:
            return None
    return url


def aliases(current: set[str], old: Iterable[str], redirects: dict[str, Redirect]
            ) -> dict[str, dict[str, str]]:
    """For each page, the old anchored URLs that now land on it: old URL → new fragment."""
    table: dict[str, dict[str, str]] = defaultdict(dict)
    for url in sorted({*old, *redirects}):
        if "#" not in url or url in current:
            continue
        target = resolve(url, current, redirects)
        if target is not None and "#" in target:
            page, fragment = target.split("#", 1)
            table[page][url] = fragment
    return dict(table)


def aliases_html(page_url: str, table: dict[str, str]) -> str:
    """The alias table of one page, as the JSON that docs/assets/cite.js reads."""
    data = script_json({"page": page_url, "aliases": table})
    data = data.replace("</", "<\\/")
    return f'<script type="application/json" id="{ALIASES_ID}">{data}</script>'


def add_aliases(contract: Contract, letters: Anchors, outputs: dict[str, str | bytes]) -> None:
    """Append to each letter page the table of old anchors that now land on it; publish a moved
    file (a TEI download) at its old path too, since a static host cannot redirect a file."""
    current = published(letters, outputs, [])
    old = read_manifest(contract)
    redirects = read_redirects(contract.redirects, Problems())  # its problems are reported by check()
    for redirect in redirects.values():
        target = resolve(redirect.new, current, redirects)
        if is_file(redirect.old) and target and is_file(target) and redirect.old[1:] not in outputs:
            outputs[redirect.old[1:]] = outputs[target[1:]]
    pages = {paths.site_url(rel): rel for rel in outputs if rel.endswith(".md")}
    for page_url, table in aliases(current, old, redirects).items():
        page = pages.get(page_url, "")
        text, after = outputs.get(page), f"\n{aliases_html(page_url, table)}\n"
        if isinstance(text, str):
            outputs[page] = text + after
        elif text is not None:  # the full build keeps its pages as UTF-8
            outputs[page] = text + after.encode("utf-8")


def report_renames(letters: Iterable[str], gone: dict[str, int], manifest: Mapping[str, int],
                   problems: Problems, shown: str) -> list[str]:
    """One error for each published letter whose page is gone, with the two lines of
    redirects.txt that keep its URLs (its anchors follow its page); the other URLs gone."""
    pages = {url: url.split("/")[2] for url in gone
             if url.startswith("/letters/") and url.count("/") == 3 and url.endswith("/")}
    new = [letter_id for letter_id in letters
           if paths.site_url(paths.letter_page(letter_id)) not in manifest]
    covered: set[str] = set()
    for url, old in sorted(pages.items()):
        mine = {u for u in gone if u.startswith(url) or u == paths.site_url(paths.tei_download(old))}
        covered |= mine
        to = new[0] if len(pages) == 1 and len(new) == 1 else "NEW-ID"
        lines = [f"{url} {paths.site_url(paths.letter_page(to))}",
                 f"{paths.site_url(paths.tei_download(old))} {paths.site_url(paths.tei_download(to))}"]
        guess = f"if it is now \"{to}\"" if to != "NEW-ID" else "if it was renamed"
        problems.error(Pos(shown, gone[url], 1), f"the letter \"{old}\" is no longer published"
                       f" ({len(mine)} URL(s) would disappear: its page, anchors and TEI file); {guess},"
                       " add these two lines to redirects.txt, then run python build.py urls --update:"
                       + "".join(f"\n    {line}" for line in lines))
    return [url for url in gone if url not in covered]


def is_file(url: str) -> bool:
    """A URL of a file (a download), not of a page (`/letters/x/`) or an anchor."""
    return "#" not in url and not url.endswith("/")


def page_redirects(pages: Mapping[str, str], redirects: dict[str, Redirect]) -> dict[str, str]:
    """mkdocs-redirects' `redirect_maps` from the site's pages (URL → source file, as MkDocs
    knows them): old page → the new page's file, carrying `#from:<old URL>` for its anchors."""
    current = set(pages)
    maps: dict[str, str] = {}
    for url in sorted(redirects):
        if "#" in url or is_file(url) or url in current:
            continue
        target = resolve(url, current, redirects)
        if target is not None and target in pages:
            old = url.strip("/")
            maps[f"{old}.md" if old else "index.md"] = f"{pages[target]}#{FROM}{url}"
    return maps


# ---------------------------------------------------------------- the check


def check(contract: Contract, letters: Anchors, outputs: Mapping[str, str | bytes],
          hand_written: Iterable[str], problems: Problems) -> None:
    """Fail on a published URL that would disappear; warn on new URLs not yet in the manifest."""
    current = published(letters, outputs, hand_written)
    redirects = read_redirects(contract.redirects, problems)
    shown = display_path(contract.manifest)
    if not contract.manifest.is_file():
        problems.warning(Pos(shown), "there is no URL manifest, so no published URL is protected;"
                         " create it with: python build.py urls --update")
        return
    manifest = read_manifest(contract)
    gone = {url: line for url, line in manifest.items()
            if url not in current and resolve(url, current, redirects) is None}
    for url in report_renames(letters, gone, manifest, problems, shown):
        problems.error(Pos(shown, gone[url], 1), f"the published URL {url} would disappear; keep its"
                       " xml:id, or declare where it went in redirects.txt (a line \"OLD NEW\","
                       " e.g. for a renamed or merged letter)")
    for redirect in redirects.values():
        if is_file(redirect.old) != is_file(redirect.new):
            problems.error(redirect.pos, "a redirect goes from a page to a page, from an anchor to"
                           " an anchor, or from a file to a file; correct this line")
        elif redirect.old in current and not (
                is_file(redirect.old) and outputs.get(redirect.old[1:]) == outputs.get(redirect.new[1:])):
            problems.error(redirect.pos, f"{redirect.old} is still published, so it cannot be"
                           " redirected; remove this line")
        elif resolve(redirect.new, current, redirects) is None:
            problems.error(redirect.pos, f"the redirect target {redirect.new} is not published;"
                           " point it at a URL that exists")
        elif ("#" in redirect.old) != ("#" in redirect.new):
            problems.error(redirect.pos, "a redirect goes from a page to a page, from an anchor to"
                           " an anchor, or from a file to a file; correct this line")
    warn_unlisted(contract, current, manifest, problems)


def warn_unlisted(contract: Contract, current: set[str], manifest: Collection[str],
                  problems: Problems) -> None:
    """One warning for the published URLs that the manifest does not list yet."""
    new = sorted(current.difference(manifest))
    if new:
        shown_new = ", ".join(new[:3]) + (f" and {len(new) - 3} more" if len(new) > 3 else "")
        problems.warning(Pos(display_path(contract.manifest)), f"{len(new)} URL(s) are not in the"
                         f" manifest yet ({shown_new}); to publish them for good run:"
                         " python build.py urls --update")


def without_unlisted(contract: Contract, problems: Iterable[Problem]) -> list[Problem]:
    """The problems but the warning `warn_unlisted` writes (made again by each build)."""
    where = Pos(display_path(contract.manifest))
    return [p for p in problems if p.level != "warning" or p.pos != where]


# ---------------------------------------------------------------- python build.py urls


def update(contract: Contract, letters: Anchors, outputs: Iterable[str], hand_written: Iterable[str],
           ) -> int:
    """Add the build's new URLs to the manifest; how many were added."""
    current = published(letters, outputs, hand_written)
    manifest = read_manifest(contract)
    urls = sorted(manifest.keys() | current)
    _write(contract.manifest, MANIFEST_HEADER + "".join(f"{url}\n" for url in urls))
    return len(urls) - len(manifest)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)

