"""Page images: reading them (tests/facsimile/ and the field corpus), deriving local ones
incrementally, and the IIIF manifest, validated with iiif-prezi3."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from iiif_prezi3 import Manifest
from lxml import etree

from edition import images
from edition import model as m
from edition.problems import Problems, display_path
from edition.read.facsimile import read_pages
from edition.read.letter import read_letter
from edition.read.tei import NS, Reader
from edition.write import csp, viewer

from .conftest import ROOT, run_build
from .facsimile_edition import SIZES, make_image, project

FIELD = ROOT.parent / "shared" / "field-corpus"
LETTER = "tei/letters/two-pages.xml"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return project(tmp_path)


def pages_of(path: Path) -> tuple[tuple[m.Page, ...], Problems]:
    """The pages facsimile.py reads from a file, and what it reported (parsed here without the
    schema: the field corpus's letters need not have what read_letter asks of a letter yet)."""
    problems = Problems()
    data = path.read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    r = Reader(display_path(path), data, problems)
    header, text = root.find("t:teiHeader", NS), root.find("t:text", NS)
    assert header is not None and text is not None
    r.read_prefixes(header)
    return read_pages(root, text, r), problems


def test_the_two_page_letter_has_its_pages_and_images(work: Path) -> None:
    problems = Problems()
    letter = read_letter(work / LETTER, problems)
    assert letter is not None and problems.errors == []
    one, two = letter.pages
    assert (one.n, two.n) == ("1r", "1v")
    assert one.local and two.local and one.service is None
    folder = (work / "tei" / "images").resolve()
    assert Path(one.image or "").resolve() == folder / "page-1.jpg"  # through its surface
    assert Path(two.image or "").resolve() == folder / "page-2.png"  # straight from pb@facs
    assert (one.width, one.height) == (1600, 2200)  # the surface's coordinates
    assert one.pos.line and two.pos.line > one.pos.line


def test_a_missing_image_is_an_error_at_its_pb(work: Path) -> None:
    (work / "tei" / "images" / "page-2.png").unlink()
    (work / "tei" / "images" / "page-1.jpg").write_bytes(b"not an image")
    result = run_build(work)
    assert result.returncode == 1
    text = (work / LETTER).read_text(encoding="utf-8").splitlines()
    line = next(n for n, s in enumerate(text, start=1) if 'facs="../images/page-2.png"' in s)
    assert re.search(rf"{LETTER}:{line}:\d+: error: the page image \"../images/page-2.png\" is not"
                     r" there \(looked for .*tei/images/page-2.png\); add the image, or correct @facs",
                     result.stderr), result.stderr
    assert re.search(rf"{LETTER}:\d+:\d+: error: the page image \"../images/page-1.jpg\" cannot be"
                     " read as an image", result.stderr), result.stderr
    assert not (work / "docs" / "iiif").exists()


def test_a_remote_image_is_shown_from_its_address_and_never_fetched(tmp_path: Path) -> None:
    letter = tmp_path / "letter.xml"
    text = (ROOT / "tests" / "facsimile" / LETTER).read_text(encoding="utf-8")
    text = text.replace('url="../images/page-1.jpg"', 'url="https://images.example.org/iiif/p1/info.json"')
    text = text.replace('facs="../images/page-2.png"',
                        'facs="https://images.example.org/iiif/p2/full/max/0/default.jpg"')
    letter.write_text(text, encoding="utf-8")
    pages, problems = pages_of(letter)
    assert problems.items == []
    assert [(p.image, p.service, p.local) for p in pages] == [
        ("https://images.example.org/iiif/p1/full/max/0/default.jpg", "https://images.example.org/iiif/p1",
         False),
        ("https://images.example.org/iiif/p2/full/max/0/default.jpg", "https://images.example.org/iiif/p2",
         False)]


# ---------------------------------------------------------------- the field corpus

FACSIMILE_LETTERS = sorted(
    path for edition in ("pec-estournelles", "suriano", "varela-digital", "tillich-briefe")
    for path in (FIELD / edition / "letters").glob("*.xml")
    if re.search(r"<facsimile|\bfacs=", path.read_text(encoding="utf-8")))


def test_the_field_corpus_has_the_letters_with_facsimiles() -> None:
    names = {p.name for p in FACSIMILE_LETTERS}
    assert {"Lettre0001_15aout1914.xml", "02_001.xml", "03_017.xml", "CV-197.xml", "CV-1.xml",
            "L00561.xml"} <= names
    assert len(FACSIMILE_LETTERS) >= 50


@pytest.mark.parametrize("path", FACSIMILE_LETTERS, ids=lambda p: p.name)
def test_field_corpus_pages_never_fail(path: Path) -> None:
    """What resolves is shown, what does not is one warning of its kind, never an error."""
    pages, problems = pages_of(path)
    assert problems.errors == []
    kinds = [re.sub(r'"[^"]*"', '""', p.message) for p in problems.warnings]
    assert len(kinds) == len(set(kinds)), problems.warnings  # once per kind and file
    for problem in problems.warnings:
        assert re.fullmatch(r".*/letters/[^/]+\.xml:\d+:\d+", str(problem.pos)), problem
    # the field's pages are all kept, with their labels, even without an image
    assert len(pages) == len(re.findall(r"<pb\b", re.sub(r"<note\b.*?</note>", "", path.read_text(
        encoding="utf-8"), flags=re.S)))


def test_field_corpus_quirks_are_reported_and_located() -> None:
    _, pec = pages_of(FIELD / "pec-estournelles" / "letters" / "Lettre0001_15aout1914.xml")
    assert [str(p) for p in pec.warnings if "prefix" in p.message] == [
        f"{display_path(FIELD / 'pec-estournelles/letters/Lettre0001_15aout1914.xml')}:216:6: warning:"
        ' pb@facs="iiif:10.34847/nkl.2accvml1/39a9a32bc464e0e0946142538ad0d629efc6954e" uses the prefix'
        ' "iiif:", which the letter does not declare: its pages are shown without images; declare it'
        ' in the header (<listPrefixDef><prefixDef ident="iiif" matchPattern="(.+)"'
        ' replacementPattern="https://…/$1"/></listPrefixDef>) to show them']
    pages, suriano = pages_of(FIELD / "suriano" / "letters" / "03_017.xml")
    assert {p.rotation for p in pages} > {0}  # pb@rend="90" and the like: the page is turned
    assert any('pb@facs="03_104r" is no image file' in p.message for p in suriano.warnings)
    assert any("@facs on <metamark>" in p.message for p in suriano.warnings)
    _, varela = pages_of(FIELD / "varela-digital" / "letters" / "CV-197.xml")
    assert any("<surface> has no <graphic" in p.message for p in varela.warnings)
    pages, tillich = pages_of(FIELD / "tillich-briefe" / "letters" / "L00561.xml")
    assert [p.message for p in tillich.warnings if "facs" in p.message] == [
        'pb@facs="20" is no image file, URL or #surface of the letter: its page is shown without an'
        ' image; point it at an image file (e.g. "../images/20.jpg"), a IIIF service (…/info.json) or'
        ' a <surface>']
    _, bare = pages_of(FIELD / "pec-estournelles" / "letters" / "Lettre0089bis_2octobre1915.xml")
    assert bare.errors == [] and any("names an image that is not in the edition" in p.message
                                     for p in bare.warnings)


def test_a_declared_prefix_wires_the_viewer_to_the_remote_service(tmp_path: Path) -> None:
    """PEC's iiif: prefix, once declared (in a copy), points the viewer at the IIIF service; the
    images themselves are never fetched by the build."""
    source = FIELD / "pec-estournelles" / "letters" / "Lettre0001_15aout1914.xml"
    text = source.read_text(encoding="utf-8").replace(
        "</teiHeader>", '<encodingDesc><listPrefixDef><prefixDef ident="iiif" matchPattern="(.+)"'
        ' replacementPattern="https://api.nakala.fr/iiif/$1"/></listPrefixDef></encodingDesc></teiHeader>', 1)
    copy = tmp_path / source.name
    copy.write_text(text, encoding="utf-8")
    pages, problems = pages_of(copy)
    assert [p for p in problems.items if "facs" in p.message] == []
    base = "https://api.nakala.fr/iiif/10.34847/nkl.2accvml1/"
    assert pages[0].service == f"{base}39a9a32bc464e0e0946142538ad0d629efc6954e"
    letter = m.Letter(id="pec-1", path=str(copy), title="t", date=None, date_text="", senders=(),
                      addressees=(), places=(), source=(), front=(), body=(), notes=(), mentions=(),
                      lang="fr", pos=pages[0].pos, pages=pages)
    panel = viewer.panel(letter, {})
    data = json.loads(re.search(r'data-pages="([^"]*)"', panel)[1].replace("&quot;", '"'))  # type: ignore[index]
    assert data[0] == {"label": "1", "source": f"{base}39a9a32bc464e0e0946142538ad0d629efc6954e/info.json",
                       "web": f"{base}39a9a32bc464e0e0946142538ad0d629efc6954e/full/max/0/default.jpg"}
    assert len(data) == len(pages) == 12


# ---------------------------------------------------------------- derivatives and the manifest


def test_images_are_made_once_per_content(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    paths = []
    for n in range(3):
        paths.append(str(folder / f"p{n}.jpg"))
        make_image(Path(paths[-1]), (900, 1300), (230, 220, 200 + n), f"page {n}")
    images.use_cache(tmp_path / "cache")
    try:
        first = images.derive(paths)
        made = {p: d.folder.stat().st_mtime_ns for p, d in first.items()}
        make_image(Path(paths[1]), (1000, 1300), (10, 20, 30), "changed")
        second = images.derive(paths)
    finally:
        images.use_cache(None)
    assert second[paths[0]] == first[paths[0]] and second[paths[2]] == first[paths[2]]
    assert second[paths[0]].folder.stat().st_mtime_ns == made[paths[0]]  # not made again
    assert second[paths[1]].folder != first[paths[1]].folder and second[paths[1]].width == 1000
    info = images.info(second[paths[1]], "https://example.org/iiif/x/2")
    assert info["profile"] == "level0" and info["width"] == 1000 and info["height"] == 1300
    files = images.files(second[paths[1]], "iiif/x/2", "https://example.org/iiif/x/2")
    assert f"iiif/x/2/{second[paths[1]].web}" in files
    for size in info["sizes"]:  # type: ignore[attr-defined]
        assert f"iiif/x/2/full/{size['width']},{size['height']}/0/default.jpg" in files
    assert "iiif/x/2/0,0,512,512/512,512/0/default.jpg" in files  # a tile at full size


def test_the_site_has_tiles_a_valid_manifest_and_the_viewer(work: Path) -> None:
    result = run_build(work)
    assert result.returncode == 0, result.stderr
    docs = work / "docs"
    manifest = json.loads((docs / "iiif" / "two-pages" / "manifest.json").read_text(encoding="utf-8"))
    Manifest(**manifest)  # iiif-prezi3 validates it against the Presentation 3 model
    assert manifest["id"] == "https://facsimile-test.example.org/iiif/two-pages/manifest.json"
    assert manifest["label"] == {"en": ["A letter on two pages"]}
    assert manifest["homepage"][0]["id"] == "https://facsimile-test.example.org/letters/two-pages/"
    assert {"label": {"en": ["Date"]}, "value": {"none": ["2 January 1900"]}} in manifest["metadata"]
    canvases = manifest["items"]
    assert [c["label"] for c in canvases] == [{"none": ["1r"]}, {"none": ["1v"]}]
    assert [(c["width"], c["height"]) for c in canvases] == list(SIZES.values())
    for n, canvas in enumerate(canvases, start=1):
        body = canvas["items"][0]["items"][0]["body"]
        service = body["service"][0]["id"]
        assert service == f"https://facsimile-test.example.org/iiif/two-pages/{n}"
        info = json.loads((docs / "iiif" / "two-pages" / str(n) / "info.json").read_text(encoding="utf-8"))
        assert info["id"] == service and info["profile"] == "level0"
        assert (docs / body["id"].removeprefix("https://facsimile-test.example.org/")).is_file()
    assert (docs / "assets" / "openseadragon" / "openseadragon.min.js").read_bytes() == \
        viewer.OPENSEADRAGON.read_bytes()
    page = (docs / "letters" / "two-pages.md").read_text(encoding="utf-8")
    assert 'class="facsimile"' in page and "../../assets/openseadragon/openseadragon.min.js" in page


def test_a_rebuild_remakes_only_the_changed_image(work: Path) -> None:
    assert run_build(work).returncode == 0
    cache = work / ".docs.image-cache"
    before = {p.name for p in cache.glob("*/*")}
    tile = work / "docs" / "iiif" / "two-pages" / "2" / "full"
    old = sorted(p.name for p in tile.iterdir())
    make_image(work / "tei" / "images" / "page-2.png", (1200, 1800), (1, 2, 3), "new")
    result = run_build(work)
    assert result.returncode == 0, result.stderr
    after = {p.name for p in cache.glob("*/*")}
    assert len(after - before) == 1  # one image made again, the other taken from the cache
    assert sorted(p.name for p in tile.iterdir()) != old
    docs = work / "docs"
    listed = set((docs / ".generated").read_text(encoding="utf-8").split())
    made = {p.relative_to(docs).as_posix() for p in (docs / "iiif").rglob("*") if p.is_file()}
    assert made == {rel for rel in listed if rel.startswith("iiif/")}  # the old image's tiles are gone
    info = json.loads((tile.parent / "info.json").read_text(encoding="utf-8"))
    assert (info["width"], info["height"]) == (1200, 1800)


def test_the_trotsky_edition_has_no_images_and_no_viewer() -> None:
    assert not (ROOT / "docs" / "iiif").exists()
    assert not (ROOT / "docs" / "assets" / "openseadragon").exists()  # docs/ does not grow with tests


@pytest.mark.parametrize("name", ["edition.xml", "letters/two-pages.xml"])
def test_the_test_edition_is_valid_tei(name: str, tei_all: etree.RelaxNG) -> None:
    document = etree.parse(str(ROOT / "tests" / "facsimile" / "tei" / name))
    assert tei_all.validate(document), tei_all.error_log


def test_the_policy_lets_a_page_show_its_remote_images_only() -> None:
    panel = '<div class="facsimile" data-pages="[]" data-image-origins="https://api.nakala.fr http://x y">'
    page, _ = csp.secure(f"<html><head><meta charset=utf-8></head><body>{panel}</div></body></html>", [])
    assert "img-src 'self' data: https://api.nakala.fr http://x;" in page
    assert "connect-src 'self' https://api.nakala.fr http://x;" in page
    plain, _ = csp.secure("<html><head><meta charset=utf-8></head><body><p>text</p></body></html>", [])
    assert "img-src 'self' data:;" in plain and "connect-src 'self';" in plain
