"""Search: builtin by default; with `extra: search: pagefind`, a Pagefind index with filters."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.synth import generate, letter_id
from edition import search

from .conftest import ROOT

RARE = letter_id(25)  # the one synthetic letter of 50 that names Yenukidze


def test_builtin_is_the_default(built_site: Path) -> None:
    assert search.backend(ROOT / "mkdocs.yml") == "builtin"
    assert search.build_config(ROOT / "mkdocs.yml") == ROOT / "mkdocs.yml"
    assert (built_site / "search" / "search_index.json").is_file()
    assert not (built_site / "pagefind").exists()


def decompressed(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic edition of 50 letters, built by build.py and build.py site with Pagefind."""
    work = tmp_path_factory.mktemp("pagefind")
    generate(work, 50)
    (work / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "about.md", work / "docs")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  search: builtin\n" in config
    (work / "mkdocs.yml").write_text(config.replace("\n  search: builtin\n", "\n  search: pagefind\n"),
                                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in ((), ("site",)):
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=work, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    return work / "site"


def fragments(site: Path) -> list[dict[str, Any]]:
    """Pagefind's page records (each gzipped, after a signature)."""
    out = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = decompressed(path)
        assert data.startswith(b"pagefind_dcd")
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


def test_pagefind_replaces_the_builtin_search(pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (pagefind_site / "search" / "search_index.json").exists()
    page = (pagefind_site / "index.html").read_text(encoding="utf-8")
    assert 'id="edition-search"' in page and "pagefind/pagefind-ui.js" in page
    assert 'for="__search"' not in page  # Material's own search button is gone


def test_pagefind_finds_a_rare_name_with_its_filters(pagefind_site: Path) -> None:
    hits = [f for f in fragments(pagefind_site) if "Yenukidze" in f["content"]]
    letter = next(f for f in hits if f["url"] == f"/letters/{RARE}/")
    assert letter["filters"]["year"] == ["1929"]
    assert "Avel Yenukidze" in letter["filters"]["person"]
    assert len(letter["filters"]["correspondent"]) == 2
    words = [p for p in (pagefind_site / "pagefind" / "index").glob("*.pf_index")
             if b"yenukidze" in decompressed(p)]
    assert len(words) == 1  # the word is in the index, in one chunk of it
