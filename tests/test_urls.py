"""The URL contract: a published URL never disappears silently, and a redirect keeps it working."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import html

from edition import paths
from edition.build import site
from edition.build.urls import Contract, anchors, published, read_manifest
from edition.problems import Problems

from .conftest import ROOT, run_build

LETTER = "letter-1938-03-06-celarie"
CITE_JS = ROOT / "docs" / "assets" / "cite.js"


def project_copy(tmp_path: Path) -> Path:
    for name in ("tei", "source", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("mkdocs.yml", "urls.txt", "redirects.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def rename_letter(work: Path, old: str, new: str) -> None:
    """Give the letter a new id (its file, its xml:id and every id made from it)."""
    path = work / "tei" / "letters" / f"{old}.xml"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    (work / "tei" / "letters" / f"{new}.xml").write_text(text.replace(old, new), encoding="utf-8")


def publish_a_copy(work: Path, copy: str) -> str:
    """An invented second letter (a copy of the first under another id), published for good."""
    text = (work / "tei" / "letters" / f"{LETTER}.xml").read_text(encoding="utf-8")
    (work / "tei" / "letters" / f"{copy}.xml").write_text(text.replace(LETTER, copy), encoding="utf-8")
    assert run_build(work, "urls", "--update").returncode == 0
    return copy


def landing(hash_: str, table: dict[str, object]) -> str | None:
    """Where docs/assets/cite.js sends a fragment, run by node on the real script."""
    script = (f"const {{landing}} = require({json.dumps(str(CITE_JS))});"
              f" console.log(JSON.stringify(landing({json.dumps(hash_)}, {json.dumps(table)})));")
    out = subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout
    result: str | None = json.loads(out)
    return result


def test_the_manifest_lists_every_published_url() -> None:
    """urls.txt is current: no URL of the build is missing from it (run python build.py urls --update)."""
    problems = Problems()
    edition = site.collect(ROOT / "tei", problems)
    outputs = site.render(edition, Contract.beside(ROOT))
    current = published(anchors(edition.letters), outputs, site.hand_written_pages(ROOT / "docs"))
    manifest = read_manifest(Contract.beside(ROOT))
    assert current <= manifest.keys(), sorted(current - manifest.keys())
    assert f"/letters/{LETTER}/#p5" in manifest and f"/letters/{LETTER}/#fn:n3" in manifest
    assert f"/{paths.tei_download(LETTER)}" in manifest and "/about/" in manifest


def test_removing_a_letter_without_a_redirect_fails_naming_the_lost_urls(tmp_path: Path) -> None:
    work = project_copy(tmp_path)
    copy = publish_a_copy(work, "letter-fixture-copy")
    assert f"/letters/{copy}/#p5\n" in (work / "urls.txt").read_text(encoding="utf-8")
    assert run_build(work).returncode == 0
    before = {p.relative_to(work).as_posix(): p.read_bytes() for p in (work / "docs").rglob("*")
              if p.is_file()}

    (work / "tei" / "letters" / f"{copy}.xml").unlink()
    result = run_build(work)
    assert result.returncode == 1
    lost = re.findall(r"^urls\.txt:\d+:1: error: the letter \"(\S+)\" is no longer published"
                      r" \((\d+) URL", result.stderr, re.M)
    assert lost == [(copy, "25")]  # its page, anchors and TEI file: one error, with the fix
    lines = result.stderr.splitlines()
    at = next(n for n, line in enumerate(lines) if "is no longer published" in line)
    assert lines[at + 1:at + 3] == [
        f"    /letters/{copy}/ /letters/NEW-ID/", f"    /tei/{copy}.xml /tei/NEW-ID.xml"]
    assert "would disappear" not in result.stderr.replace("URL(s) would disappear", "")
    after = {p.relative_to(work).as_posix(): p.read_bytes() for p in (work / "docs").rglob("*")
             if p.is_file()}
    assert after == before, "a failed build must leave docs/ as it was"
    assert run_build(work, "urls", "--update").returncode == 1, "urls --update must not drop lost URLs"


def test_new_urls_are_added_only_by_the_documented_command(tmp_path: Path) -> None:
    work = project_copy(tmp_path)
    manifest = (work / "urls.txt").read_bytes()
    rename_letter(work, LETTER, "letter-fixture-new")
    (work / "redirects.txt").write_text(f"/letters/{LETTER}/ /letters/letter-fixture-new/\n"
                                        f"/tei/{LETTER}.xml /tei/letter-fixture-new.xml\n")
    result = run_build(work)
    assert result.returncode == 0, result.stderr
    assert "URL(s) are not in the manifest yet" in result.stderr
    assert (work / "urls.txt").read_bytes() == manifest
    assert run_build(work, "urls", "--update").returncode == 0
    result = run_build(work)
    assert result.returncode == 0, result.stderr
    assert "not in the manifest yet" not in result.stderr


def test_a_renamed_letter_keeps_its_page_and_paragraph_urls(tmp_path: Path) -> None:
    work = project_copy(tmp_path)
    new = "letter-1938-03-06-celarie-answers"
    rename_letter(work, LETTER, new)
    with (work / "redirects.txt").open("a", encoding="utf-8") as f:
        f.write(f"/letters/{LETTER}/ /letters/{new}/\n/tei/{LETTER}.xml /tei/{new}.xml\n")
    result = run_build(work, "urls", "--update")
    assert result.returncode == 0, result.stderr
    assert (work / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()  # never edited
    result = run_build(work, "--strict")
    assert result.returncode == 0, result.stderr
    built = mkdocs_site(work)

    # The old page URL is a redirect page that passes the fragment on to the new page.
    old_page = (built / "letters" / LETTER / "index.html").read_text(encoding="utf-8")
    target = f"../{new}/#from:/letters/{LETTER}/"
    assert f'location.href="{target}"+(anchor?"#"+anchor:"")' in old_page
    assert f'content="0; url={target}"' in old_page
    # What the browser then opens for the old paragraph URL …/letter-1938-03-06-celarie/#p5:
    hash_ = f"#from:/letters/{LETTER}/#p5"
    page = html.parse(str(built / "letters" / new / "index.html")).getroot()
    table = json.loads(page.get_element_by_id("url-aliases").text_content())
    assert table["page"] == f"/letters/{new}/"
    assert landing(hash_, table) == "p5"
    assert page.get_element_by_id("p5").get("class") == "p"
    assert landing(f"#from:/letters/{LETTER}/", table) == ""  # the old page itself: the top
    assert landing("#p5", table) is None  # the new page's own anchors are left alone
    # The old TEI download is served too (a static host cannot redirect a file): the same bytes.
    assert (built / "tei" / f"{LETTER}.xml").read_bytes() == (built / "tei" / f"{new}.xml").read_bytes()


def test_a_renamed_paragraph_id_still_lands_with_a_declared_redirect(tmp_path: Path) -> None:
    work = project_copy(tmp_path)
    path = work / "tei" / "letters" / f"{LETTER}.xml"
    text = path.read_text(encoding="utf-8")
    assert text.count(f'xml:id="{LETTER}-p5"') == 1
    path.write_text(text.replace(f'xml:id="{LETTER}-p5"', f'xml:id="{LETTER}-p5-torture"'),
                    encoding="utf-8")  # an invented renaming, for the test
    result = run_build(work)
    assert result.returncode == 1
    assert f"the published URL /letters/{LETTER}/#p5 would disappear" in result.stderr

    with (work / "redirects.txt").open("a", encoding="utf-8") as f:
        f.write(f"/letters/{LETTER}/#p5 /letters/{LETTER}/#p5-torture\n")
    assert run_build(work, "urls", "--update").returncode == 0
    result = run_build(work, "--strict")
    assert result.returncode == 0, result.stderr
    markdown = (work / "docs" / "letters" / f"{LETTER}.md").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="url-aliases">(.*)</script>', markdown)
    assert match is not None
    table = json.loads(match.group(1))
    assert table["aliases"] == {f"/letters/{LETTER}/#p5": "p5-torture"}
    assert landing("#p5", table) == "p5-torture"  # the old paragraph URL, opened directly
    assert landing("#p4", table) is None


def test_a_redirect_to_nowhere_is_an_error(tmp_path: Path) -> None:
    work = project_copy(tmp_path)
    (work / "redirects.txt").write_text("/letters/gone/ /letters/nowhere/\n/letters/ /about/\n")
    result = run_build(work)
    assert result.returncode == 1
    assert ("redirects.txt:1:1: error: the redirect target /letters/nowhere/ is not published;"
            " point it at a URL that exists") in result.stderr
    assert ("redirects.txt:2:1: error: /letters/ is still published, so it cannot be redirected;"
            " remove this line") in result.stderr


def aliases_in(work: Path, letter: str) -> dict[str, object]:
    markdown = (work / "docs" / "letters" / f"{letter}.md").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="url-aliases">(.*)</script>', markdown)
    assert match is not None
    table: dict[str, object] = json.loads(match.group(1))
    return table


def test_a_merged_letter_sends_its_anchors_to_the_paragraphs_they_became(tmp_path: Path) -> None:
    work = project_copy(tmp_path)
    copy = publish_a_copy(work, "letter-fixture-merged")
    (work / "tei" / "letters" / f"{copy}.xml").unlink()
    (work / "redirects.txt").write_text(
        f"/letters/{copy}/ /letters/{LETTER}/\n/tei/{copy}.xml /tei/{LETTER}.xml\n"
        f"/letters/{copy}/#p5 /letters/{LETTER}/#p9\n", encoding="utf-8")
    assert run_build(work, "urls", "--update").returncode == 0
    result = run_build(work, "--strict")
    assert result.returncode == 0, result.stderr
    table = aliases_in(work, LETTER)
    aliases = table["aliases"]
    assert isinstance(aliases, dict)
    assert aliases[f"/letters/{copy}/#p5"] == "p9" and aliases[f"/letters/{copy}/#p4"] == "p4"
    assert aliases[f"/letters/{copy}/#fn:n3"] == "fn:n3"
    # The merged letter's old ¶ 5 lands on ¶ 9; the page's own ¶ 5 stays where it is.
    assert landing(f"#from:/letters/{copy}/#p5", table) == "p9"
    assert landing("#p5", table) is None
    assert (work / "docs" / "tei" / f"{copy}.xml").read_bytes() == \
        (work / "tei" / "letters" / f"{LETTER}.xml").read_bytes()


def mkdocs_site(work: Path, check: bool = True) -> Path:
    """`mkdocs build --strict` in `work` (the edition's plugin gives redirects.txt to MkDocs)."""
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
                            cwd=work, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return work / "site"


def test_a_redirect_to_an_index_page_lands_on_it(tmp_path: Path) -> None:
    """MkDocs maps the new URL to its page (an index page, `calendar/index.md`), not a guess."""
    work = project_copy(tmp_path)
    (work / "redirects.txt").write_text("/chronology/ /calendar/\n/registers/people/ /persons/\n")
    assert run_build(work, "--strict").returncode == 0
    built = mkdocs_site(work)
    for old, new in (("chronology", "../calendar/"), ("registers/people", "../../persons/")):
        stub = (built / old / "index.html").read_text(encoding="utf-8")
        assert f'content="0; url={new}#from:/{old}/"' in stub, stub


def test_page_redirects_need_the_redirects_plugin(tmp_path: Path) -> None:
    work = project_copy(tmp_path)
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("\n  - redirects\n", "\n"), encoding="utf-8")
    (work / "redirects.txt").write_text("/chronology/ /calendar/\n")
    assert run_build(work).returncode == 0
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
                            cwd=work, capture_output=True, text=True)
    assert result.returncode == 1
    assert ("redirects.txt declares 1 page redirect(s), but mkdocs.yml does not list the redirects"
            " plugin; add `- redirects` under plugins") in result.stderr
