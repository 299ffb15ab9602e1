"""The built site's Content-Security-Policy: a `<meta http-equiv>` in every page, written after MkDocs.

Defence in depth behind the writer's escaping (edition/write/markdown.py): a page may run its own
script files and the inline scripts that the theme's templates wrote, and nothing else. Each
inline script of a page is compared with the `<script>` blocks of the templates (the theme's own
folder and mkdocs.yml's `custom_dir`, their Jinja expressions taken as wildcards); the policy
allows those by their SHA-256 hash. An inline script that no template wrote (one that TEI text
turned into code, or one typed into a hand-written page) gets no hash, so the browser refuses to
run it, and the build names the page. The HTML is post-processed as files: nothing here depends on
how MkDocs or Material work inside, only on where the theme keeps its templates.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path

from ..config import settings

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_JINJA = re.compile(r"\s*(?:\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})\s*", re.S)
# What a Jinja expression inside a template's script renders to: a path or URL (`../..`,
# `../pagefind/`), never a quote or a bracket that could end the string it stands in.
_VALUE = r"[\w./:#?=&%~+@-]*?"
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_REFRESH = re.compile(r"<meta\s+http-equiv=[\"']?refresh", re.I)

# Everything else from the site itself; styles may be inline (Material sets them, and a style
# runs no code); images and fonts may be data: URIs (Material's icons in its CSS).
# A letter's page images from a IIIF server (edition/write/viewer.py names their origins in the page's
# `data-image-origins`) are allowed on that page only, as images and as info.json requests.
POLICY = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline';"
          " img-src 'self' data:{images}; font-src 'self' data:; connect-src 'self'{images};"
          " worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
_ORIGINS = re.compile(r'<div class="facsimile"[^>]*\bdata-image-origins="([^"]*)"')
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?")


def template_folders(config: Path) -> list[Path]:
    """The folders whose templates render the site: mkdocs.yml's `custom_dir` and the theme's own."""
    chosen = settings(config)
    theme = chosen.get("theme") or {}
    if isinstance(theme, str):
        theme = {"name": theme}
    folders: list[Path] = []
    if theme.get("custom_dir"):
        folders.append(config.parent / str(theme["custom_dir"]))
    for point in entry_points(group="mkdocs.themes"):  # how MkDocs itself finds a theme
        if point.name == theme.get("name"):
            spec = find_spec(point.value)
            if spec is not None and spec.submodule_search_locations:
                folders += [Path(p) for p in spec.submodule_search_locations]
    return folders


def executable(attrs: str) -> bool:
    """A `<script>` whose text the browser runs: no `src`, and a JavaScript type (or none)."""
    found = _TYPE.search(attrs)
    return not _SRC.search(attrs) and (found.group(1).lower() if found else "") in _JS_TYPES


def template_scripts(folders: Iterable[Path]) -> list[re.Pattern[str]]:
    """A pattern for each inline script in the templates: its text, each Jinja tag a wildcard."""
    patterns: dict[str, re.Pattern[str]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            for attrs, body in SCRIPT.findall(path.read_text(encoding="utf-8")):
                if executable(attrs):
                    parts = _JINJA.split(body.strip())
                    source = r"\s*" + _VALUE.join(re.escape(p) for p in parts) + r"\s*"
                    patterns.setdefault(source, re.compile(source, re.S))
    return list(patterns.values())


def digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def secure(page: str, known: Sequence[re.Pattern[str]], extra: str = "") -> tuple[str, int]:
    """The page with its policy in its head, and how many inline scripts no template wrote."""
    hashes: list[str] = []
    strangers = 0
    for match in SCRIPT.finditer(page):
        attrs, body = match.group(1), match.group(2)
        if not executable(attrs):
            continue
        if any(p.fullmatch(body) for p in known):
            hashes.append(digest(body))
        else:
            strangers += 1
    scripts = "".join(f" {h}" for h in dict.fromkeys(hashes)) + extra
    found = _ORIGINS.search(page)
    images = "".join(f" {o}" for o in (found.group(1).split() if found else ()) if _ORIGIN.fullmatch(o))
    policy = POLICY.format(scripts=scripts, images=images)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    page = _META.sub("", page)
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:
        return page, strangers
    return page[:anchor.end()] + "\n" + meta + page[anchor.end():], strangers


def apply(site: Path, config: Path) -> list[str]:
    """Write the policy into every page of the built `site` (but redirect stubs, which hold no
    text of the edition); what to report: each page with a script that the policy blocks."""
    known = template_scripts(template_folders(config))
    # Pagefind's search runs as WebAssembly, which a policy must allow by name
    extra = " 'wasm-unsafe-eval'" if (site / "pagefind").is_dir() else ""
    blocked: list[str] = []
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        if _REFRESH.search(page) and "__md_scope" not in page:
            continue
        secured, strangers = secure(page, known, extra)
        if strangers:
            blocked.append(f"{path.relative_to(site).as_posix()}: {strangers} inline script(s) that no"
                           " template wrote; the Content-Security-Policy blocks them (put a script of"
                           " your own in a file under docs/ and list it in mkdocs.yml's extra_javascript)")
        if secured != page:
            path.write_text(secured, encoding="utf-8")
    return blocked
