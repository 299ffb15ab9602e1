"""A new letter from its plain transcription: `python build.py new source/<file>.txt` writes the TEI."""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from .. import model as m
from ..problems import Problems, display_path, not_utf8
from ..read.registers import read_registers
from ..read.tei import TEI, XML_ID, read_publication
from .fidelity import Paragraph, paragraphs
from .site import Sources, build

_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
MONTHS = {**{name: n for n, name in enumerate(_NAMES, start=1)},
          **{name[:3]: n for n, name in enumerate(_NAMES, start=1)}, "sept": 9}
_MONTH = r"(?P<month>[A-Z][a-z]+)\.?"
DATE_PATTERNS = (
    re.compile(rf"{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})"),  # March 6, 1938
    re.compile(rf"(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>\d{{4}})"),  # 6 March 1938
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),  # 1938-03-06
    re.compile(rf"{_MONTH},? (?P<year>\d{{4}})"),  # March 1938
)
PLACE_PREFIX = re.compile(r"(?P<place>[^\W\d][^,\d]*), (?P<rest>.*)")  # Coyoacán, March 6, 1938
SOURCE_LINE = re.compile(r"\[(?P<source>[^\[\]]+)\]")  # [Writing of Leon Trotsky, Vol. 14, …]
FRONT_WINDOW = 6  # the date line is looked for among the first paragraphs only


def iso_date(text: str) -> str | None:
    """The ISO date of a line that is only a date ("March 6, 1938" → 1938-03-06), else None."""
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text.rstrip("."))
        if match is None:
            continue
        parts = match.groupdict()
        month = parts["month"]
        number = int(month) if month.isdigit() else MONTHS.get(month.lower())
        if number is None or not 1 <= number <= 12:
            continue
        day = parts.get("day")
        if day is not None and not 1 <= int(day) <= 31:
            continue
        return f"{parts['year']}-{number:02d}" + (f"-{int(day):02d}" if day else "")
    return None


@dataclass(slots=True)
class Transcription:
    """What can be recognised in a plain transcription: page furniture, title, date, source, text."""

    preamble: list[str] = field(default_factory=list)
    title_line: str | None = None
    date_line: str | None = None
    date: str | None = None
    place: str | None = None
    source_line: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    opener: str | None = None  # the salute the letter opens with
    closer: list[tuple[str, str]] = field(default_factory=list)  # (salute|signed, its line)

    @property
    def author(self) -> str | None:
        return self.title_line.split(": ", 1)[0] if self.title_line and ": " in self.title_line else None

    @property
    def title(self) -> str:
        return self.title_line.split(": ", 1)[-1] if self.title_line else ""

    @property
    def source(self) -> str | None:
        match = SOURCE_LINE.fullmatch(self.source_line or "")
        return match.group("source").strip().rstrip(".") if match else None


def read_transcription(text: str) -> Transcription:
    """Paragraphs are separated by blank lines; the lines of a paragraph are joined by a space
    (fidelity.paragraphs, the rule the transcription check follows too)."""
    parts = [p for p in paragraphs(text.replace("\r\n", "\n")) if p.text]
    found = Transcription()
    for i, para in enumerate(p.text for p in parts[:FRONT_WINDOW]):
        place_match = PLACE_PREFIX.fullmatch(para)
        date = iso_date(para) or (iso_date(place_match.group("rest")) if place_match else None)
        if date is None:
            continue
        found.date_line, found.date = para, date
        if place_match and not iso_date(para):
            found.place = place_match.group("place")
        if i:
            found.title_line, found.preamble = parts[i - 1].text, [p.text for p in parts[: i - 1]]
        rest = parts[i + 1:]
        if rest and SOURCE_LINE.fullmatch(rest[0].text):
            found.source_line, rest = rest[0].text, rest[1:]
        rest_parts = rest
        break
    else:
        rest_parts = parts
    body, found.closer = closing(rest_parts)
    found.opener, found.paragraphs = opening(body)
    return found


SALUTE = re.compile(r"[^.?!;:]{2,60}[,!]")  # a short line ending in a comma: "With best regards,"
SIGNATURE = re.compile(r"[^\W\d][\w.'’ -]{0,39}")  # a name: "L. Trotsky", "Ihr Paul Tillich"


PARTICLES = {"von", "van", "de", "du", "da", "di", "der", "den", "la", "le", "y", "zu", "d'", "ben"}


def is_signature(line: str) -> bool:
    """A name on a line of its own: up to five capitalised words (particles aside), no sentence
    ending in it ("L. Trotsky", "Ihr Paul Tillich"; not "Its end.")."""
    words = line.split()
    return (SIGNATURE.fullmatch(line) is not None and len(words) <= 5
            and all(w[0].isupper() or w in PARTICLES for w in words)
            and (not line.endswith(".") or (len(words[-1]) <= 4 and words[-1].count(".") > 1)
                 or len(words[-1]) == 2))


def closing(parts: list[Paragraph]) -> tuple[list[str], list[tuple[str, str]]]:
    """The text's paragraphs, and its closing as (salute|signed, line) where it can be told.

    The closing is recognised only at the end, and only with a signature: the last line, a name
    of at most five words on a line of its own (no sentence ends in it); the line before it, if
    short and ending in a comma or "!", is the salute. Each may stand in a paragraph of its own
    or be the last lines of one; the transcription check reads them as the same text.
    """
    lines = [(i, line.strip()) for i, p in enumerate(parts) for line in p.lines]
    closer: list[tuple[str, str]] = []
    if len(parts) > 1 or len(lines) > 2:
        last = lines[-1][1]
        if is_signature(last):
            closer.append(("signed", last))
            if SALUTE.fullmatch(lines[-2][1]) and len(lines) > 2:
                closer.insert(0, ("salute", lines[-2][1]))
    kept = lines[: len(lines) - len(closer)]
    text = [" ".join(" ".join(line for j, line in kept if j == i).split()) for i in range(len(parts))]
    return [t for t in text if t], closer


def opening(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The salute that opens the letter ("Dear comrade,": a short first paragraph ending in a
    comma or "!", with more text after it), and the paragraphs after it."""
    if len(paragraphs) > 1 and SALUTE.fullmatch(paragraphs[0]):
        return paragraphs[0], paragraphs[1:]
    return None, paragraphs


def existing_ids(tei: Path) -> dict[str, str]:
    """Every xml:id used in tei/, with the file that uses it."""
    ids: dict[str, str] = {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for path in sorted(tei.rglob("*.xml")):
        try:
            root = etree.parse(str(path), parser).getroot()
        except etree.XMLSyntaxError:
            continue  # the build reports it; its ids cannot be known
        for el in root.iter():
            if isinstance(el.tag, str) and (xml_id := el.get(XML_ID)):
                ids.setdefault(xml_id, display_path(path))
    return ids


_NCNAME = re.compile(r"[A-Za-z_][\w.-]*", re.ASCII)


def is_ncname(value: str) -> bool:
    """Whether `value` can be an xml:id (ASCII only, as this project's URLs are)."""
    return _NCNAME.fullmatch(value) is not None


def id_from(name: str) -> str:
    """A letter id from any file name: transliterated to ASCII (anyascii: Célarié → Celarie,
    Троцкий → Trotskiy), every run of other characters a hyphen, `letter-` in front."""
    from anyascii import anyascii

    slug = re.sub(r"[^A-Za-z0-9._]+", "-", anyascii(name)).strip("-._")
    return f"letter-{slug}" if slug else "letter"


def free_id(wanted: str, paragraphs: int, taken: dict[str, str]) -> str:
    """`wanted`, or `wanted-2`, `-3`, … : the first letter id whose own ids are all unused."""
    candidate, n = wanted, 1
    while True:
        own = [candidate, f"{candidate}-title", f"{candidate}-date", f"{candidate}-source",
               f"{candidate}-opener", f"{candidate}-salute", f"{candidate}-signed",
               *(f"{candidate}-p{i}" for i in range(1, paragraphs + 1))]
        if not any(i in taken for i in own):
            return candidate
        n += 1
        candidate = f"{wanted}-{n}"


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TEI}}}{name}")
    for key, value in attrs.items():
        el.set(XML_ID if key == "xml_id" else key, value)
    el.text = text
    return el


def _name(parent: etree._Element, tag: str, name: str, entries: dict[str, m.Entry], kind: str) -> None:
    """A name, pointing at the register entry of that exact name when there is one."""
    refs = [e.id for e in entries.values() if e.kind == kind and e.name == name]
    _el(parent, tag, name, **({"ref": f"#{refs[0]}"} if len(refs) == 1 else {}))


def stand_in_title(found: Transcription, source: Path) -> str:
    """A title when the transcription has no title line: its date line, or its file's name
    (a label the editor is told to correct, never a guess at who wrote to whom)."""
    return f"Letter, {found.date_line}" if found.date_line else f"Letter ({source.stem})"


def skeleton(found: Transcription, letter_id: str, source: Path, target: Path,
             entries: dict[str, m.Entry], publication: m.Publication | None) -> bytes:
    """The TEI of a new letter: header fields from what was recognised, paragraphs with ids."""
    root = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI})  # type: ignore[dict-item]
    root.set(XML_ID, letter_id)
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", found.title or stand_in_title(found, source))
    if found.author:
        _name(title_stmt, "author", found.author, entries, "person")
    editor = publication.editors[0] if publication and publication.editors else "The editors"
    _el(title_stmt, "editor", editor, xml_id="ed")
    pub_stmt = _el(file_desc, "publicationStmt")
    _el(pub_stmt, "publisher", publication.publisher if publication else editor)
    _el(pub_stmt, "idno", letter_id, type="letter")
    notes = _el(file_desc, "notesStmt")
    note = _el(notes, "note", "The transcription as received (", type="transcription", resp="#ed")
    rel = Path(os.path.relpath(source.resolve(), target.parent.resolve())).as_posix()
    shown = display_path(source)
    _el(note, "ref", shown, target=quote(rel)).tail = ")"  # @target is a URI: "a b" would be two
    if found.preamble:
        note[-1].tail = ") opens with lines before the title, which build.py new left out of the"\
            " reading text: "
        for i, line in enumerate(found.preamble):
            last = i == len(found.preamble) - 1
            _el(note, "q", line).tail = ". Check that they are not part of the text." if last else " and "
    else:
        note[-1].tail = ")."
    source_desc = _el(file_desc, "sourceDesc")
    if found.source:
        _el(source_desc, "bibl", found.source, type="as-transcribed")
    else:
        _el(source_desc, "p", f"The transcription {shown}; it names no printed source.")
    corresp = _el(_el(header, "profileDesc"), "correspDesc")
    if found.author or found.place or found.date:
        sent = _el(corresp, "correspAction", type="sent")
        if found.author:
            _name(sent, "persName", found.author, entries, "person")
        if found.place:
            _name(sent, "placeName", found.place, entries, "place")
        if found.date and found.date_line:
            _el(sent, "date", found.date_line, when=found.date)
    else:
        _el(corresp, "note", "Sender, addressee, place and date are not recognised: add them as"
            " correspAction elements.")
    text = _el(root, "text")
    if found.title_line or found.date_line:
        front = _el(text, "front")
        if found.title_line:
            _el(_el(front, "docTitle"), "titlePart", found.title_line, xml_id=f"{letter_id}-title")
        if found.date_line:
            _el(front, "docDate", found.date_line, xml_id=f"{letter_id}-date",
                **({"when": found.date} if found.date else {}))
        if found.source_line:
            _el(front, "docImprint", found.source_line, xml_id=f"{letter_id}-source")
    div = _el(_el(text, "body"), "div", type="letter")
    if found.opener:
        _el(_el(div, "opener"), "salute", found.opener, xml_id=f"{letter_id}-opener")
    for n, para in enumerate(found.paragraphs, start=1):
        _el(div, "p", para, xml_id=f"{letter_id}-p{n}")
    if found.closer:
        closer = _el(div, "closer")
        for kind, line in found.closer:
            _el(closer, kind, line, xml_id=f"{letter_id}-{kind}")
    etree.indent(root, space="  ")
    xml = etree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'.encode()


def new(argv: list[str]) -> int:
    """`python build.py new source/<file>.txt`: write tei/letters/<id>.xml, then build docs/."""
    parser = argparse.ArgumentParser(
        prog="build.py new",
        description="Create the TEI skeleton of a new letter from its plain transcription, then build.")
    parser.add_argument("source", type=Path, help="the transcription, e.g. source/1938-03-06-celarie.txt")
    parser.add_argument("--id", help="the letter's xml:id (default: letter-<file name>, transliterated)")
    parser.add_argument("--tei", type=Path, default=Path("tei"), help="the TEI folder (default: tei)")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the Markdown folder (default: docs)")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source}: error: no such file; put the transcription in source/ and give its"
              " path, e.g. python build.py new source/1938-03-06-celarie.txt", file=sys.stderr)
        return 2
    try:
        data = args.source.read_bytes()
    except OSError as exc:
        print(f"{args.source}: error: cannot be read ({exc.strerror}); nothing was written",
              file=sys.stderr)
        return 1
    if (wrong := not_utf8(data)) is not None:
        line, col, message = wrong
        print(f"{args.source}:{line}:{col}: error: {message}, and run again; nothing was written",
              file=sys.stderr)
        return 1
    found = read_transcription(data.decode("utf-8"))
    if not found.paragraphs and not found.closer:
        what = "is empty" if not (found.title_line or found.date_line) else \
            "has no text after its title, date and source lines"
        print(f"{args.source}: error: the transcription {what}; put the letter's text in it"
              " (paragraphs separated by a blank line) and run again; nothing was written",
              file=sys.stderr)
        return 1
    if args.id and not is_ncname(args.id):
        print(f"build.py new: error: --id \"{args.id}\" cannot be an xml:id (it must begin with a"
              f" letter or _, and hold only letters, digits, ., - and _); try --id"
              f" {id_from(args.id)}", file=sys.stderr)
        return 2
    taken = existing_ids(args.tei)
    wanted = args.id or id_from(args.source.stem)
    letter_id = free_id(wanted, len(found.paragraphs), taken)
    if args.id and letter_id != wanted:
        print(f"build.py new: error: the id \"{wanted}\" (or one of its paragraph ids) is already"
              f" used in {taken.get(wanted, 'tei/')}; choose another --id", file=sys.stderr)
        return 1
    target = args.tei / "letters" / f"{letter_id}.xml"
    if target.exists():
        print(f"{display_path(target)}: error: the file exists; choose another --id", file=sys.stderr)
        return 1
    sources = Sources.find(args.tei)
    quiet = Problems()  # the build below reports the edition's problems
    entries = read_registers(sources.registers, quiet)
    publication = read_publication(sources.edition, quiet) if sources.edition.is_file() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(skeleton(found, letter_id, args.source, target, entries, publication))

    recognised = [f"title \"{found.title}\"" if found.title else "no title line, so the title is"
                  f" \"{stand_in_title(found, args.source)}\" (correct it in titleStmt)",
                  f"date {found.date}" if found.date else "no date line (add correspAction/date)",
                  "source line" if found.source else "no source line (add sourceDesc/bibl)"]
    if found.preamble:
        recognised.append(f"{len(found.preamble)} line(s) of page furniture left out (see notesStmt)")
    print(f"build.py new: wrote {display_path(target)}: {len(found.paragraphs)} paragraph(s),"
          f" {letter_id}-p1 … {letter_id}-p{len(found.paragraphs)}; {'; '.join(recognised)}.")
    if letter_id != wanted:
        print(f"build.py new: the id \"{wanted}\" is taken ({taken.get(wanted, 'tei/')}), so the"
              f" letter is \"{letter_id}\"; pass --id to choose another.")
    problems, written = build(args.tei, args.docs)
    problems.report(sys.stderr)
    shown = display_path(target)
    if written is None and any(p.pos.path == shown for p in problems.errors):
        target.unlink()  # never leave a letter that breaks every build until it is deleted
        print(f"build.py new: the new letter has errors (above), so {shown} was removed again and"
              f" {args.docs}/ left as it was; please report this as a bug of build.py new, with"
              f" {args.source}", file=sys.stderr)
        return 1
    if written is None:
        print(f"build.py new: the build failed, so {args.docs}/ was left as it was: fix the problems"
              " above and run python build.py.", file=sys.stderr)
        return 1
    print(f"build.py new: {args.docs}/ rebuilt; the letter is in the list of letters. Next: mark"
          " names (persName, placeName, orgName, title, rs with ref=\"#id\"), add the addressee"
          " (correspAction type=\"received\") and notes, then run python build.py.")
    return 0
