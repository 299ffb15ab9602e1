"""A test oracle, written apart from edition/read/tei.py: the words of a TEI text, and the words of a page.

`tei_words` walks a TEI `<text>` in document order and splits it into words the way TEI means
them: whitespace separates words; so do `lb`, `cb` and `space`, and the start and end of a
structural unit (`p`, `div`, `dateline`, `salute`, `l`, `cell`, …: `UNITS`, and a `seg` or `hi`
whose @rend places it on the page: `right`, `left`, …); `pb`, `milestone` and `anchor` are
points, where the whitespace around them decides. With `break="no"` a word runs on across the
break, whatever whitespace surrounds it. Whitespace between the children of an element that
holds only elements (`subst`, `choice`: `ELEMENT_ONLY`) is layout, not a word boundary. Every
other element is transparent (`hi`, `c`, `g`, `seg`, `del`, `add`, names, …). In a `choice`,
the source's own reading (`sic`, `abbr`, `orig`) is the text; its alternative (`corr`, `expan`,
`reg`) is an editorial reading and is not required. Each `note` is a text of its own (a
footnote on the page), taken out of the running text without a break. Registers written inside
the text (`listPerson`, …) and the description inside a `gap` are not its words.

`page_words` reads the HTML that Python-Markdown makes of a page: block elements and `<br>`
separate words, the apparatus the writer adds (footnote numbers, back links, permalinks) is
left out, and the footnotes are returned one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree, html

TEI = "{http://www.tei-c.org/ns/1.0}"
BREAKS = {"lb", "cb", "space"}  # a line or a space ends a word, unless break="no"
POINTS = {"pb", "milestone", "anchor"}  # a point in the text: whitespace around it decides
# structural units: one ends where the next begins, whitespace or not ("…1919</dateline><salute>Sehr")
UNITS = {"text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4", "div5",
         "div6", "div7", "p", "ab", "head", "opener", "closer", "dateline", "salute", "signed",
         "postscript", "address", "addrLine", "argument", "byline", "epigraph", "trailer",
         "docTitle", "titlePart", "titlePage", "docDate", "docImprint", "docAuthor", "l", "lg",
         "list", "item", "label", "table", "row", "cell", "figure", "figDesc", "fw", "sp",
         "speaker", "stage", "floatingText"}
SOURCE_READINGS = {"sic", "abbr", "orig"}
ALTERNATIVES = {"corr", "expan", "reg"}  # inside a choice beside a source reading
# registers written inside a letter: their words are the register's, shown on its pages
REGISTERS = {"listPerson", "listPlace", "listOrg", "listBibl", "listEvent", "listRelation",
             "listPrefixDef"}
# renditions that place a `seg` or `hi` on a line of its own (a letterhead left, a date right)
LAYOUT = {"left", "right", "center", "centre", "align(left)", "align(right)", "align(center)",
          "align(centre)", "salute", "dateline", "signed"}
# an omission: what it holds (`desc`) describes what is missing, and is not text of the letter
NOT_TEXT = {"gap"}
# elements that hold only elements (TEI's content models): whitespace between their children is layout
ELEMENT_ONLY = {"choice", "subst", "app", "rdgGrp", "transpose", "listTranspose"}
_BREAK, _JOIN = "\x00", "\x01"  # a word boundary; a break inside a word (break="no")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    line: int  # the line of the element whose text (or tail) holds the word's first character


@dataclass(slots=True)
class _Stream:
    """Text as it is met, with the line it stands on, split into words at the end."""

    parts: list[tuple[str, int]] = field(default_factory=list)

    def add(self, text: str, line: int) -> None:
        self.parts.append((text, line))

    def words(self) -> list[Word]:
        out: list[Word] = []
        word, line, space, joining = "", 0, False, False
        for text, at in self.parts:
            if text in (_BREAK, _JOIN):
                space, joining = text == _BREAK, text == _JOIN
                continue
            for piece in re.findall(r"\S+|\s+", text):  # any space, as the page's words are split
                if piece[0].isspace():
                    space = space or not joining
                    continue
                if space and word:
                    out.append(Word(word, line))
                    word = ""
                if not word:
                    line = at
                word, space, joining = word + piece, False, False
        if word:
            out.append(Word(word, line))
        return out


def _name(el: etree._Element) -> str:
    return el.tag[len(TEI):] if isinstance(el.tag, str) and el.tag.startswith(TEI) else str(el.tag)


def tei_words(text: etree._Element) -> tuple[list[Word], list[list[Word]]]:
    """The words of a TEI element outside notes, and the words of each note, in document order."""
    main = _Stream()
    notes: list[_Stream] = []

    def walk(el: etree._Element, out: _Stream, edges: bool = False) -> None:
        """`edges`: the element is one of the readings of an element-only parent (a `del` in a
        `subst`), so whitespace at its start and end is layout too."""
        line = el.sourceline or 0
        layout = _name(el) in ELEMENT_ONLY
        last = el[-1] if len(el) else None

        def add(text: str | None, at: int) -> None:
            if text and not (layout and not text.strip(" \t\r\n")):
                out.add(text, at)

        text = el.text
        # an element that holds a space alone (`<add> </add>`) holds a space, not layout
        edges = edges and (last is not None or bool((text or "").strip(" \t\r\n")))
        if edges and text:
            text = text.lstrip(" \t\r\n") if last is not None else text.strip(" \t\r\n")
        add(text, line)
        children = [c for c in el if isinstance(c.tag, str)]
        skip: set[str] = set()
        if _name(el) == "choice" and any(_name(c) in SOURCE_READINGS for c in children):
            skip = ALTERNATIVES
        for child in el:
            if isinstance(child.tag, str):  # comments and processing instructions: only their tail
                name = _name(child)
                if name == "note":
                    notes.append(_Stream())
                    walk(child, notes[-1])
                elif name in BREAKS or name in POINTS:
                    brk = child.get("break")
                    if brk == "no" or name in BREAKS:
                        out.add(_JOIN if brk == "no" else _BREAK, child.sourceline or 0)
                elif name not in skip and name not in REGISTERS and name not in NOT_TEXT:
                    unit = name in UNITS or (name in ("seg", "hi")
                                             and bool(LAYOUT & set((child.get("rend") or "").split())))
                    if unit:
                        out.add(_BREAK, child.sourceline or 0)
                    walk(child, out, edges=layout)
                    if unit:
                        out.add(_BREAK, child.sourceline or 0)
            tail = child.tail
            if edges and child is last and tail:
                tail = tail.rstrip(" \t\r\n")
            add(tail, child.sourceline or line)

    walk(text, main)
    return main.words(), [note.words() for note in notes]


# ---------------------------------------------------------------- the page

BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
          "table", "thead", "tbody", "tr", "td", "th", "caption", "blockquote", "hr", "br",
          "section", "article", "aside", "header", "footer", "figure", "figcaption", "pre",
          "details", "summary", "nav", "address"}


def _apparatus(el: html.HtmlElement) -> bool:
    """What the writer and Python-Markdown add that is not text of the letter."""
    classes = set((el.get("class") or "").split())
    if classes & {"footnote-ref", "footnote-backref", "headerlink", "permalink"}:
        return True
    return el.tag == "sup" and (el.get("id") or "").startswith("fnref")


def _text(el: html.HtmlElement, out: list[str]) -> None:
    block = el.tag in BLOCKS
    if block:
        out.append(" ")
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and not _apparatus(child):
            _text(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append(" ")


def page_words(page_html: str) -> tuple[list[str], list[list[str]]]:
    """The words of a page outside its footnotes, and the words of each footnote."""
    tree = html.fromstring(f"<div>{page_html}</div>")
    footnotes: list[list[str]] = []
    for box in tree.find_class("footnote"):
        for item in box.iter("li"):
            parts: list[str] = []
            _text(item, parts)
            footnotes.append("".join(parts).split())
        box.drop_tree()
    parts = []
    _text(tree, parts)
    return "".join(parts).split(), footnotes


# ---------------------------------------------------------------- comparison


_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(word: str) -> list[str]:
    """A word's letters-and-digits runs and its other characters one by one: `(Tübingen.)` is
    `(`, `Tübingen`, `.`, `)`. Words are compared whole; a space beside a bracket or a stop
    (which the reader may drop where it stood beside a tag: `<hi>⏎Tübingen⏎</hi>.`) is not."""
    return _TOKEN.findall(word)


def missing(words: Sequence[Word], page: Sequence[str]) -> Word | None:
    """The first word that is not on the page in order after the words before it (None: all are)."""
    found = [t for word in page for t in tokens(word)]
    at = 0
    for word in words:
        for token in tokens(word.text):
            try:
                at = found.index(token, at) + 1
            except ValueError:
                return word
    return None


def context(words: Sequence[Word], word: Word, span: int = 6) -> str:
    i = next(i for i, w in enumerate(words) if w is word)
    before = " ".join(w.text for w in words[max(i - span, 0):i])
    after = " ".join(w.text for w in words[i + 1:i + 1 + span])
    return f"… {before} [{word.text}] {after} …"


def first_unmatched(notes: Iterable[Sequence[Word]], footnotes: Sequence[Sequence[str]]
                    ) -> tuple[Sequence[Word], Word] | None:
    """A note none of whose footnotes holds all its words in order, and its first missing word."""
    for note in notes:
        if not note:
            continue
        best: Word | None = note[0]
        for footnote in footnotes:
            lost = missing(note, footnote)
            if lost is None:
                best = None
                break
            if best is not None and note.index(lost) > note.index(best):
                best = lost
        if best is not None:
            return note, best
    return None
