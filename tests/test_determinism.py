"""The same TEI gives byte-identical docs/ whatever the hash seed of the process that builds it.

Two processes with different PYTHONHASHSEED iterate sets and dicts of strings in different
orders: any output that depends on such an order (a list of mentions, a register, a JSON file)
differs between them, where one process rendering twice would not see it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.build import site

from .conftest import ROOT
from .test_field_corpus import CORPUS

SEEDS = ("0", "4242")


def build(tei: Path, work: Path, seed: str, *options: str) -> dict[str, bytes]:
    """docs/ as `build.py` writes it from `tei` in a process with this hash seed (beside the
    hand-written pages of ours, which the URL contract expects)."""
    docs = work / f"docs-{seed}"
    for rel in site.hand_written_pages(ROOT / "docs") if tei == ROOT / "tei" else []:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "docs" / rel, docs / rel)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--tei", str(tei), "--docs",
                             str(docs), *options], cwd=work, capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def assert_same(builds: list[dict[str, bytes]]) -> None:
    first, *others = builds
    for other in others:
        assert first.keys() == other.keys()
        assert [rel for rel in first if first[rel] != other[rel]] == []


def test_our_edition_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    assert_same([build(ROOT / "tei", tmp_path, seed) for seed in SEEDS])


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no field corpus at {CORPUS}")
def test_a_real_edition_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    """The PEC letters: 22 letters and five register files, merged and indexed."""
    (tmp_path / "mkdocs.yml").write_text("site_name: PEC\n", encoding="utf-8")
    builds = [build(CORPUS / "pec-estournelles", tmp_path, seed, "--lenient") for seed in SEEDS]
    assert len(builds[0]) > 100
    assert_same(builds)
