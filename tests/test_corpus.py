"""Corpus navigation on a synthetic edition: every letter is reachable, no list page is too long."""

from __future__ import annotations

import posixpath
import re
from collections import deque
from collections.abc import Iterable
from pathlib import Path

import pytest

from bench.synth import generate, letter_id
from edition import messages, paths
from edition import model as m
from edition.build import site
from edition.problems import Problems
from edition.write import corpus

LINK = re.compile(r"\]\(([^)\s]+\.md)(#[^)\s]*)?\)")
LIMIT = 12  # a small page limit, so that 50 letters are split into pages by year and by month


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[m.Edition, dict[str, str]]:
    """A synthetic edition of 50 invented letters (bench/synth.py), checked and rendered."""
    tei = generate(tmp_path_factory.mktemp("synthetic"), 50)
    problems = Problems()
    edition = site.collect(tei, problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(corpus, "PAGE_LIMIT", LIMIT)
        outputs = {rel: text for rel, text in site.render(edition).items() if isinstance(text, str)}
    return edition, outputs


def links(page: str, text: str) -> set[str]:
    """The pages of docs/ that a page links to."""
    return {posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            for href, _ in LINK.findall(text)}


def reachable(start: str, outputs: dict[str, str], through: tuple[str, ...]) -> set[str]:
    """Every page reached from `start` by links, following only pages under the folders `through`."""
    seen, todo = {start}, deque([start])
    while todo:
        for target in links(todo[0], outputs[todo.popleft()]):
            if target in outputs and target not in seen:
                seen.add(target)
                if target.startswith(through):
                    todo.append(target)
    return seen


@pytest.mark.parametrize(("start", "through"), [
    (paths.LETTERS_INDEX, ("letters/index.md", "letters/1", "letters/undated")),
    (paths.CORRESPONDENTS, ("correspondents/", "correspondence/")),
    (paths.CALENDAR, ("calendar/", "letters/1")),
])
def test_every_letter_is_reachable_from_the_corpus_pages(
        synthetic: tuple[m.Edition, dict[str, str]], start: str, through: tuple[str, ...]) -> None:
    edition, outputs = synthetic
    found = reachable(start, outputs, through)
    assert {paths.letter_page(lt.id) for lt in edition.letters} <= found


def test_no_list_page_is_longer_than_the_limit(synthetic: tuple[m.Edition, dict[str, str]]) -> None:
    _, outputs = synthetic
    lists = [rel for rel in outputs if rel.startswith(("letters/index", "letters/1", "correspondents/",
                                                      "correspondence/"))]
    assert paths.sub_page(paths.LETTERS_INDEX, "1917") in outputs  # the chronology was split
    assert len(lists) > 20
    letter_pages = {paths.letter_page(lt.id) for lt in synthetic[0].letters}
    for rel in lists:
        listed = [line for line in outputs[rel].splitlines()
                  if line.startswith("- ") and links(rel, line) & letter_pages]
        assert len(listed) <= LIMIT, rel
    assert max(len([line for line in outputs[rel].splitlines() if line.startswith("- ")])
               for rel in lists if rel.startswith("correspondents/") and rel != paths.CORRESPONDENTS) <= LIMIT


def test_letters_lead_to_their_neighbours(synthetic: tuple[m.Edition, dict[str, str]]) -> None:
    edition, outputs = synthetic
    order = [lt.id for lt in edition.letters]
    assert order == sorted(order, key=lambda i: next(lt.sort_key for lt in edition.letters if lt.id == i))
    for i, letter in enumerate(edition.letters):
        text = outputs[paths.letter_page(letter.id)]
        nav = [line for line in text.splitlines() if line.startswith(("Previous letter", "Next letter"))]
        linked = [posixpath.basename(href)[:-3] for href, _ in LINK.findall(nav[0])]
        expected = [lt.id for lt in (edition.letters[i - 1] if i else None,
                                     edition.letters[i + 1] if i + 1 < len(order) else None) if lt]
        assert linked == expected, letter.id
    # within one correspondence: the next letter between the same two people
    key = corpus.correspondence_key
    chains: dict[tuple[str, ...], list[m.Letter]] = {}
    for letter in edition.letters:
        chains.setdefault(key(letter), []).append(letter)
    chain = max(chains.values(), key=len)
    assert len(chain) >= 3
    text = outputs[paths.letter_page(chain[1].id)]
    line = next(line for line in text.splitlines() if line.startswith("In the correspondence of"))
    assert [posixpath.basename(h)[:-3] for h, _ in LINK.findall(line)] == [chain[0].id, chain[2].id]


def test_entries_link_to_their_correspondence(synthetic: tuple[m.Edition, dict[str, str]]) -> None:
    edition, outputs = synthetic
    principal = edition.entries["person-00000"]  # the synthetic edition's letter writer
    text = outputs[paths.entry_page("person", principal.id)]
    assert f"](../{paths.correspondence_page(principal.id)})" in text
    assert "Correspondence: [50 letters from or to" in text


def test_a_long_register_index_is_split_by_initial(synthetic: tuple[m.Edition, dict[str, str]]) -> None:
    edition, outputs = synthetic
    people = [e for e in edition.entries.values() if e.kind == "person"]
    assert len(people) > LIMIT
    index = paths.index_page("person")
    pages = [page for page in links(index, outputs[index]) if page.startswith("persons/index/")]
    assert paths.initial_page("person", "A") == "persons/index/a.md" and "persons/index/a.md" in pages
    listed: set[str] = set()
    for page in pages:
        listed |= {target for target in links(page, outputs[page]) if target != index}
        assert "Part of [People](../index.md)." in outputs[page]
    assert listed == {paths.entry_page("person", e.id) for e in people}  # each entry, once


HREF = re.compile(r'<a href="([^"#]*)(#[^"]*)?"')


def html_links(page: str, text: str, outputs: Iterable[str]) -> list[tuple[str, str]]:
    """The pages (and fragments) that the raw HTML of a page links to, by their published URLs."""
    here = "/" + paths.page_url(page)
    pages = {paths.site_url(rel): rel for rel in outputs if rel.endswith(".md")}
    found = []
    for href, fragment in HREF.findall(text):
        url = posixpath.normpath(posixpath.join(here, href)).rstrip("/") + "/"
        found.append((pages.get(url, url), fragment))
    return found


def test_long_lists_of_mentions_are_split_by_year_and_lead_to_every_place(
        synthetic: tuple[m.Edition, dict[str, str]]) -> None:
    edition, outputs = synthetic
    principal = edition.entries["person-00000"]  # named in nearly every synthetic letter
    places = {(lt.id, site.anchor, site.in_note) for lt in edition.letters for site in lt.mentions
              if site.entry_id == principal.id}
    assert len({letter_id for letter_id, _, _ in places}) > LIMIT
    base = paths.entry_page("person", principal.id)
    text = outputs[base]
    assert f"# {principal.name}" in text and "## Mentioned in" in text
    assert "<li>" not in text  # no mention on the entry's own page: a list of years
    subs = [page for page in links(base, text) if page.startswith(base[:-3] + "/")]
    assert paths.sub_page(base, "1917") in subs
    seen: set[tuple[str, str, bool]] = set()
    todo = list(subs)
    while todo:
        sub = todo.pop()
        sub_text = outputs[sub]
        todo += [page for page in links(sub, sub_text) if page.startswith(sub[:-3] + "/")]
        assert f"part of [{principal.name}]" in sub_text
        letters = [target for target, fragment in html_links(sub, sub_text, outputs) if not fragment]
        assert len(letters) <= LIMIT, sub
        for target, fragment in html_links(sub, sub_text, outputs):
            assert target in outputs, (sub, target)  # every link leads to a page of the site
            if fragment:
                anchor = fragment[1:].removeprefix("fn:")
                seen.add((target[len("letters/"):-3], f"{target[len('letters/'):-3]}-{anchor}",
                          fragment.startswith("#fn:")))
    assert seen == places  # each place where a letter names the entry, once


def test_the_synthetic_data_is_marked_and_kept_out_of_tei(tmp_path: Path) -> None:
    tei = generate(tmp_path, 3)
    text = (tei / "letters" / f"{letter_id(0)}.xml").read_text(encoding="utf-8")
    assert "SYNTHETIC TEST DATA" in text
    with pytest.raises(SystemExit):
        generate(Path(__file__).resolve().parent.parent, 1)


@pytest.mark.parametrize("limit", [LIMIT, 500])
def test_each_calendar_number_leads_to_its_month(limit: int, tmp_path: Path) -> None:
    """Split by year and month (LIMIT) or on one page (500): each month's link names a page and a
    heading on it that holds exactly that month's letters."""
    tei = generate(tmp_path, 50)
    problems = Problems()
    edition = site.collect(tei, problems)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(corpus, "PAGE_LIMIT", limit)
        outputs = {rel: text for rel, text in site.render(edition).items() if isinstance(text, str)}
    calendar = outputs[paths.CALENDAR]
    cells = re.findall(r'^- \[<span class="calendar-month">(\w+)</span> <span class="calendar-count">(\d+)'
                       r"</span>\]\(([^)#]+)(?:#([^)]+))?\)$", calendar, re.M)
    assert cells and "|" not in calendar  # a list that wraps, not a table wider than its column
    per_month = {key: sum(1 for lt in edition.letters if corpus.month(lt.date) == key)
                 for key in {corpus.month(lt.date) for lt in edition.letters}}
    for name, count, href, fragment in cells:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(paths.CALENDAR), href))
        text = outputs[target]
        if fragment:  # the month's heading on the year's (or the whole) list
            section = text.split(f"{{ #{fragment} }}", 1)[1]
            section = re.split(r"^#{2,3} ", section, flags=re.M)[0]
        else:  # the month's own page
            fragment = target.split("/")[-1].removesuffix(".md")
            section = text
        assert re.fullmatch(r"\d{4}-\d{2}", fragment) and name == short_month(fragment), (name, fragment)
        listed = [line for line in section.splitlines() if line.startswith("- ")]
        assert len(listed) == int(count) == per_month[fragment], (href, fragment)


def short_month(key: str) -> str:
    """`1917-03` → `Mar`, as the calendar names it: CLDR's short name in the edition's language
    (British English writes `Sept`)."""
    return messages.messages().months()[int(key[5:]) - 1]
