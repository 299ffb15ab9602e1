"""Corpus navigation: letters by year, by correspondent, a calendar, and each letter's neighbours.

Letters never stand in the sidebar; readers reach them through these pages. No page lists more
than `PAGE_LIMIT` items: a longer list is split by year, then by month, into pages of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, TypeVar

from .. import collation, paths
from .. import model as m
from ..messages import active, count, format_date, t
from .markdown import Context, escape, heading, letter_date
from .pages import (
    NOT_SEARCHED,
    Mentions,
    correspondents,
    entry_dates,
    entry_description,
    entry_head,
    mentions_list,
    page,
    para,
)

PAGE_LIMIT = 500  # items on one page; a longer list is split into pages by year, then by month


def year(date: str | None) -> str:
    """The year of an ISO date (`1938`), or `undated`."""
    return date[:4] if date and date[:4].isdigit() else paths.UNDATED


def month(date: str | None) -> str:
    """`1938-03`, or the year alone when the month is not known."""
    return date[:7] if date and len(date) >= 7 and date[5:7].isdigit() else year(date)


def year_of(letter: m.Letter) -> str:
    return year(letter.date)


def month_of(letter: m.Letter) -> str:
    return month(letter.date)


def group_title(key: str) -> str:
    """`1938` → `1938`; `1938-03` → `March 1938`; undated → `Undated` (in the edition's language)."""
    if key == paths.UNDATED:
        return t("group.undated")
    return format_date(key) if len(key) == 7 else key


def correspondence_key(letter: m.Letter) -> tuple[str, ...]:
    """Who a letter passes between, in either direction: the sorted refs (or names) of both sides."""
    return tuple(sorted({p.ref or p.name for p in (*letter.senders, *letter.addressees)} - {""}))


def parties_of(letter: m.Letter) -> list[str]:
    """The register ids of a letter's correspondents, senders first, each once."""
    return list(dict.fromkeys(p.ref for p in (*letter.senders, *letter.addressees) if p.ref))


# ---------------------------------------------------------------- lists of letters


def letter_line(letter: m.Letter, ctx: Context) -> str:
    href = paths.relative(ctx.page, paths.letter_page(letter.id))
    return (f"- {escape(letter_date(letter))}: [{escape(letter.title)}]({href}),"
            f" {correspondents(letter, ctx)}")


Grouping = Callable[[str | None], str]  # a date → the key of its group (year, month)
T = TypeVar("T")


def paginate(base: str, title: str, parts: Sequence[str], items: Sequence[T],
             date: Callable[[T], str | None], show: Callable[[str, Sequence[T], Grouping], str],
             out: dict[str, str], limit: int, groupings: Sequence[Grouping] = (year, month),
             description: str | None = None, searched: bool = False) -> None:
    """The page `base`: its `parts`, then `items` (letters, in order) as `show` lists them on that
    page, grouped by the first grouping of their `date`.

    When there are more than `limit` items, `base` lists the groups instead, each with its own
    page (made the same way with the remaining groupings), so no page grows past the limit.
    Only a `searched` base page is in the search index: lists of letters would only repeat the
    titles and names that the letters' and entries' own pages hold.
    """
    group, rest = groupings[0], groupings[1:]
    extra = None if searched else NOT_SEARCHED
    if len(items) <= limit or not rest:
        out[base] = page(title, [*parts, show(base, items, group)], description, extra)
        return
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[group(date(item))].append(item)
    lines = []
    for key, members in groups.items():
        sub = paths.sub_page(base, key)
        lines.append(f"- [{escape(group_title(key))}]({paths.relative(base, sub)}):"
                     f" {escape(count('n.letters', len(members)))}")
        sub_title = t("group.title", title=title, group=group_title(key))
        up = f"[{escape(title)}]({paths.relative(sub, base)})"
        letters = escape(count("n.letters", len(members)))
        paginate(sub, sub_title, [f"# {heading(escape(sub_title))}",
                                  t("group.part_of", letters=letters, up=up)],
                 members, date, show, out, limit, rest, description)
    out[base] = page(title, [*parts, "\n".join(lines)], description, extra)


def letter_list(base: str, title: str, intro: str, letters: Sequence[m.Letter],
                entries: Mapping[str, m.Entry], out: dict[str, str], months: bool = False) -> None:
    """The page `base` listing `letters` (in order) under headings by year, or by month on a
    year's page; split into such pages when long (`paginate`). With `months`, a year's letters
    stand under a heading for each month too (`#1938-03`, where the calendar leads), those
    whose month is not known first, under the year's own."""
    def show(where: str, members: Sequence[m.Letter], group: Grouping) -> str:
        ctx = Context(where, entries)
        groups: dict[str, list[m.Letter]] = defaultdict(list)
        for letter in members:
            groups[group(letter.date)].append(letter)
        parts = []
        for key, grouped in groups.items():
            lines = [f"## {heading(escape(group_title(key)))} {{ #{key} }}", ""]
            if months and group is year and key != paths.UNDATED:
                by_month: dict[str, list[m.Letter]] = defaultdict(list)
                for letter in grouped:
                    by_month[month(letter.date)].append(letter)
                for sub in sorted(by_month, key=lambda k: (k != key, k)):  # the year alone first
                    if sub != key:
                        title_line = f"### {heading(escape(group_title(sub)))} {{ #{sub} }}"
                        lines += [*([""] if lines[-1] else []), title_line, ""]
                    lines += [letter_line(lt, ctx) for lt in by_month[sub]]
            else:
                lines += [letter_line(lt, ctx) for lt in grouped]
            parts.append("\n".join(lines))
        return "\n\n".join(parts)

    paginate(base, title, [f"# {heading(escape(title))}", intro], letters, lambda lt: lt.date, show, out,
             PAGE_LIMIT)




def entry_pages(entry: m.Entry, mentions: Sequence[Mentions], edition: m.Edition,
                correspondence: int = 0) -> dict[str, str]:
    """A register entry's page, with the letters that mention it (`mentions`, in the order the
    letters were written); when more than PAGE_LIMIT letters mention it, they are listed on
    pages of their own, by year, then by month."""
    def show(where: str, items: Sequence[Mentions], _: Grouping) -> str:
        return mentions_list(items, where) if items else escape(t("entry.not_mentioned"))

    out: dict[str, str] = {}
    paginate(paths.entry_page(entry.kind, entry.id), entry.name, entry_head(entry, edition, correspondence),
             mentions, lambda item: item.date, show, out, PAGE_LIMIT,
             description=entry_description(entry, edition), searched=True)
    return out


# ---------------------------------------------------------------- the pages


class Near(NamedTuple):
    """The ids of a letter's neighbours in the whole corpus and within its own correspondence."""

    previous: str | None
    next: str | None
    previous_between: str | None
    next_between: str | None


def neighbours(order: Sequence[tuple[str, tuple[str, ...]]]) -> dict[str, Near]:
    """Each letter's neighbours; `order` holds each letter's id and `correspondence_key`, in the
    order the letters were written."""
    chains: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for letter_id, key in order:
        chains[key].append(letter_id)
    between: dict[str, tuple[str | None, str | None]] = {}
    chains.pop((), None)  # letters whose correspondents are unknown are no correspondence
    for chain in chains.values():
        for i, letter_id in enumerate(chain):
            between[letter_id] = (chain[i - 1] if i else None, chain[i + 1] if i + 1 < len(chain) else None)
    ids = [letter_id for letter_id, _ in order]
    return {letter_id: Near(ids[i - 1] if i else None, ids[i + 1] if i + 1 < len(ids) else None,
                            *between.get(letter_id, (None, None))) for i, letter_id in enumerate(ids)}


def neighbour_links(letter: m.Letter, near: Near, letters: Mapping[str, m.Letter],
                    entries: Mapping[str, m.Entry]) -> str:
    """The block on a letter's page that leads to the letters before and after it."""
    here = paths.letter_page(letter.id)

    def link(key: str, other_id: str | None) -> str:
        if other_id is None:
            return ""
        other = letters[other_id]
        href = paths.relative(here, paths.letter_page(other.id))
        rel = "prev" if key.startswith("nav.previous") else "next"
        return t("nav.neighbour", label=escape(t(key)), title=escape(other.title), href=href, rel=rel,
                 date=escape(letter_date(other)))

    lines = []
    corpus = " · ".join(filter(None, (link("nav.previous_letter", near.previous),
                                      link("nav.next_letter", near.next))))
    if corpus:
        lines.append(para(corpus, "letter-nav"))
    if near.previous_between or near.next_between:
        named = {p.ref or p.name: p.name for p in (*letter.senders, *letter.addressees)}
        names = [escape(entries[p].name) if p in entries else escape(named.get(p) or p)
                 for p in correspondence_key(letter)]
        own = " · ".join(filter(None, (link("nav.previous", near.previous_between),
                                       link("nav.next", near.next_between))))
        lines.append(para(t("nav.correspondence", names=t("list.and").join(names), links=own),
                          "letter-nav"))
    return "\n\n".join(lines)


def chronology(letters: Sequence[m.Letter], entries: Mapping[str, m.Entry]) -> dict[str, str]:
    """The list of all letters in the order they were written, split by year when long."""
    out: dict[str, str] = {}
    browse = t("letters.browse", correspondents=paths.relative(paths.LETTERS_INDEX, paths.CORRESPONDENTS),
               calendar=paths.relative(paths.LETTERS_INDEX, paths.CALENDAR))
    intro = t("letters.intro", letters=escape(count("n.letters", len(letters))), browse=browse)
    letter_list(paths.LETTERS_INDEX, t("nav.letters"), intro, letters, entries, out, months=True)
    return out


def correspondence(letters: Sequence[m.Letter], entries: Mapping[str, m.Entry]) -> dict[str, str]:
    """The index of correspondents, and for each correspondent the letters from and to them."""
    theirs: dict[str, list[m.Letter]] = defaultdict(list)
    for letter in letters:
        for ref in parties_of(letter):
            if ref in entries:
                theirs[ref].append(letter)
    out: dict[str, str] = {}
    listed = collation.sort((entries[ref] for ref in theirs), by_name, by_id, titled)
    for entry in listed:
        own = paths.correspondence_page(entry.id)
        mine = theirs[entry.id]
        sent = sum(1 for lt in mine if any(p.ref == entry.id for p in lt.senders))
        intro = t("correspondence.intro", letters=escape(count("n.letters", len(mine))),
                  name=escape(entry.name), href=paths.relative(own, paths.entry_page(entry.kind, entry.id)),
                  sent=active().number(sent), received=active().number(len(mine) - sent))
        letter_list(own, t("correspondence.title", name=entry.name), intro, mine, entries, out)

    def line(where: str, e: m.Entry) -> str:
        return (f"- [{escape(e.sort_name)}]({paths.relative(where, paths.correspondence_page(e.id))}):"
                f" {escape(count('n.letters', len(theirs[e.id])))}")

    index = paths.CORRESPONDENTS
    writer = principal(letters)  # the edition's own letter writer is not one of their correspondents
    listed = [entry for entry in listed if entry.id != writer]
    intro = t("correspondents.intro", correspondents=escape(count("n.correspondents", len(listed))))
    out.update(by_initial(index, t("nav.correspondents"), intro, listed, line, "n.correspondents",
                          lambda i: paths.sub_page(index, i.lower())))
    return out


def principal(letters: Sequence[m.Letter]) -> str | None:
    """The edition's own correspondent, whose letters it collects: the one party to every letter
    who sent the most of them (None when no one, or more than one, is)."""
    if not letters:
        return None
    common = set.intersection(*(set(parties_of(letter)) for letter in letters))
    sent = {ref: sum(any(p.ref == ref for p in letter.senders) for letter in letters) for ref in common}
    most = max(sent.values(), default=0)
    top = [ref for ref, n in sent.items() if n == most]
    return top[0] if most and len(top) == 1 else None


def register_index(kind: str, entries: Sequence[m.Entry], counts: Mapping[str, int]) -> dict[str, str]:
    """The index of one register (People, Works, …): every entry, by initial."""
    def line(where: str, entry: m.Entry) -> str:
        href = paths.relative(where, paths.entry_page(entry.kind, entry.id))
        dates = f" ({escape(entry_dates(entry))})" if entry.dates else ""
        n = counts.get(entry.id, 0)
        mentions = f": {escape(count('n.letters', n))}" if n else ""
        return f"- [{escape(entry.sort_name)}]({href}){dates}{mentions}"

    listed = collation.sort(entries, by_name, by_id, titled)
    intro = t("register.intro", entries=escape(count("n.entries", len(listed))))
    return by_initial(paths.index_page(kind), t(f"register.{kind}"), intro, listed, line,
                      "n.entries", lambda i: paths.initial_page(kind, i))


def by_name(entry: m.Entry) -> str:
    return entry.sort_name


def by_id(entry: m.Entry) -> str:
    return entry.id


def titled(entry: m.Entry) -> bool:
    """Whether an entry's name is a title, not filed under its article ("The Times" under T)."""
    return entry.kind != "person"


def by_initial(index: str, title: str, intro: str, entries: Sequence[m.Entry],
               line: Callable[[str, m.Entry], str], noun: str,
               sub: Callable[[str], str]) -> dict[str, str]:
    """The page `index` listing `entries` (in order) under a heading for each initial (as
    `collation.initial` files them, names that begin with no letter under "Other"), each as
    `line` writes it on a page (`noun`: the message that counts them); past PAGE_LIMIT entries,
    a page for each initial (`sub` gives its
    path), and `index` lists the initials."""
    groups: dict[str, list[m.Entry]] = defaultdict(list)
    for entry in entries:
        groups[collation.initial(entry.sort_name, titled(entry))].append(entry)
    out: dict[str, str] = {}
    parts = [f"# {heading(escape(title))}", intro]
    if len(entries) <= PAGE_LIMIT:
        parts += [f"## {escape(initial_heading(initial))}\n\n" + "\n".join(line(index, e) for e in group)
                  for initial, group in groups.items()]
    else:
        items = []
        for initial, group in groups.items():
            where = sub(initial)
            sub_title = t("group.title", title=title, group=initial_heading(initial))
            out[where] = page(sub_title, [
                f"# {heading(escape(sub_title))}",
                t("index.part_of", title=escape(title), href=paths.relative(where, index)),
                "\n".join(line(where, e) for e in group)], extra=NOT_SEARCHED)
            href = paths.relative(index, where)
            items.append(f"- [{escape(initial_heading(initial))}]({href}): {escape(count(noun, len(group)))}")
        parts.append("\n".join(items))
    out[index] = page(title, parts, extra=NOT_SEARCHED)
    return out


def initial_heading(initial: str) -> str:
    """The heading of the entries filed under an initial: the letter, or "Other"."""
    return t("group.other") if initial == paths.OTHER_INITIAL else initial


def calendar(letters: Sequence[m.Letter]) -> str:
    """The letters by year and month: under each year, its months, each with how many letters it
    has, leading to where that month's letters are listed. The months are a list that wraps
    (edition.css), so the calendar fits its column at any width."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for letter in letters:
        counts[year_of(letter)][month_of(letter)] += 1
    split = len(letters) > PAGE_LIMIT
    parts = []
    for year, months in counts.items():
        year_page = paths.sub_page(paths.LETTERS_INDEX, year) if split else paths.LETTERS_INDEX
        year_href = paths.relative(paths.CALENDAR, year_page)
        year_split = split and sum(months.values()) > PAGE_LIMIT
        total = escape(count("n.letters", sum(months.values())))
        lines = [f"## [{escape(group_title(year))}]({year_href}{'' if split else '#' + year})"
                 f" <span class=\"calendar-total\">{total}</span> {{ #{year} }}", ""]
        if year != paths.UNDATED:
            for n, name in enumerate(active().months(), start=1):
                key = f"{year}-{n:02d}"
                label = f'<span class="calendar-month">{escape(name)}</span>'
                found = months.get(key, 0)
                if not found:
                    lines.append(f"- {label}")
                    continue
                target = (paths.relative(paths.CALENDAR, paths.sub_page(year_page, key)) if year_split
                          else f"{year_href}#{key}")
                number = active().number(found)
                lines.append(f'- [{label} <span class="calendar-count">{number}</span>]({target})')
        loose = months.get(year, 0)
        if loose:
            name = escape(t("group.undated" if year == paths.UNDATED else "group.month_unknown"))
            lines.append(f'- [<span class="calendar-month">{name}</span>'
                         f' <span class="calendar-count">{active().number(loose)}</span>]'
                         f'({year_href}#{year})')
        parts.append("\n".join(lines))
    title = t("nav.calendar")
    return page(title, [f"# {heading(escape(title))}",
                        para(t("calendar.intro", letters=escape(count("n.letters", len(letters)))),
                             "calendar-intro"),
                        *parts], extra=NOT_SEARCHED)


def render(letters: Sequence[m.Letter], entries: Mapping[str, m.Entry]) -> dict[str, str]:
    """Every corpus page: the chronology, the correspondents, and the calendar."""
    return {**chronology(letters, entries), **correspondence(letters, entries),
            paths.CALENDAR: calendar(letters)}
