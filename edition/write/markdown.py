"""The writer: model nodes → Markdown (Python-Markdown with attr_list and footnotes).

Every string from the TEI is escaped here, for the place it goes, so that a `*`, `_`, `[`, `#`,
`<`, `{:` or `[^1]` in a letter prints as itself and no text becomes code. One function per
context, and nothing else in the package escapes text:

- `escape`: text inside a line of Markdown (a paragraph, a heading, a list item, a link's text);
- `protect`: the start of such a line, which must not start a block;
- `heading`: the edges of a heading's text, which Markdown would strip;
- `html_text`: text inside raw HTML, which Python-Markdown passes through untouched;
- `attr`: an HTML attribute's value, written by the writer;
- `theme_text`: a front-matter value that MkDocs and Material print as HTML (`title`, shown in
  the head, the header, the navigation and the search index; `description`, an attribute);
- `url`: a link target in Markdown or HTML, once `links.classify` has found it safe;
- `pagefind_filter`: a Pagefind filter's value, which Pagefind's search box prints as HTML;
- `yaml_value`: any value of the front matter, which MkDocs reads as YAML;
- `script_json`: JSON data inside a `<script type="application/json">`.

The citation metadata in the head is written by the template with Jinja's `e` and `tojson`, which
escape for attributes and for a script element.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .. import links, paths
from .. import model as m
from ..messages import format_date, t

# Characters that mean something to Python-Markdown or to HTML anywhere in a line.
_INLINE = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "{": "\\{", "}": "\\}",
    "[": "\\[", "]": "\\]", "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|",
})
# What starts a block (heading, list, quote, definition, table, …) at the start of a line.
_BLOCK_START = re.compile(r"(\d+)([.)])|[#+\-=:|~]")


def escape(text: str) -> str:
    """Text for any place inside a line: it prints as itself."""
    return text.translate(_INLINE)


def protect(line: str) -> str:
    """A line of Markdown whose first characters must not start a block: heading, list, …"""
    if line[:1].isspace():  # Markdown would strip it (a no-break space, say): keep it as a reference
        return f"&#{ord(line[0])};{line[1:]}"
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(1):  # "1." would start an ordered list
        return f"{match.group(1)}&#{ord(match.group(2))};{line[match.end():]}"
    return f"&#{ord(line[0])};{line[1:]}"


def heading(text: str) -> str:
    """The text of a Markdown heading (`# …`), already escaped: Python-Markdown strips a heading's
    edges of any Unicode space and of a closing `#`, so those edge characters become references."""
    if text[:1].isspace():
        text = f"&#{ord(text[0])};{text[1:]}"
    if text[-1:].isspace() or text.endswith("#"):
        text = f"{text[:-1]}&#{ord(text[-1])};"
    return text


def attr(value: str) -> str:
    """A value for an HTML attribute written by the writer."""
    return html.escape(value, quote=True)


def theme_text(text: str) -> str:
    """A front-matter value that the theme prints as HTML, in an element or an attribute.

    Material writes `page.meta.title` unescaped into the `<title>`, the header and the search
    index, MkDocs into the navigation, and `page.meta.description` into a `<meta content="…">`.
    """
    return html.escape(text, quote=True)


# What YAML reads otherwise than JSON wrote it: characters PyYAML refuses (DEL, C1 controls,
# U+FFFE/U+FFFF), line breaks it folds into a space (NEL, U+2028, U+2029).
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def yaml_value(value: object) -> str:
    """A front-matter value (any JSON data) that MkDocs' YAML reader reads back exactly."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _YAML_UNSAFE.sub(lambda c: f"\\u{ord(c.group()):04x}", text)


def script_json(value: object) -> str:
    """JSON inside a `<script type="application/json">`: no `<`, `>` or `&` in it, so that no text
    (`</script>`, `<!--<script>`) can end the element or change how the browser reads it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# What may stand in a link target as it is: the URL characters that mean nothing to Markdown's
# link syntax or to HTML, and letters beyond ASCII. Anything else (space, parentheses, quotes, <,
# >, `, \\, [, ], {, }, |, ^, control characters, any Unicode space) is percent-encoded as UTF-8,
# which a browser reads the same.
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&+,;=%*\u00a0-\U0010ffff]")


def _percent(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode("utf-8"))


def url(target: str) -> str:
    """A link target for Markdown's `[text](…)` or an HTML attribute: it stays one URL. Letters
    beyond ASCII stay as they are (as MkDocs finds a page or an anchor by them); a space, control
    or format character of any script is encoded."""
    target = _URL_UNSAFE.sub(lambda c: _percent(c.group()), target)
    if target.isascii():
        return target
    return "".join(_percent(c) if unicodedata.category(c)[0] in "ZC" else c for c in target)


def pagefind_filter(value: str) -> str:
    """A Pagefind filter's value, in its `data-pagefind-filter` attribute. Pagefind's indexer
    decodes the attribute's character references once more than HTML does, and its search box
    prints the value as HTML: so the value is escaped as HTML text twice, then as an attribute."""
    return attr(html_text(html_text(value)))


def html_text(text: str) -> str:
    """Text inside a raw HTML block, which Python-Markdown passes through untouched: only HTML's
    characters need escaping there."""
    return html.escape(text, quote=False)


def plain_text(nodes: Iterable[m.Inline]) -> str:
    """The reading text of some inlines, unescaped (for titles, tooltips and snippets)."""
    out: list[str] = []
    for node in nodes:
        match node:
            case m.Text(text):
                out.append(text)
            case m.Styled(children=kids) | m.Mention(children=kids) | m.Link(children=kids) \
                    | m.DateText(children=kids) | m.Editorial(children=kids):
                out.append(plain_text(kids))
            case m.Alternative(shown=kids):
                out.append(plain_text(kids))
            case m.Unit(children=kids):
                out.append(f" {plain_text(kids)} ")
            case m.LineBreak(in_word):
                out.append("" if in_word else " ")
    return re.sub(r"[ \t\r\n]+", " ", "".join(out)).strip(" ")


# How each style of the source, or semantic span, is written: (opening, closing) HTML.
STYLES: dict[str, tuple[str, str]] = {
    "italic": ("<em>", "</em>"),
    "bold": ("<strong>", "</strong>"),
    "underline": ('<span class="underline">', "</span>"),
    "superscript": ("<sup>", "</sup>"),
    "subscript": ("<sub>", "</sub>"),
    "smallcaps": ('<span class="smallcaps">', "</span>"),
    "spaced": ('<span class="spaced">', "</span>"),
    "strikethrough": ("<s>", "</s>"),
    "foreign": ('<span class="foreign">', "</span>"),
    "quote": ('<q class="quote">', "</q>"),
    "term": ('<span class="term">', "</span>"),
    "title": ('<cite class="title">', "</cite>"),
    "title-a": ('<cite class="title title-a">', "</cite>"),  # quotation marks drawn by CSS
}

# kind: the HTML tag it is written as (its tooltip is the message `ed.<kind>`)
EDITORIAL: dict[str, str] = {"supplied": "span", "unclear": "span", "gap": "span", "del": "del",
                             "add": "ins", "space": "span", "corr": "span", "damage": "span",
                             "char": "span"}

ALTERNATIVES = ("corr", "expan", "reg")  # the kinds of choice; the tooltip is the message `alt.<kind>`


# The kinds of note whose paragraphs carry a label, drawn by CSS before the text (edition.css)
NOTE_LABELS = {"authorial": "note.authorial", "commentary": "note.commentary"}


@dataclass(frozen=True, slots=True)
class Context:
    """What the writer needs to know about the page it writes."""

    page: str
    entries: Mapping[str, m.Entry]
    letter_id: str | None = None
    letter_ids: frozenset[str] = frozenset()
    own_ids: frozenset[str] = frozenset()  # the ids of this letter's text, which `#id` may name
    in_link: bool = False  # inside a link's text, where no other link may start
    # inside a mention that holds links (a name in a long `rs`): the opening tag of its link,
    # which wraps each run of its text between them
    wrap: str | None = None


def inlines(nodes: Iterable[m.Inline], ctx: Context) -> str:
    if ctx.wrap is None:
        return "".join(inline(node, ctx) for node in nodes)
    # the text of a mention that holds links: its runs of text are its link, the links inside it
    # (names, notes) stand where they are, outside it
    out: list[str] = []
    run: list[m.Inline] = []
    inner = replace(ctx, wrap=None, in_link=True)

    def flush() -> None:
        if run:
            out.append(f"{ctx.wrap}{inlines(run, inner)}</a>")
            run.clear()

    for node in nodes:
        if not links_inside((node,), ctx):
            run.append(node)
            continue
        flush()
        if isinstance(node, (m.Mention, m.Link, m.NoteRef)):
            out.append(inline(node, replace(ctx, wrap=None)))
        else:  # a span that holds a link: its own text is split in turn
            out.append(inline(node, ctx))
    flush()
    return "".join(out)


def links_inside(nodes: Iterable[m.Inline], ctx: Context) -> bool:
    """Whether the nodes hold a link: a mention of a known entry, a reference, a note."""
    for node in nodes:
        match node:
            case m.NoteRef() | m.Link():
                return True
            case m.Mention(refs=refs) if any(ref in ctx.entries for ref in refs):
                return True
            case m.Styled(children=kids) | m.Mention(children=kids) | m.DateText(children=kids) \
                    | m.Editorial(children=kids) | m.Unit(children=kids) | m.Alternative(shown=kids):
                if links_inside(kids, ctx):
                    return True
    return False


def inline(node: m.Inline, ctx: Context) -> str:
    match node:
        case m.Text(text):
            return escape(text)
        case m.Styled(style, kids, lang):
            opening, closing = STYLES.get(style, (f'<span class="{attr(style)}">', "</span>"))
            if lang:
                opening = opening[:-1] + f' lang="{attr(lang)}">'
            return f"{opening}{inlines(kids, ctx)}{closing}"
        case m.Mention(children=kids) | m.Link(children=kids) if ctx.in_link:
            return inlines(kids, ctx)  # its link follows the outer one (see `after_link`)
        case m.NoteRef() if ctx.in_link:
            return ""
        case m.Mention(kind, refs, kids, cert, lang):
            return mention(kind, refs, kids, cert, lang, ctx)
        case m.NoteRef(note_id):
            return f"[^{paths.note_anchor(ctx.letter_id or '', note_id)}]"
        case m.Alternative(kind, shown, other):
            title = t(f"alt.{kind}", other=plain_text(other))
            return (f'<span class="choice {kind}" title="{attr(title)}" tabindex="0">'
                    f"{inlines(shown, ctx)}</span>")
        case m.Editorial(kind, kids, detail):
            tag, says = EDITORIAL.get(kind, "span"), t(f"ed.{kind}") if kind in EDITORIAL else kind
            title = t("ed.detail", says=says, detail=detail) if detail else says
            return f'<{tag} class="ed-{kind}" title="{attr(title)}">{inlines(kids, ctx)}</{tag}>'
        case m.PageBreak(n):
            label = t("pb.page", n=n) if n else t("pb.break")
            return f'<span class="pb" data-n="{attr(n or "")}" title="{attr(label)}"></span>'
        case m.LineBreak(in_word=True, column=column):  # the word reads whole; the break is marked
            return f'<span class="lb" title="{attr(t("cb.break" if column else "lb.break"))}"></span>'
        case m.LineBreak():
            return "<br>"
        case m.Link(target, kids):
            return link(target, kids, ctx)
        case m.Unit(kind, kids, unit_id):
            # a line of its own (CSS); the spaces keep its words apart from those around it
            anchor = f' id="{attr(paths.anchor(ctx.letter_id or "", unit_id))}"' if unit_id else ""
            return f' <span class="unit {attr(kind)}"{anchor}>{inlines(kids, ctx).strip(" ")}</span> '
        case m.DateText(value, kids):
            if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                return f'<time datetime="{value}">{inlines(kids, ctx)}</time>'
            return f'<span class="date" title="{attr(value)}">{inlines(kids, ctx)}</span>'
    raise TypeError(f"the writer has no rule for {node!r}")


def mention(kind: str, refs: tuple[str, ...], kids: tuple[m.Inline, ...], cert: str | None,
            lang: str | None, ctx: Context) -> str:
    """A mention: a link to its register entry, written as inline HTML with its published URL.

    As a Markdown link with attributes (`[text](x.md){ .mention }`) each of a letter's dozens of
    mentions cost Python-Markdown a pass of every inline pattern over its text and MkDocs a
    rewrite of its link: in the bench's profile, a third of a letter page's build time.
    """
    known = [ctx.entries[ref] for ref in refs if ref in ctx.entries]
    text = inlines(kids, replace(ctx, in_link=bool(known)))
    if lang:
        text = f'<span lang="{attr(lang)}">{text}</span>'
    if not known:
        return text
    first = known[0]
    uncertain = cert in ("low", "unknown")
    classes = f"mention {first.kind}" + (" uncertain" if uncertain else "")
    target = paths.href(ctx.page, paths.entry_page(first.kind, first.id))
    kind = t("mention.uncertain" if uncertain else "mention.title", kind=capitalized(t(f"kind.{first.kind}")))
    opening = f'<a href="{target}" class="{classes}" title="{attr(kind)}">'
    if links_inside(kids, ctx):  # names inside it are linked where they stand (no <a> in an <a>)
        text = inlines(kids, replace(ctx, wrap=opening))
        if lang:
            text = f'<span lang="{attr(lang)}">{text}</span>'
        return f'<span class="mention-span {first.kind}">{text}</span>' + also_links(known[1:], ctx)
    return f"{opening}{text}</a>" + also_links(known[1:], ctx) + after_link(kids, ctx)


def also_links(entries: Iterable[m.Entry], ctx: Context) -> str:
    """Further entries of a mention: empty links, drawn by CSS, so that no character joins the text."""
    out = ""
    for other in entries:
        target = paths.href(ctx.page, paths.entry_page(other.kind, other.id))
        label = attr(t("mention.also", name=other.name))
        out += (f'<a href="{target}" class="mention-also {other.kind}" title="{label}"'
                f' aria-label="{label}"></a>')
    return out


def after_link(kids: Iterable[m.Inline], ctx: Context) -> str:
    """What was inside a link's text and cannot be a link there: note references, the links of
    nested mentions and references. They follow the link, so that no <a> is inside an <a>."""
    out = ""
    for node in kids:
        match node:
            case m.NoteRef():
                out += inline(node, ctx)
            case m.Mention(refs=refs, children=inner):
                out += also_links((ctx.entries[r] for r in refs if r in ctx.entries), ctx)
                out += after_link(inner, ctx)
            case m.Link(target, inner):
                if (where := href(target, ctx)) is not None:
                    label = attr(t("link.also", text=plain_text(inner)))
                    out += f"[]({where}){{ .link-also title=\"{label}\" aria-label=\"{label}\" }}"
                out += after_link(inner, ctx)
            case m.Styled(children=inner) | m.DateText(children=inner) | m.Editorial(children=inner) \
                    | m.Unit(children=inner):
                out += after_link(inner, ctx)
            case m.Alternative(shown=inner):
                out += after_link(inner, ctx)
    return out


def href(target: str, ctx: Context) -> str | None:
    """Where a `ref`/`ptr` goes: another letter (by its id or file), an id in this one, or a URL
    with a safe scheme; None where the link cannot be followed (`links.classify`), so its text is
    shown as text (`site.check_links` reports it)."""
    found = links.classify(target, ctx.letter_id, ctx.letter_ids, ctx.own_ids)
    if found.kind == "url":
        return url(target.strip())
    if found.kind != "letter" or found.letter is None:
        return None
    here = found.letter == ctx.letter_id and found.fragment
    page = "" if here else paths.relative(ctx.page, paths.letter_page(found.letter))
    return url(page + ("#" + paths.anchor(found.letter, found.fragment) if found.fragment else ""))


def link(target: str, kids: tuple[m.Inline, ...], ctx: Context) -> str:
    where = href(target, ctx)
    if where is None:
        return inlines(kids, ctx)
    return f"[{inlines(kids, replace(ctx, in_link=True))}]({where})" + after_link(kids, ctx)


def line(nodes: Iterable[m.Inline], ctx: Context) -> str:
    """Inlines as one line of a block: where two spaces meet (a unit's edge beside the text's own
    space), one is written; none at either end."""
    return _SPACES.sub(" ", inlines(nodes, ctx)).strip(" ")


_SPACES = re.compile(r"  +")


def block(b: m.Block, ctx: Context, number: int | None = None, kind: str | None = None) -> str:
    """A block as Markdown: one line of text and, on the next, its anchor and class (`kind`, or
    the block's own); `number` is a paragraph's number, which names its permalink."""
    text = line(b.inlines, ctx)
    anchor = f"#{paths.anchor(ctx.letter_id or '', b.id)} " if b.id else ""
    if b.kind == "head":
        return f"## {heading(text)} {{ {anchor}}}" if anchor else f"## {heading(text)}"
    if b.kind == "division":  # a rule and its label, drawn by CSS: no character joins the text
        label = f' aria-label="{attr(b.label)}" data-label="{attr(b.label)}"' if b.label else ""
        return f'<div class="division" role="separator"{label}></div>'
    if b.kind == "table":
        caption = f"{protect(text)}\n{{: {anchor}.table-caption }}" if text else ""
        return "\n\n".join(part for part in (caption, table(b.rows, ctx)) if part)
    if not text:
        return ""
    if b.kind == "p" and b.id and kind is None:  # a permalink: an empty link, drawn by CSS
        text = protect(text) + permalink(paths.anchor(ctx.letter_id or "", b.id), number)
    else:
        text = protect(text)
    return f"{text}\n{{: {anchor}.{kind or b.kind} }}"


def table(rows: tuple[tuple[tuple[m.Inline, ...], ...], ...], ctx: Context) -> str:
    """A Markdown table (the tables extension); its header row is empty, as TEI rows are data."""
    width = max((len(row) for row in rows), default=0)
    if not width:
        return ""

    def table_row(cells: list[str]) -> str:
        return "| " + " | ".join(cells + [""] * (width - len(cells))) + " |"

    lines = [table_row([]), "|" + " --- |" * width]
    lines += [table_row([line(cell, ctx) for cell in row]) for row in rows]
    return "\n".join(lines)


def permalink(fragment: str, number: int | None = None) -> str:
    """A paragraph's link: empty, so that no character joins the text; CSS draws the paragraph's
    number as the link (edition.css), named for screen readers by `number`."""
    name = attr(t("permalink.numbered", n=number) if number else t("permalink.plain"))
    return (f'<a class="permalink" href="#{fragment}" title="{attr(t("permalink.title", name=name))}"'
            f' aria-label="{name}"></a>')


def footnotes(notes: Iterable[m.Note], ctx: Context) -> str:
    """Footnote definitions, one per note; each paragraph is wrapped in a span of the note's kind.

    A span, not an attribute list: the footnotes extension appends the back link to the last
    paragraph before attr_list runs, so a `{: .class }` line there would be printed as text.
    """
    out: list[str] = []
    for note in notes:
        label = paths.note_anchor(ctx.letter_id or "", note.id)
        paras = [line(p, ctx) for p in note.paragraphs] or [""]
        says = f' data-label="{attr(t(NOTE_LABELS[note.kind]))}"' if note.kind in NOTE_LABELS else ""
        body = "\n\n".join(f'    <span class="note-{note.kind}"{says}>{p}</span>' for p in paras).lstrip()
        out.append(f"[^{label}]: {body}")
    return "\n\n".join(out)


def letter_date(letter: m.Letter) -> str:
    """A letter's date no more precise or certain than its TEI: `format_date`, but "not before
    6 March 1938" for an open range, "between … and …" for one across years, the date's own
    words where `@when` names a day they, giving the year, do not (1919 stored as 1919-01-01), and "?" after a
    date of low or medium certainty."""
    if not letter.date:
        return t("date.undated")
    attrs = dict(letter.date_attrs)
    shown = format_date(letter.date)
    when = attrs.get("when")
    if when is None:
        end = attrs.get("to") or attrs.get("notAfter")
        if not end:
            shown = t("date.not_before" if "notBefore" in attrs else "date.from", date=shown)
        elif end[:4] != letter.date[:4]:  # the range's ends share not even the year
            shown = t("date.between", start=shown, end=format_date(end))
    elif len(when) == 10 and when[8:].isdigit() and when[:4] in letter.date_text \
            and not re.search(rf"(?<!\d)0?{int(when[8:])}(?!\d)", letter.date_text):
        shown = letter.date_text  # the day is the encoder's, not the letter's
    if attrs.get("cert") in ("low", "medium", "unknown"):
        shown += "?"
    return shown



def capitalized(text: str) -> str:
    """`person` → `Person`: the first letter raised, the rest as it is (`Organisation`, `œuvre`)."""
    return text[:1].upper() + text[1:]
