"""Reading TEI: safe parsing, the rule table (TEI element → model node), dates, edition.xml.

A letter file's reading (which letters it holds, their metadata) is `letter.py`'s; registers
are `registers.py`'s and page images `facsimile.py`'s, all with this module's `Reader`.

Mixed content (`.text` and `.tail`) is handled in exactly one place, `Reader.children`;
the rules in `RULES` never touch `.tail`.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

from lxml import etree

from .. import messages
from .. import model as m
from ..problems import Pos, Problems, display_path, not_utf8

TEI = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
NS = {"t": TEI}
XML_ID = f"{{{XML}}}id"
XML_LANG = f"{{{XML}}}lang"

Element = etree._Element
_SPACE = re.compile(r"[ \t\r\n]+")  # XML whitespace only: a no-break space is text


def line_of(el: Element) -> int:
    """The line of an element's start tag (0 where lxml does not know it)."""
    line = el.sourceline
    return line if isinstance(line, int) else 0


def qname(el: Element) -> str:
    """The element's name as written in the file: `persName`, `x:other`."""
    return f"{el.prefix}:{local(el)}" if el.prefix else local(el)


def local(el: Element) -> str:
    return etree.QName(el).localname


def plain(el: Element | None) -> str:
    """The text of an element with whitespace normalised, notes left out."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(e: Element) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            if isinstance(child.tag, str) and local(child) != "note":
                walk(child)
                if local(child) == "lb" and child.get("break") != "no":
                    parts.append(" ")  # a line break between words is a space
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _SPACE.sub(" ", "".join(parts)).strip(" ")


# ---------------------------------------------------------------- safe parsing


def _parser() -> etree.XMLParser:
    # collect_ids=False: an id used twice is reported by `parse` (once, with both places)
    # instead of libxml2 refusing the whole file, whose every reference would then fail
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, collect_ids=False
    )


def _line_of(data: bytes, pattern: str) -> tuple[int, int]:
    """The line and column where `pattern` first matches in `data` (1, 1 if it does not)."""
    text = data.decode("utf-8", "replace")
    found = re.search(pattern, text)
    if found is None:
        return 1, 1
    at = found.start()
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


_NO_DTD = ("build.py never loads DTDs or entities (no network, no file outside the edition);"
           " remove the DOCTYPE and write every character itself, in UTF-8")

# libxml2's messages, as an editor needs them: (pattern, message); the groups are filled in.
_SYNTAX: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Namespace prefix (\S+) on (\S+) is not defined"),
     "the prefix \"{0}:\" of <{0}:{1}> is not declared; declare it on the root element"
     " (xmlns:{0}=\"…\") or remove the prefix"),
    (re.compile(r"Namespace prefix (\S+) for (\S+) on (\S+) is not defined"),
     "the prefix \"{0}:\" of the attribute {0}:{1} on <{2}> is not declared; declare it on the"
     " root element (xmlns:{0}=\"…\") or remove the prefix"),
    (re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)"),
     "<{0}> (opened on line {1}) is closed by </{2}>; add the missing </{0}>, or remove the"
     " stray tag"),
    (re.compile(r"Entity '(\S+)' not defined"),
     "the entity &{0}; is not defined (a TEI file has no DTD); write the character itself in"
     " UTF-8, or a character reference such as &#160;"),
    (re.compile(r"failed to load \"([^\"]+)\": Attempt to load network entity"),
     "the DOCTYPE points to an external DTD (\"{0}\"), which is refused: " + _NO_DTD),
    (re.compile(r"[Mm]aximum entity amplification|[Dd]etected an entity reference loop"),
     "entity expansion (a \"billion laughs\" attack) is refused: " + _NO_DTD),
)


def _syntax_message(message: str) -> str:
    for pattern, text in _SYNTAX:
        if found := pattern.search(message):
            return text.format(*found.groups())
    return f"{message.strip().rstrip('.')}; fix the XML so that it is well-formed"


def _refuse_doctype(data: bytes, docinfo: Any) -> tuple[tuple[int, int], str]:
    """Why a DOCTYPE is refused, most dangerous first, and where."""
    dtd = docinfo.internalDTD
    for entity in dtd.iterentities() if dtd is not None else ():
        where = _line_of(data, rf"<!ENTITY\s+(%\s+)?{re.escape(entity.name)}\s")
        if entity.system_url:
            return where, (f"the external entity \"{entity.name}\" (SYSTEM \"{entity.system_url}\")"
                           f" is refused: {_NO_DTD}")
        if "&" in (entity.content or ""):
            return where, (f"the entity \"{entity.name}\" expands other entities; entity expansion"
                           f" (a \"billion laughs\" attack) is refused: {_NO_DTD}")
        return where, f"the entity \"{entity.name}\" is declared in a DOCTYPE and is refused: {_NO_DTD}"
    where = _line_of(data, r"<!DOCTYPE")
    if docinfo.system_url or docinfo.public_id:
        url = docinfo.system_url or docinfo.public_id
        return where, f"the DOCTYPE points to an external DTD (\"{url}\"), which is refused: {_NO_DTD}"
    return where, f"a DOCTYPE declaration is not allowed: {_NO_DTD}"


def parse(path: Path, problems: Problems, register: bool = False) -> tuple[Element, bytes] | None:
    """Parse one file, refusing DTDs and entities; report syntax errors with their position.

    The root is a `<TEI>`; a register file (`register`) may also have another TEI element as
    its root (`<standOff>`, `<person>`, `<listPerson>`, … as some editions keep them). Every
    element is checked to be a TEI element (`check_names`).
    """
    parsed = parse_xml(path, problems)
    if parsed is None:
        return None
    root, data = parsed
    shown = display_path(path)
    name = etree.QName(root)
    if name.namespace != TEI or not (name.localname == "TEI" or register):
        problems.cause(
            Pos(shown, line_of(root) or 1, 1),
            f"the root element is <{root.tag}>, not a TEI P5 <TEI xmlns=\"{TEI}\">; "
            "wrap the file in a <TEI> element in the TEI namespace",
        )
        return None
    _report_twins(root, Reader(shown, data, problems))
    check_names(root, Reader(shown, data, problems))
    if name.localname != "TEI":
        return root, data
    schema = edition_schema()
    if not schema.validate(root.getroottree()):
        first: Any = schema.error_log[0]  # the later ones follow from it
        found: list[Element] = root.xpath(first.path) if first.path else []  # type: ignore[assignment]
        pos, why = Pos(shown, first.line or 1, first.column or 1), first.message.rstrip(".")
        for child in found[0].iterdescendants() if found else ():
            if (reason := _invalid(child)) is not None:
                pos, why = Reader(shown, data, problems).pos(child), reason
                break
        problems.cause(pos, f"{why}: this is not the TEI that build.py reads (schema/edition.rng,"
                       " a subset of TEI P5); correct the markup here")
    return root, data


def parse_xml(path: Path, problems: Problems) -> tuple[Element, bytes] | None:
    """A well-formed XML file without DTD or entities, or None (with its errors reported)."""
    shown = display_path(path)
    data = path.read_bytes()
    parser = _parser()
    try:
        root = etree.fromstring(data, parser, base_url=str(path))
    except etree.XMLSyntaxError as exc:
        declared = re.match(rb"<\?xml[^>]*encoding=[\"']([\w.-]+)", data)
        wrong = not_utf8(data)
        if wrong is not None and (declared is None or declared[1].lower() in (b"utf-8", b"utf8")):
            problems.cause(Pos(shown, wrong[0], wrong[1]), f"{wrong[2]} (what follows from it is"
                           " not reported)")
            return None
        log: Any = parser.error_log  # this file's errors only (exc.error_log may hold others)
        entries = [e for e in log if e.level >= etree.ErrorLevels.ERROR] or [exc]
        for entry in _causes(entries):
            message = _syntax_message(getattr(entry, "message", None) or str(entry.msg))
            line, col = getattr(entry, "line", 0), getattr(entry, "column", 0)
            if "billion laughs" in message:
                line, col = _line_of(data, r"<!ENTITY")
            elif "external DTD" in message:
                line, col = _line_of(data, r"<!DOCTYPE")
            problems.cause(Pos(shown, line or 1, col or 1), message)
        return None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        (line, col), message = _refuse_doctype(data, docinfo)
        problems.cause(Pos(shown, line, col), message)
        return None
    return root, data


_ECHOES = re.compile(r"Opening and ending tag mismatch|Premature end of data|EndTag|Extra content"
                     r"|chunk is not well balanced|expected '>'")


def _causes(entries: list[Any]) -> list[Any]:
    """libxml2's errors without the echoes of a tag left open: after the first mismatch, every
    later one (each enclosing element now closed by the wrong tag) follows from it."""
    out: list[Any] = []
    echoing = False
    for entry in entries:
        text = getattr(entry, "message", None) or str(getattr(entry, "msg", entry))
        if echoing and _ECHOES.search(text):
            continue
        echoing = echoing or bool(_ECHOES.search(text))
        out.append(entry)
    return out


def _report_twins(root: Element, r: Reader) -> None:
    """An error for each xml:id used a second time in the file (the first keeps it)."""
    first: dict[str, Element] = {}
    for el in root.iter():
        xml_id = el.get(XML_ID) if isinstance(el.tag, str) else None
        if xml_id is None:
            continue
        if (twin := first.setdefault(xml_id, el)) is not el:
            r.problems.cause(r.pos(el), f"the xml:id \"{xml_id}\" is used twice in this file"
                             f" (first on line {line_of(twin)}); ids must be unique across the"
                             " edition: rename one")


TEI_ALL = Path(__file__).resolve().parents[2] / "schema" / "tei_all.rng"
FOREIGN_HOMES = {"xenoData", "egXML"}  # TEI elements whose content may be in another namespace


@functools.cache
def tei_names() -> frozenset[str]:
    """The name of every element of TEI P5, as schema/tei_all.rng defines them."""
    text = TEI_ALL.read_text(encoding="utf-8")
    return frozenset(re.findall(r'<element\s+name="([A-Za-z][\w.-]*)"', text))


def did_you_mean(name: str) -> str:
    """The TEI element names nearest to a misspelt one (edit distance, case ignored), as advice."""
    best = nearest(name, tei_names())
    if not best:
        return "use a TEI element (see https://tei-c.org/release/doc/tei-p5-doc/en/html/REF-ELEMENTS.html)"
    return "did you mean " + " or ".join(f"<{b}>" for b in best) + "?"


def nearest(word: str, candidates: Iterable[str]) -> list[str]:
    """The candidates a misspelt `word` most probably meant: those at the smallest edit distance
    (case ignored), at most three, and only near ones (a word of up to 3 characters differs only
    in case, a longer one in 1 or 2 characters: a third of its length)."""
    lower = word.lower()
    limit = 0 if len(word) <= 3 else max(1, min(2, len(word) // 3))
    scored = sorted((_distance(lower, candidate.lower()), candidate) for candidate in candidates
                    if abs(len(candidate) - len(word)) <= limit)
    return [candidate for d, candidate in scored[:3] if d <= limit and d == scored[0][0]]


def _distance(a: str, b: str) -> int:
    """Levenshtein distance between two short strings."""
    if abs(len(a) - len(b)) > 3:
        return 99
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def check_names(root: Element, r: Reader) -> None:
    """Every element is a TEI element: a misspelt name in the TEI namespace (`PersName`), or an
    element of another namespace outside `xenoData`, is an error (a warning with --lenient;
    its content is then read as if the element were not there)."""
    names = tei_names()
    foreign_ok: set[Element] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el)
        if name.namespace == TEI:
            if name.localname in FOREIGN_HOMES:
                foreign_ok.update(el.iterdescendants())
            elif name.localname in LEGACY_CORRESP and _in_corresp_desc(el):
                continue  # read as correspAction (letter.corresp_actions), reported by letter.check_legacy
            elif name.localname not in names:
                r.problems.invalid(r.pos(el), f"<{qname(el)}> is not a TEI element;"
                                   f" {did_you_mean(name.localname)}", *_left_out(el))
        elif el not in foreign_ok:
            r.problems.invalid(r.pos(el), f"<{qname(el)}> (namespace {name.namespace or 'none'}) is"
                               " not a TEI element; use the TEI element for it, or put data of"
                               " another vocabulary into <xenoData>")


MILESTONES = {"lb", "pb", "cb", "anchor", "ptr"}
# points in the text that leave a container of blocks as it is (a page break between a salute and
# a signature does not make the closer a block of running text)
POINTS = {"lb", "pb", "cb", "anchor", "milestone", "note"}


def _invalid(el: Element) -> str | None:
    """What schema/edition.rng finds wrong with one element, in words (libxml2 says less)."""
    if not isinstance(el.tag, str):
        return None
    name = etree.QName(el)
    if name.namespace != TEI:
        return f"<{qname(el)}> is not a TEI element (namespace {name.namespace or 'none'})"
    if name.localname in MILESTONES:
        if el.get("break") not in (None, "yes", "no", "maybe"):
            return f"<{name.localname} break=\"{el.get('break')}\">: @break is \"yes\", \"no\" or \"maybe\""
        if len(el) or (el.text or "").strip():
            return f"<{name.localname}> marks a point and must be empty"
    return None


SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "edition.rng"


@functools.cache
def edition_schema() -> etree.RelaxNG:
    """The edition's RELAX NG schema, compiled once per run."""
    return etree.RelaxNG(etree.parse(str(SCHEMA), _parser()))


# ---------------------------------------------------------------- the reader


@dataclass(slots=True)
class _Scope:
    """The paragraph or note being read: its id, its plain text so far, its pending mentions."""

    anchor: str | None
    in_note: bool
    text: list[str] = field(default_factory=list)
    length: int = 0
    pending: list[tuple[str, int, int, Pos, bool]] = field(default_factory=list)


@dataclass(slots=True)
class Reader:
    """Reads the elements of one file into model nodes, collecting notes, mentions and problems."""

    path: str
    source: bytes
    problems: Problems
    letter_id: str | None = None
    notes: list[m.Note] = field(default_factory=list)
    mentions: list[m.MentionSite] = field(default_factory=list)
    detached: dict[str, list[Element]] = field(default_factory=dict)
    detached_elements: set[Element] = field(default_factory=set)
    prefixes: dict[str, tuple[str, str]] = field(default_factory=dict)
    links: list[tuple[str, Pos]] = field(default_factory=list)
    taken: set[str | None] = field(default_factory=set)  # the file's xml:ids (generated anchors avoid them)
    _blocks: int = 0  # the blocks read so far: the n-th without xml:id is anchored `<letter>-pn`
    _scopes: list[_Scope] = field(default_factory=list)
    _interps: dict[str, Element] | None = None
    _lines: list[str] | None = None
    _tags: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    _by_tag: dict[Any, dict[int, list[Element]]] = field(default_factory=dict)
    _dated: dict[Element, bool] = field(default_factory=dict)  # elements whose dates were checked

    # -- positions

    def pos(self, el: Element) -> Pos:
        """`path:line:col` of an element's start tag (lxml knows the line; the column is found)."""
        line = line_of(el)
        if not line:
            return Pos(self.path)
        name = qname(el)
        # how many elements of the same name end their start tag on this line before it
        nth = self._on_line(el, line).index(el)
        # lxml gives the line where the start tag ends; it may begin a few lines above
        for start in range(line, max(line - 8, 0), -1):
            columns = [column for tag, column in self._tags_on(start) if tag == name]
            if start == line and len(columns) > nth:
                return Pos(self.path, line, columns[nth])
            if start != line and columns:
                return Pos(self.path, start, columns[-1])
        return Pos(self.path, line, 1)

    def _tags_on(self, line: int) -> list[tuple[str, int]]:
        """The name and column of each start tag (`<name` then a space, / or >) on a line of the file."""
        tags = self._tags.get(line)
        if tags is None:
            if self._lines is None:
                self._lines = self.source.decode("utf-8", "replace").splitlines()
            text = self._lines[line - 1] if line <= len(self._lines) else ""
            tags = self._tags[line] = [(found[1], found.start() + 1) for found in _START_TAG.finditer(text)]
        return tags

    def _on_line(self, el: Element, line: int) -> list[Element]:
        """The elements named like `el` whose start tag ends on `line`, in document order.

        Built once per file and element name (the lists keep lxml's proxies alive, so `is` and
        `index` find the very element), which keeps `pos` linear in the size of the file.
        """
        by_line = self._by_tag.get(el.tag)
        if by_line is None:
            by_line = self._by_tag[el.tag] = {}
            for other in el.getroottree().getroot().iter(el.tag):
                by_line.setdefault(line_of(other), []).append(other)
        return by_line[line]

    # -- text and scopes

    def text(self, raw: str) -> m.Text:
        value = _SPACE.sub(" ", raw)
        if self._scopes:
            scope = self._scopes[-1]
            scope.text.append(value)
            scope.length += len(value)
        return m.Text(value)

    @contextmanager
    def scope(self, anchor: str | None, in_note: bool) -> Iterator[None]:
        self._scopes.append(_Scope(anchor, in_note))
        try:
            yield
        finally:
            scope = self._scopes.pop()
            self._close(scope)

    def _close(self, scope: _Scope) -> None:
        """Record the mentions of a block or note that ends. A block without an anchor of its
        own gives them to the nearest citable block around it, or to the letter itself ("")."""
        if self.letter_id is None or not scope.pending:
            return
        anchor, in_note = scope.anchor, scope.in_note
        if anchor is None:
            outer = next((s for s in reversed(self._scopes) if s.anchor), None)
            anchor, in_note = (outer.anchor or "", outer.in_note) if outer else ("", False)
        text = "".join(scope.text)
        for entry_id, start, end, pos, by_key in scope.pending:
            self.mentions.append(m.MentionSite(entry_id, self.letter_id, anchor, in_note,
                                               snippet(text, start, end), pos, by_key))

    def _unsay(self, n: int) -> None:
        """Take back the last n characters of the scope's text (spaces before a word break)."""
        if n and self._scopes:
            scope = self._scopes[-1]
            scope.text[-1] = scope.text[-1][:-n]
            scope.length -= n

    def offset(self) -> int:
        return self._scopes[-1].length if self._scopes else 0

    def mention(self, entry_id: str, start: int, end: int, el: Element) -> None:
        if self._scopes:
            by_key = entry_id in (el.get("key") or "").split()  # as written: no "#" to add
            self._scopes[-1].pending.append((entry_id, start, end, self.pos(el), by_key))

    @property
    def anchor(self) -> str | None:
        for scope in reversed(self._scopes):
            if scope.anchor:
                return scope.anchor
        return None

    # -- walking

    def children(self, el: Element) -> tuple[m.Inline, ...]:
        """The one place that reads mixed content: text, child elements, tails.

        XML whitespace is normalised the TEI way: a run of it reads as one space; inside an
        element that holds only elements (`subst`, `choice`, `app`) it is layout, not text; at
        the edges of an inline element it stands outside the element, and is dropped after an
        opening bracket, before closing punctuation or next to another space, so that
        `(<hi>⏎ word⏎</hi>)` reads "(word)" and `quòd<emph> Sol</emph>` "quòd Sol".
        """
        out: list[m.Inline] = []
        layout = isinstance(el.tag, str) and local(el) in ELEMENT_ONLY
        pending = False  # a space from the end of the last element, not yet placed

        def add(raw: str) -> None:
            nonlocal pending
            if layout and not raw.strip(" \t\r\n"):
                return
            if pending and raw[0] not in _SPACES and raw[0] not in CLOSING and _wants_space(out):
                out.append(self.text(" "))
            pending = False
            out.append(self.text(raw))

        if el.text:
            add(el.text)
        joining = False  # after a break inside a word, until its next letter (across notes)
        for child in el:
            joins = isinstance(child.tag, str) and child.get("break") == "no"
            if joins and out and isinstance(out[-1], m.Text):
                # a break inside a word (lb, pb, cb break="no"): the spacing around it is layout
                before = out[-1].text
                out[-1] = m.Text(before.rstrip(" "))
                self._unsay(len(before) - len(out[-1].text))
            if joins:
                pending = False
            joining = joins or (joining and isinstance(child.tag, str) and local(child) in POINTS)
            if isinstance(child.tag, str):
                kids, lead, trail = tuple(self.inline(child)), False, False
                if (child.text or "").strip(" \t\r\n") or len(child):  # not an added space alone
                    kids, lead, trail = _edges(child, kids)
                first = _first_char(kids)
                if (lead or pending) and first not in CLOSING and _wants_space(out):
                    out.append(self.text(" "))
                pending = trail
                out.extend(kids)
                out.extend(self.detached_notes(child))
            # comments and processing instructions are not reading text: only their tail is
            if child.tail:
                tail = child.tail.lstrip(" \t\r\n") if joining else child.tail
                joining = joining and not tail
                if tail:
                    add(tail)
        if pending and _wants_space(out):
            out.append(self.text(" "))  # the element's own end: its parent places it
        return tuple(out)

    def inline(self, el: Element) -> list[m.Inline]:
        rule = self.rule(el)
        if (rule is not None and rule.level == "skip") or el in self.detached_elements:
            return []
        if rule is None:
            return list(self.children(el))
        if rule.read is None:  # a block or a container inside running text: a unit of its own
            return [m.Unit(rule.kind or local(el), self.children(el), el.get(XML_ID)),
                    *self.commentary(el)]
        return rule.read(el, self) + self.commentary(el)

    def commentary(self, el: Element) -> list[m.Inline]:
        """Notes for the commentary that @ana points at (`ana="#i1"` → `<interp xml:id="i1">`,
        kept in the header's `interpGrp`), placed after the passage that it comments on."""
        ana = el.get("ana")
        if not ana:
            return []
        if self._interps is None:
            root = el.getroottree().getroot()
            self._interps = {i.get(XML_ID, ""): i for i in root.iter(f"{{{TEI}}}interp")}
        out: list[m.Inline] = []
        for pointer in ana.split():
            if pointer.startswith("#") and (interp := self._interps.get(pointer[1:])) is not None:
                out.extend(_note(interp, self, commentary=True))
        return out

    def blocks(self, el: Element | Iterable[Element]) -> list[m.Block]:
        """The blocks of an element's children (or of a list of elements)."""
        out: list[m.Block] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            rule = self.rule(child)
            if (rule is not None and rule.level == "skip") or child in self.detached_elements:
                continue
            if rule is not None and rule.level == "container" \
                    and (label := division(child, after=bool(out))) is not None:
                inner = [self.block(child, local(child))] if self.mixed(child) else self.blocks(child)
                if inner:  # an empty division (a notes div whose notes went elsewhere) says nothing
                    out += [m.Block("division", (), self.pos(child), label=label), *inner]
                continue
            if rule is None or rule.level == "inline":
                # an inline element (or an unknown one) between paragraphs: keep it as a block;
                # a page break or a note alone there is not a paragraph of the text (not numbered)
                kind = "milestone" if local(child) in POINTS else "p"
                out.append(self.block(child, kind, wrap=True))
            elif rule.level == "container" and self.mixed(child):
                out.append(self.block(child, local(child)))  # one block: its text and its units
            elif rule.level == "container":
                out.extend(self.blocks(child))
            else:
                out.append(self.block(child, rule.kind))
        return out

    def mixed(self, el: Element, blocks: list[Element] | None = None) -> bool:
        """Whether a container holds text of its own beside its blocks (`<closer>Ihr<lb/><signed>…`):
        then it is read as one block, its blocks as units in it, so that no word is lost.
        (`blocks`: a note's children that are blocks; anything else in it is text of its own.)"""
        if (el.text or "").strip(" \t\r\n") or any((c.tail or "").strip(" \t\r\n") for c in el):
            return True
        if blocks is not None:
            return any(isinstance(c.tag, str) and c not in blocks for c in el)
        if local(el) in ("div", "body", "front", "back"):
            return False
        for child in el:
            rule = self.rule(child) if isinstance(child.tag, str) else SKIP
            if (rule is None or rule.level == "inline") and local(child) not in POINTS:
                return True
        return False

    def block(self, el: Element, kind: str, wrap: bool = False) -> m.Block:
        """A paragraph-like block; `wrap` reads the element itself as its only inline."""
        if kind != "milestone":  # a page break alone between paragraphs is no paragraph
            self._blocks += 1
        xml_id = el.get(XML_ID) or (self.generated_anchor() if kind != "milestone" else None)
        rows: tuple[tuple[tuple[m.Inline, ...], ...], ...] = ()
        with self.scope(xml_id, in_note=False):
            if kind == "table":  # its <head> is the caption; its rows of cells are the table
                head = el.find("t:head", NS)
                inlines = self.children(head) if head is not None else ()
                rows = tuple(tuple(self.children(cell) for cell in row.iterfind("t:cell", NS))
                             for row in el.iterfind("t:row", NS))
            else:
                inlines = tuple(self.inline(el)) if wrap else self.children(el) + tuple(self.commentary(el))
            inlines += tuple(self.detached_notes(el))
        return m.Block(kind, inlines, self.pos(el), xml_id, rows)

    def generated_anchor(self) -> str | None:
        """The anchor of a block without xml:id: `<letter id>-p<n>`, n its place among the
        letter's blocks (front, body, back; not counting a page break or a note alone between
        them); an id the file uses already is never taken."""
        if self.letter_id is None:
            return None
        anchor = f"{self.letter_id}-p{self._blocks}"
        while anchor in self.taken:
            anchor += "x"
        return anchor

    def detach_notes(self, notes: Iterator[Element]) -> None:
        """Notes kept apart from the text (in <back>, <standOff>) that point into it.

        A note goes where its @targetEnd, @target or @corresp points: an <anchor/>, or the end
        of the element with that xml:id (so a note on a span of text follows the span).
        """
        for note in notes:
            pointer = note.get("targetEnd") or note.get("target") or note.get("corresp") or ""
            target = pointer.split()[0].lstrip("#") if pointer.split() else ""
            if target:
                self.detached.setdefault(target, []).append(note)
                self.detached_elements.add(note)

    def detached_notes(self, el: Element) -> list[m.Inline]:
        """The references of the notes that point at this element, read where they are placed."""
        xml_id = el.get(XML_ID)
        out: list[m.Inline] = []
        for note in self.detached.pop(xml_id, []) if xml_id else []:
            out.extend(_note(note, self))
        return out

    def report_detached(self) -> None:
        """Every note whose target the text does not have."""
        for target, notes in self.detached.items():
            for note in notes:
                self.problems.error(
                    self.pos(note), f"this note points to \"#{target}\", which is not in the"
                    " letter's text; put <anchor xml:id=\"" + target + "\"/> where the note belongs,"
                    " or correct @target",
                )

    def rule(self, el: Element) -> Rule | None:
        """The rule for an element, or None (with a warning once per file) when there is none.

        An element outside TEI has no rule either; `check_names` has reported it already.
        """
        name = etree.QName(el)
        rule = RULES.get(name.localname) if name.namespace == TEI else None
        if rule is None and name.namespace == TEI and name.localname in tei_names():
            self.problems.warn_once(
                f"unknown:{name.text}", self.pos(el),
                f"<{qname(el)}> has no rendering of its own in build.py: its text is shown as"
                " running text, nothing is lost; no change to the TEI is needed (if the page"
                " should show it differently, ask for a rendering of this element)",
            )
        return rule

    def check_dates(self, el: Element) -> bool:
        """An error for each date attribute that names no day that exists; True if all do.

        A wrong date would publish a letter under a made-up year, so it is an error (with
        --lenient, as an edition holds it, a warning); the date is then treated as unknown
        (the callers drop it), never shown as written.
        """
        if el in self._dated:
            return self._dated[el]
        good = True
        for name in DATE_ATTRIBUTES:
            value = el.get(name)
            if value is not None and (why := date_problem(value, name)) is not None:
                good = False
                self.problems.invalid(
                    self.pos(el), f"the date {name}=\"{value}\" {why}; correct it (YYYY-MM-DD,"
                    " or YYYY-MM, or YYYY for what is known; notBefore/notAfter for a range)",
                    "treat it as unknown")
        self._dated[el] = good
        return good

    def refs(self, el: Element) -> tuple[str, ...]:
        """What an element points at (`@ref="#a #b"`, else `@sameAs`; `@key`, an id or an
        entry's `@n`, several where space-separated): entry ids or authority URIs."""
        refs = [self.pointer(value) for value in (el.get("ref") or el.get("sameAs") or "").split()]
        refs += [self.pointer(key) for key in (el.get("key") or "").split()]  # WeGA: key="A1 A2"
        return tuple(refs)

    def pointer(self, value: str) -> str:
        """One pointer as an entry id, or as a full URI (an authority record, resolved later).

        `#id` and `registers/persons.xml#id` name the entry `id`; `psn:id` is expanded first
        through the letter's `prefixDef` (its matchPattern and replacementPattern).
        """
        value = self.expand(value)
        if value.startswith(("http://", "https://")):
            return value
        return value.rsplit("#", 1)[-1]

    def expand(self, value: str) -> str:
        """A pointer with its prefix (`psn:id`) expanded through the letter's `prefixDef`."""
        prefix, colon, rest = value.partition(":")
        if colon and prefix in self.prefixes:
            pattern, replacement = self.prefixes[prefix]
            if (found := re.fullmatch(pattern, rest)) is not None:
                return re.sub(r"\$(\d)", lambda d: found.group(int(d.group(1))) or "", replacement)
        return value

    def read_prefixes(self, header: Element) -> None:
        for prefix_def in header.iterfind(".//t:listPrefixDef/t:prefixDef", NS):
            ident, match = prefix_def.get("ident"), prefix_def.get("matchPattern")
            replacement = prefix_def.get("replacementPattern")
            if ident and match and replacement:
                self.prefixes[ident] = (match, replacement)


_START_TAG = re.compile(r"<([^\s/>!?<]+)(?=[\s/>]|$)")  # what `pos` looks for, of any name
_WORD_END = re.compile(r"(?<=\S)(?=\s)")
_WINDOW = 160  # characters either side of a mention: in real text, more than 8 words


def snippet(text: str, start: int, end: int, words: int = 8) -> tuple[str, str, str]:
    """The mention text[start:end] with up to `words` words either side, spacing kept as it is."""
    before, core, after = text[:start], text[start:end], text[end:]
    # a window of the text either side is enough when it holds more than `words` words
    head = _WORD_END.split(before[-_WINDOW:]) if len(before) > _WINDOW else []
    if len(head) <= words + 1:
        head = _WORD_END.split(before.lstrip())
    head_text = "".join(head[-words:]) if len(head) > words else before.lstrip()
    if len(head) > words:
        head_text = "…" + head_text.lstrip()
    tail = _WORD_END.split(after[:_WINDOW]) if len(after) > _WINDOW else []
    if len(tail) <= words + 1:
        tail = _WORD_END.split(after.rstrip())
    tail_text = "".join(tail[:words]) + ("…" if len(tail) > words else "")
    return head_text, core, tail_text


# ---------------------------------------------------------------- divisions

# what a division of a letter is called on its page, by its @type (`postscript` by its name): the
# message `division.<type>` in the edition's language
DIVISIONS = {"writingSession", "envelope", "enclosure", "annex", "annexe", "attachment", "postscript",
             "address", "certificate", "reply", "account", "endorsement", "officialDocument", "copy",
             "draft"}


def division_label(kind: str) -> str:
    return messages.t(f"division.{'annex' if kind == 'annexe' else kind}")
# types that say a division is the letter itself: set apart from what precedes it, not labelled
GENERIC = {"letter", "main", "transcription", "original", "text", "textpart", "body", "section",
           "div1", "div2", "div3", "liber", "liber-sub", "edition", "translation"}


def division(el: Element, after: bool) -> str | None:
    """The label of a division that begins here (None: it is not set apart; "": a separator
    without a label). A `postscript`, and a `div` whose @type names a part of a letter
    (envelope, enclosure, annex, attachment, a further writing session), are labelled
    wherever they stand; any other `div` is set apart from what precedes it, labelled by its
    @type unless that says it is the letter itself."""
    name = local(el)
    if name == "postscript":
        return division_label("postscript")
    if not re.fullmatch(r"div\d?", name):
        return None
    kind = el.get("type") or ""
    if kind == "writingSession":
        def same(d: Element) -> bool:
            return isinstance(d.tag, str) and local(d) == name and d.get("type") == kind

        n = 1 + sum(map(same, el.itersiblings(preceding=True)))
        if after or n > 1 or any(map(same, el.itersiblings())):
            return f"{division_label(kind)} {n}"
        return None
    if kind in DIVISIONS:
        return division_label(kind)
    if not after:
        return None
    if not kind or kind in GENERIC:
        return ""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).replace("_", " ").replace("-", " ").lower()
    return words[:1].upper() + words[1:]


# ---------------------------------------------------------------- whitespace

# elements whose content is elements only: whitespace between their children is layout
ELEMENT_ONLY = {"choice", "subst", "app", "rdgGrp", "transpose", "listTranspose"}
_SPACES = " \t\r\n"
OPENING = set("([{¿¡„‚«‹“‘/")  # no space after these where an element begins
CLOSING = set(".,;:!?)]}»›”’…/")  # nor before these where an element ends


def _first_char(nodes: tuple[m.Inline, ...], last: bool = False) -> str:
    """The first (or `last`) character the nodes read ("" if none; a line break reads as a space)."""
    for node in reversed(nodes) if last else nodes:
        match node:
            case m.Text(text) if text:
                return text[-1] if last else text[0]
            case m.LineBreak(in_word=False) | m.Unit():
                return " "
            case m.Alternative(shown=kids) | m.Styled(children=kids) | m.Mention(children=kids) \
                    | m.Link(children=kids) | m.DateText(children=kids) | m.Editorial(children=kids):
                if found := _first_char(kids, last):
                    return found
    return ""


def _wants_space(out: list[m.Inline]) -> bool:
    """Whether a space moved out of an element's edge is needed after `out` (not at the start,
    not after a space, a line break or an opening bracket)."""
    last = _first_char(tuple(out), last=True)
    return bool(last) and last not in _SPACES and last not in OPENING


def _space_at(el: Element, first: bool) -> bool:
    """Whether the text of an element begins (ends) with whitespace: then its reading may have a
    space to move out of it (a cheap test on the XML, before the model is looked into)."""
    while True:
        if first:
            if el.text:
                return el.text[0] in _SPACES
            if not len(el) or not isinstance(el[0].tag, str):
                return False
            el = el[0]
        else:
            if not len(el):
                return (el.text or "x")[-1] in _SPACES
            if tail := el[-1].tail:
                return tail[-1] in _SPACES
            if not isinstance(el[-1].tag, str):
                return False
            el = el[-1]


def _edges(el: Element, nodes: tuple[m.Inline, ...]) -> tuple[tuple[m.Inline, ...], bool, bool]:
    """An element's nodes without the space at the start and at the end of its text, and
    whether there was one (it belongs outside the element)."""
    lead = trail = False
    if _space_at(el, first=True):
        nodes, lead = _strip(nodes, first=True)
    if _space_at(el, first=False):
        nodes, trail = _strip(nodes, first=False)
    return nodes, lead, trail


def _strip(nodes: tuple[m.Inline, ...], first: bool) -> tuple[tuple[m.Inline, ...], bool]:
    """Strip one space from the first (or last) text of the nodes, looking into their children."""
    if not nodes:
        return nodes, False
    i = 0 if first else len(nodes) - 1
    node = nodes[i]
    match node:
        case m.Text(text) if text:
            edge = text[0] if first else text[-1]
            if edge != " ":
                return nodes, False
            rest = text[1:] if first else text[:-1]
            new: tuple[m.Inline, ...] = (m.Text(rest),) if rest else ()
            if not rest:  # the whole text was that space: the next node may carry more
                others = nodes[1:] if first else nodes[:-1]
                return others, True
        case m.Alternative(shown=kids):
            kids, found = _strip(kids, first)
            new = (replace(node, shown=kids),)
        case m.Styled() | m.Mention() | m.Link() | m.DateText() | m.Editorial() \
                if node.children != (m.Text(" "),):  # an element holding a space holds it
            kids, found = _strip(node.children, first)
            new = (replace(node, children=kids),)
        case _:
            return nodes, False
    if not isinstance(node, m.Text) and not found:
        return nodes, False
    return (new + nodes[1:]) if first else (nodes[:-1] + new), True


# ---------------------------------------------------------------- the rule table


InlineRule = Callable[[Element, "Reader"], list[m.Inline]]


class Rule(NamedTuple):
    """What one TEI element becomes: inlines (`read`), a block of `kind`, its children's blocks,
    or nothing in the reading text (`skip`: registers, which `registers.py` reads)."""

    level: Literal["inline", "block", "container", "skip"]
    read: InlineRule | None = None
    kind: str = ""


def _styled(style: str) -> Rule:
    def read(el: Element, r: Reader) -> list[m.Inline]:
        return [m.Styled(style, r.children(el), el.get(XML_LANG))]

    return Rule("inline", read)


def _block(kind: str) -> Rule:
    return Rule("block", kind=kind)


CONTAINER = Rule("container")
SKIP = Rule("skip")


def _nothing(el: Element, r: Reader) -> list[m.Inline]:
    return []


def _transparent(el: Element, r: Reader) -> list[m.Inline]:
    return list(r.children(el))


MENTION_KINDS = {k.mention: kind for kind, k in m.KINDS.items() if k.mention}
RS_KINDS = {value: kind for kind, k in m.KINDS.items() for value in k.rs}


def _mention(el: Element, r: Reader) -> list[m.Inline]:
    name = local(el)
    kind = MENTION_KINDS.get(name) or RS_KINDS.get(el.get("type", ""))
    refs = r.refs(el)
    start = r.offset()
    kids = r.children(el)
    if not refs:
        if name == "title":  # an article's or an unpublished title is set in quotation marks
            style = "title-a" if el.get("level") in ("a", "u") else "title"
            return [m.Styled(style, kids, el.get(XML_LANG))]
        return list(kids)
    if not kind:
        r.problems.warning(
            r.pos(el),
            f"<{name} type=\"{el.get('type', '')}\"> has no known kind; use type=\"person\","
            " \"place\", \"org\", \"work\" or \"event\"",
        )
    for ref in refs:
        r.mention(ref, start, r.offset(), el)
    return [m.Mention(kind or "entity", refs, kids, el.get("cert"), el.get(XML_LANG))]


def _note(el: Element, r: Reader, commentary: bool = False) -> list[m.Inline]:
    """A note where it stands (or, for `commentary`, an `interp` that @ana points at from here)."""
    if not len(el) and not (el.text or "").strip():
        r.problems.invalid(r.pos(el), f"this {local(el)} is empty, and would be published as a"
                           f" number with no text; write the {local(el)}, or remove the"
                           f" <{local(el)}>", "leave it out")
        return []
    anchor = r.anchor or "note"
    note_id = (None if commentary else el.get(XML_ID)) or f"{anchor}-n{len(r.notes) + 1}"
    index = len(r.notes)
    r.notes.append(m.Note(note_id, "", None, (), r.pos(el)))  # hold its place in the numbering
    with r.scope(note_id, in_note=True):
        # a note of paragraphs (p, signed, …): one paragraph each; else its text as one
        blocks = [c for c in el if isinstance(c.tag, str)
                  and (rule := r.rule(c)) is not None and rule.level in ("block", "container")]
        if blocks and not r.mixed(el, blocks):
            paragraphs = tuple(r.children(b) for b in blocks)
        else:
            paragraphs = (r.children(el),)
    note_type = el.get("type", "")
    kind = "authorial" if note_type in ("authorial", "author") else "editorial"
    kind = "commentary" if commentary else kind
    r.notes[index] = m.Note(note_id, kind, el.get("resp"), paragraphs, r.pos(el))
    return [m.NoteRef(note_id)]


# renditions that place text on the page (a letterhead left, a date right) rather than style it:
# such a `seg` or `hi` is a line of its own, kept apart from the text beside it
LAYOUT = {"left": "align-left", "right": "align-right", "center": "align-center",
          "centre": "align-center", "align(left)": "align-left", "align(right)": "align-right",
          "align(center)": "align-center", "align(centre)": "align-center", "salute": "salute",
          "dateline": "dateline", "signed": "signed"}


def _layout(el: Element) -> str | None:
    """The layout a `seg` or `hi` asks for (`rend="right"`), if any."""
    rends = (el.get("rend") or "").split()
    return next((LAYOUT[rend] for rend in rends if rend in LAYOUT), None)


def _seg(el: Element, r: Reader) -> list[m.Inline]:
    if (layout := _layout(el)) is not None:
        return [m.Unit(layout, r.children(el), el.get(XML_ID))]
    return list(r.children(el))


def _fw(el: Element, r: Reader) -> list[m.Inline]:
    """`fw`: what a page carries beside the text (a letterhead, a running head, a page number),
    on a line of its own."""
    return [m.Unit("fw", r.children(el), el.get(XML_ID))]


def _hi(el: Element, r: Reader) -> list[m.Inline]:
    if (layout := _layout(el)) is not None:
        return [m.Unit(layout, r.children(el), el.get(XML_ID))]
    rend = (el.get("rend") or el.get("rendition") or "italic").lstrip("#")
    kids = r.children(el)
    styles = rend.split()
    for style in reversed(styles):
        kids = (m.Styled(HI_RENDS.get(style, style), kids),)
    return list(kids)


HI_RENDS = {"i": "italic", "it": "italic", "italics": "italic", "b": "bold", "u": "underline",
            "sup": "superscript", "superscript": "superscript", "sub": "subscript",
            "sc": "smallcaps", "small-caps": "smallcaps", "letterspace": "spaced",
            "spaced": "spaced", "underlined": "underline"}


def _choice(el: Element, r: Reader) -> list[m.Inline]:
    """`choice`: the source's own reading (sic, abbr, orig) is read; the other is on demand."""
    parts = {local(c): c for c in el if isinstance(c.tag, str)}
    for source, other, kind in (("sic", "corr", "corr"), ("abbr", "expan", "expan"),
                                ("orig", "reg", "reg")):
        if source in parts and other in parts:
            shown = r.children(parts[source])
            with r.scope(None, in_note=True):  # the alternative is not the reading text
                alt = r.children(parts[other])
            return [m.Alternative(kind, shown, alt)]  # type: ignore[arg-type]
    r.problems.warning(
        r.pos(el),
        "<choice> needs a pair: sic+corr, abbr+expan or orig+reg; its children are kept as they are",
    )
    return list(r.children(el))


def _editorial(kind: str) -> Rule:
    def read(el: Element, r: Reader) -> list[m.Inline]:
        detail = el.get("reason") or el.get("agent") or el.get("extent") or el.get("quantity")
        return [m.Editorial(kind, r.children(el), detail)]

    return Rule("inline", read)


def _date(el: Element, r: Reader) -> list[m.Inline]:
    when = el.get("when") or el.get("when-iso")
    if when is None and (el.get("from") or el.get("to")):
        when = f"{el.get('from', '')}/{el.get('to', '')}"
    if when is None and (el.get("notBefore") or el.get("notAfter")):
        when = f"{el.get('notBefore', '')}/{el.get('notAfter', '')}"
    if not r.check_dates(el):
        when = None  # reported: an unknown date, never a made-up one
    kids = r.children(el)
    return [m.DateText(when, kids)] if when else list(kids)


def _pb(el: Element, r: Reader) -> list[m.Inline]:
    return [m.PageBreak(el.get("n"))]


def _lb(el: Element, r: Reader) -> list[m.Inline]:
    return [m.LineBreak(in_word=el.get("break") == "no", column=local(el) == "cb")]


def _ref(el: Element, r: Reader) -> list[m.Inline]:
    target = el.get("target") or ""
    if target:
        r.links.append((target, r.pos(el)))
    kids = r.children(el)
    if not kids and local(el) == "ptr" and not target.startswith(("http://", "https://")):
        # a pointer into the edition: a marker (its @n, or an arrow), never glued to a word
        kids = (m.Styled("ptr", (r.text(f"[{el.get('n')}]" if el.get("n") else "→"),)),)
    kids = kids or (m.Text(target),)
    return [m.Link(target, kids)] if target else list(kids)


def _space(el: Element, r: Reader) -> list[m.Inline]:
    """`space`: a space left in the source, shown as one: an en space per character (1 to 12),
    a wide gap (4) where the extent is not in characters; a line break if it is vertical."""
    quantity, unit = el.get("quantity") or el.get("extent") or "", el.get("unit") or "chars"
    noun = {"chars": "characters", "char": "characters"}.get(unit, unit)
    detail = f"{quantity} {noun.removesuffix('s') if quantity == '1' else noun}" if quantity else None
    if el.get("dim") == "vertical" or unit == "lines":
        return [m.LineBreak(), m.Editorial("space", (), detail)]
    try:
        width = max(1, min(12, round(float(quantity)))) if unit in ("chars", "char") else 4
    except ValueError:
        width = 1 if not quantity else 4
    return [m.Editorial("space", (r.text("\u2002" * width),), detail)]


# what an empty `c` or `g` with a rendition stands for, repeated @n times
CHARACTER_RENDITIONS = {"dots": ".", "dot": ".", "dash": "–", "dashes": "–", "hyphen": "-",
                        "hyphens": "-", "asterisk": "*", "asterisks": "*", "stars": "*",
                        "star": "*", "cross": "+", "crosses": "+"}


def _character(el: Element, r: Reader) -> list[m.Inline]:
    """`c` and `g`: their content; an empty one is shown by what its `@ref` (a `char` or `glyph`
    in charDecl: its mapping) or its rendition (`#dots`, @n times) says, marked as editorial."""
    kids = r.children(el)
    if kids:
        return list(kids)
    rendition = (el.get("rendition") or el.get("rend") or "").lstrip("#")
    times = int(n) if (n := el.get("n") or "").isdigit() and 0 < int(n) <= 40 else 1
    shown, says = CHARACTER_RENDITIONS.get(rendition, ""), rendition
    if ref := (el.get("ref") or "").lstrip("#"):
        for decl in el.getroottree().getroot().iter(f"{{{TEI}}}char", f"{{{TEI}}}glyph"):
            if decl.get(XML_ID) == ref:
                shown = plain(decl.find("t:mapping", NS)) or shown
                named = decl.find("t:localProp[@name='Name']", NS)
                says = ((named.get("value") if named is not None else None)
                        or plain(decl.find("t:charName", NS)) or plain(decl.find("t:glyphName", NS)) or ref)
    detail = f"{times} × {says}" if times > 1 else says
    if not shown:
        r.problems.warning(r.pos(el), f"this empty <{local(el)}> says no character to show"
                           f" ({detail or 'no @ref, no @rendition'}); a \"◌\" stands for it: put the"
                           " character in it, or point @ref at a <char> with a <mapping>")
        shown, times = "◌", 1
    return [m.Editorial("char", (r.text(shown * times),), detail or None)]


def _gap(el: Element, r: Reader) -> list[m.Inline]:
    """`gap`: an omission, marked; its reason, extent and `desc` (the editors' description of
    what is missing, not text of the letter) are said in its tooltip."""
    quantity = el.get("quantity")
    extent = f"{quantity} {el.get('unit') or ''}".strip() if quantity else el.get("extent")
    desc = plain(el.find("t:desc", NS))
    detail = ", ".join(part for part in (el.get("reason"), extent) if part)
    detail = f"{detail}: {desc}" if detail and desc else detail or desc
    return [m.Editorial("gap", (), detail or None)]


RULES: dict[str, Rule] = {
    # containers: their children are blocks
    "body": CONTAINER,
    "front": CONTAINER,
    "back": CONTAINER,
    "div": CONTAINER,
    "docTitle": CONTAINER,
    "opener": CONTAINER,
    "closer": CONTAINER,
    "postscript": CONTAINER,
    # blocks: paragraph-like units with their own anchor
    "p": _block("p"),
    "ab": _block("p"),
    "head": _block("head"),
    "titlePart": _block("title"),
    "docDate": _block("dateline"),
    "docImprint": _block("imprint"),
    "dateline": _block("dateline"),
    "salute": _block("salute"),
    "signed": _block("signed"),
    "byline": _block("byline"),
    "trailer": _block("trailer"),
    # names that point into the registers
    "persName": Rule("inline", _mention),
    "placeName": Rule("inline", _mention),
    "orgName": Rule("inline", _mention),
    "title": Rule("inline", _mention),
    "rs": Rule("inline", _mention),
    "name": Rule("inline", _mention),
    # notes, dates, links
    "note": Rule("inline", _note),
    "date": Rule("inline", _date),
    "ref": Rule("inline", _ref),
    "bibl": Rule("inline", _transparent),
    "author": Rule("inline", _transparent),
    "editor": Rule("inline", _transparent),
    "pubPlace": Rule("inline", _transparent),
    "publisher": Rule("inline", _transparent),
    "biblScope": Rule("inline", _transparent),
    "edition": Rule("inline", _transparent),
    "idno": Rule("inline", _transparent),
    "seg": Rule("inline", _seg),
    "fw": Rule("inline", _fw),
    "figure": _styled("figure"),
    "figDesc": _styled("figdesc"),  # the editors' description of a drawing, in the text where it stands
    "num": Rule("inline", _transparent),
    "measure": Rule("inline", _transparent),
    # the parts of a name (in registers and in letters): read as their text
    **{name: Rule("inline", _transparent) for name in (
        "forename", "surname", "nameLink", "roleName", "addName", "genName", "settlement",
        "region", "country", "district", "geogName")},
    "term": _styled("term"),
    # renditions of the source
    "hi": Rule("inline", _hi),
    "emph": _styled("italic"),
    "foreign": _styled("foreign"),
    "q": _styled("quote"),
    "quote": _styled("quote"),
    "soCalled": _styled("quote"),
    "mentioned": _styled("italic"),
    "lb": Rule("inline", _lb),
    "cb": Rule("inline", _lb),  # a new column: the reading text goes on on a new line
    "pb": Rule("inline", _pb),
    # editorial and scribal interventions
    "choice": Rule("inline", _choice),
    "supplied": _editorial("supplied"),
    "unclear": _editorial("unclear"),
    "del": _editorial("del"),
    "add": _editorial("add"),
    "gap": Rule("inline", _gap),
    "space": Rule("inline", _space),
    "damage": _editorial("damage"),
    # the parts of a <choice> (read by its rule), when one stands alone
    "sic": Rule("inline", _transparent),
    "corr": _editorial("corr"),
    "abbr": Rule("inline", _transparent),
    "expan": Rule("inline", _transparent),
    "orig": Rule("inline", _transparent),
    "reg": Rule("inline", _transparent),
    "subst": Rule("inline", _transparent),
    "c": Rule("inline", _character),
    "g": Rule("inline", _character),
    # letter structure
    "address": CONTAINER,
    "addrLine": _block("addrline"),
    "list": CONTAINER,
    "table": _block("table"),
    "row": _block("p"),  # read by the table's rule; alone, a row is a paragraph
    "cell": Rule("inline", _transparent),
    "item": _block("item"),
    "label": _block("label"),
    "anchor": Rule("inline", _nothing),
    "ptr": Rule("inline", _ref),
    # registers inside a letter (read by registers.py), and other data that is not text
    **{name: SKIP for name in ("listPerson", "listPlace", "listOrg", "listBibl", "listEvent",
                               "listPrefixDef", "interpGrp", "interp")},
}


# ---------------------------------------------------------------- correspondence metadata


# Correspondence metadata as some editions wrote it before TEI P5 had correspAction (the
# Weber-Gesamtausgabe's letters of 2013: fileDesc/sourceDesc/correspDesc with <sender>,
# <addressee>, <placeSender>, <dateSender>, …): each element and the correspAction it stands for.
LEGACY_CORRESP = {"sender": "sent", "placeSender": "sent", "dateSender": "sent",
                  "addressee": "received", "placeAddressee": "received", "dateAddressee": "received"}


def _left_out(el: Element) -> tuple[str, ...]:
    """What --lenient does with an element that is not TEI, where that is not to keep its text:
    inside correspDesc, whose parts are read by their names, it and what it holds are not read."""
    if any(a.tag == f"{{{TEI}}}correspDesc" for a in el.iterancestors()):
        return ("leave it out of the letter's header, with the person, place or date it holds",)
    return ()


def _in_corresp_desc(el: Element) -> bool:
    parent = el.getparent()
    return parent is not None and parent.tag == f"{{{TEI}}}correspDesc"


_ISO_DATE = re.compile(r"(-?\d{4,})(?:-(\d{2})(?:-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?)?)?")
DATE_ATTRIBUTES = ("when", "when-iso", "from", "to", "notBefore", "notAfter")


def is_iso_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD (a time may follow), naming a day that exists (1900-02-29 does not)."""
    return date_problem(value) is None


def date_problem(value: str, attribute: str = "when") -> str | None:
    """What is wrong with an ISO date, in words ("there is no month 13"), or None.

    `when-iso` may also hold an interval (`1918-12-16/31`), each side checked.
    """
    if attribute.endswith("-iso") and "/" in value:
        start, _, end = value.partition("/")
        full = start[: max(len(start) - len(end), 0)] + end  # 1918-12-16/31 ends on 1918-12-31
        return date_problem(start) or date_problem(full)
    found = _ISO_DATE.fullmatch(value)
    if found is None:
        return "is not an ISO date"
    year, month, day = found.groups()
    if month is None:
        return None
    if not 1 <= int(month) <= 12:
        return f"names a month {int(month)}, which no year has"
    leap_or_not = int(year) if 1 <= int(year) <= 9999 else 2001
    days = calendar.monthrange(leap_or_not, int(month))[1]
    if day is not None and not 1 <= int(day) <= days:
        return f"names day {int(day)} of a month that has {days} days"
    return None


def read_edition(
    path: Path, problems: Problems
) -> tuple[str, tuple[m.Block, ...], m.Publication | None]:
    """The edition's own title, the introduction shown on the home page, and its publication."""
    parsed = parse(path, problems)
    if parsed is None:
        return "", (), None
    root, data = parsed
    r = Reader(display_path(path), data, problems)
    title = plain(root.find("t:teiHeader/t:fileDesc/t:titleStmt/t:title", NS))
    if not title:
        problems.error(r.pos(root), "the edition has no title; add fileDesc/titleStmt/title")
    body = root.find("t:text/t:body", NS)
    intro = tuple(r.blocks(body)) if body is not None else ()
    return title, intro, publication_of(root, r)


def read_publication(path: Path, problems: Problems) -> m.Publication | None:
    """The edition's publication alone (for commands that need nothing else of the edition)."""
    parsed = parse(path, problems)
    if parsed is None:
        return None
    root, data = parsed
    return publication_of(root, Reader(display_path(path), data, problems))


def publication_of(root: Element, r: Reader) -> m.Publication | None:
    """The edition's publicationStmt: its address (`idno type="URL"`), date, publisher, licence."""
    problems = r.problems
    stmt = root.find("t:teiHeader/t:fileDesc/t:publicationStmt", NS)
    if stmt is None:
        problems.warning(r.pos(root), "the edition has no publicationStmt, so no CMIF file is"
                         " written; add one with publisher, idno type=\"URL\", date and licence")
        return None
    url = plain(stmt.find("t:idno[@type='URL']", NS))
    edition_el = root.find("t:teiHeader/t:fileDesc/t:editionStmt/t:edition", NS)
    date_el = edition_el.find(".//t:date[@when]", NS) if edition_el is not None else None
    if date_el is None:
        date_el = stmt.find("t:date", NS)
    date = date_el.get("when") if date_el is not None else None
    if not url.startswith(("http://", "https://")):
        problems.warning(r.pos(stmt), "the edition's address is unknown, so no CMIF file is written;"
                         " add <idno type=\"URL\">https://…/</idno> (site_url of mkdocs.yml)")
    if not date or not is_iso_date(date):
        problems.warning(r.pos(date_el if date_el is not None else stmt),
                         "the edition has no release date, so no CMIF file is written; add"
                         " <date when=\"YYYY-MM-DD\"> to publicationStmt and update it at each release")
    licence = stmt.find("t:availability/t:licence", NS)
    return m.Publication(
        url=url.rstrip("/") + "/" if url else "",
        date=date if date and is_iso_date(date) else None,
        publisher=plain(stmt.find("t:publisher", NS)),
        editors=_editors(root),
        licence=plain(licence),
        licence_url=licence.get("target", "") if licence is not None else "",
        pos=r.pos(stmt),
        version=(edition_el.get("n") or None) if edition_el is not None else None,
    )


def _editors(root: Element) -> tuple[str, ...]:
    """The persons who edit the edition: `titleStmt/editor` and `titleStmt/respStmt/persName`.

    An editor that is an organisation or a collective (`<editor><orgName>…`, `<name
    type="org">`) is not a person, and a citation never names it as one."""
    stmt = root.find("t:teiHeader/t:fileDesc/t:titleStmt", NS)
    if stmt is None:
        return ()
    names = []
    for editor in stmt.iterfind("t:editor", NS):
        if editor.find(".//t:orgName", NS) is not None or editor.find(".//t:name[@type='org']", NS) \
                is not None:
            continue
        names.append(plain(editor))
    names += [plain(p) for p in stmt.iterfind("t:respStmt/t:persName", NS)]
    return tuple(n for n in names if n)
