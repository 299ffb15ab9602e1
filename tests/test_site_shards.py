"""The site built by MkDocs in shards (edition/mkdocs_build.py) is the site built in one process."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from edition import mkdocs_build

from .conftest import ROOT, synthetic_project
from .test_links import broken_links


def site(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "site", *args], cwd=work,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def locations(sitemap: bytes) -> list[str]:
    return sorted(re.findall(r"<loc>(.*?)</loc>", sitemap.decode("utf-8")))


def entries(index: bytes) -> list[str]:
    return sorted(json.dumps(doc, sort_keys=True) for doc in json.loads(index)["docs"])


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_project(tmp_path_factory.mktemp("shards"), 30)


def test_three_shards_make_the_same_site_as_one_process(work: Path) -> None:
    assert site(work, "--jobs", "1").returncode == 0
    whole = files(work / "site")
    result = site(work, "--jobs", "3")
    assert result.returncode == 0, result.stderr
    sharded = files(work / "site")
    assert sharded.keys() == whole.keys()
    joined = {mkdocs_build.SITEMAP, f"{mkdocs_build.SITEMAP}.gz", mkdocs_build.SEARCH_INDEX}
    assert [rel for rel in whole if rel not in joined and whole[rel] != sharded[rel]] == []
    sitemap = sharded[mkdocs_build.SITEMAP]
    assert locations(sitemap) == locations(whole[mkdocs_build.SITEMAP])
    assert len(locations(sitemap)) == sum(1 for _ in (work / "docs").rglob("*.md"))
    assert gzip.decompress(sharded[f"{mkdocs_build.SITEMAP}.gz"]) == sitemap
    index = sharded[mkdocs_build.SEARCH_INDEX]
    assert entries(index) == entries(whole[mkdocs_build.SEARCH_INDEX])
    assert json.loads(index)["config"] == json.loads(whole[mkdocs_build.SEARCH_INDEX])["config"]
    assert not list(work.glob(".mkdocs.shard-*")) and not list(work.glob("site.shard-*"))
    assert broken_links(work / "site") == []  # links across shards included


def test_a_warning_in_any_shard_fails_the_build_and_keeps_the_site(work: Path) -> None:
    assert site(work, "--jobs", "2").returncode == 0
    before = files(work / "site")
    page = work / "docs" / "notes.md"  # hand-written, outside the navigation: one shard renders it
    page.write_text("# Notes\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    try:
        result = site(work, "--jobs", "2")
    finally:
        page.unlink()
    assert result.returncode == 1
    assert "missing.md" in result.stderr and "mkdocs build failed" in result.stderr
    assert files(work / "site") == before
    assert not list(work.glob("site.shard-*"))


def test_shards_that_disagree_are_an_error(tmp_path: Path) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    for folder, text in ((one, "a"), (other, "b")):
        (folder / "assets").mkdir(parents=True)
        (folder / "assets" / "x.css").write_text(text, encoding="utf-8")
    with pytest.raises(mkdocs_build.MergeError, match=r"two shards .* wrote different assets/x\.css"):
        mkdocs_build.merge(one, other)


def test_a_small_site_is_built_in_one_process(work: Path) -> None:
    assert mkdocs_build.shards(work / "mkdocs.yml", None) == 1
    assert mkdocs_build.shards(work / "mkdocs.yml", 4) == 4


SHARD = """
import os, pathlib, sys, time
k, n = map(int, os.environ["EDITION_SHARD"].split("/"))
site = pathlib.Path(sys.argv[1])
site.mkdir(parents=True)
sys.stdout.write("MkDocs lists every page outside the nav\\n" * 5000)  # far more than a pipe holds
sys.stdout.flush()
(site.parent / f"ready-{k}").touch()
deadline = time.monotonic() + 60
while not all((site.parent / f"ready-{i}").exists() for i in range(n)):
    if time.monotonic() > deadline:
        sys.exit(3)
    time.sleep(0.05)
(site / f"page-{k}.html").write_text(str(k))
"""


def test_the_shards_run_at_once_however_much_they_print(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each shard waits until all have printed: they finish only if none is kept waiting."""
    monkeypatch.setattr(mkdocs_build, "command",
                        lambda _config, folder: [sys.executable, "-c", SHARD, str(folder)])
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    result = mkdocs_build.build(config, tmp_path / "site", jobs=2)
    assert result.returncode == 0, result.stdout[-300:]
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["page-0.html", "page-1.html"]
    assert result.stdout.count("outside the nav") == 10_000
