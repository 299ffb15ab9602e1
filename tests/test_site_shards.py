"""The site built by MkDocs in shards (edition/mkdocs_build.py) is the site built in one process."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from edition.publish import mkdocs_build

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


def assert_same_site(whole: dict[str, bytes], sharded: dict[str, bytes], docs: Path) -> None:
    """The sharded site is the whole one: the same files, the joined ones joined."""
    assert sharded.keys() == whole.keys()
    joined = {mkdocs_build.SITEMAP, f"{mkdocs_build.SITEMAP}.gz", mkdocs_build.SEARCH_INDEX}
    assert [rel for rel in whole if rel not in joined and whole[rel] != sharded[rel]] == []
    sitemap = sharded[mkdocs_build.SITEMAP]
    assert locations(sitemap) == locations(whole[mkdocs_build.SITEMAP])
    assert len(locations(sitemap)) == sum(1 for _ in docs.rglob("*.md"))
    assert gzip.decompress(sharded[f"{mkdocs_build.SITEMAP}.gz"]) == sitemap
    index = sharded[mkdocs_build.SEARCH_INDEX]
    assert entries(index) == entries(whole[mkdocs_build.SEARCH_INDEX])
    assert json.loads(index)["config"] == json.loads(whole[mkdocs_build.SEARCH_INDEX])["config"]


def test_three_shards_make_the_same_site_as_one_process(work: Path) -> None:
    assert site(work, "--jobs", "1").returncode == 0
    whole = files(work / "site")
    result = site(work, "--jobs", "3")
    assert result.returncode == 0, result.stderr
    assert_same_site(whole, files(work / "site"), work / "docs")
    assert not list(work.glob(".mkdocs.shard-*")) and not list(work.glob("site.shard-*"))
    assert broken_links(work / "site") == []  # links across shards included


def test_shards_built_apart_as_jobs_of_a_ci_matrix_merge_into_the_same_site(work: Path,
                                                                            tmp_path: Path) -> None:
    """What .github/workflows/site-matrix.yml does: each shard on its own copy, then --merge."""
    assert site(work, "--jobs", "1").returncode == 0
    whole = files(work / "site")
    folders = []
    for k in (1, 0):  # in any order, each in a project of its own
        job = tmp_path / f"job-{k}"
        shutil.copytree(work, job, ignore=shutil.ignore_patterns("site", ".site.*"))
        result = site(job, "--shard", f"{k}/2", "--site", str(tmp_path / f"shard-{k}"))
        assert result.returncode == 0, result.stderr
        folders.append(tmp_path / f"shard-{k}")
    result = site(work, "--merge", *map(str, folders), "--site", str(tmp_path / "merged"))
    assert result.returncode == 0, result.stderr
    assert_same_site(whole, files(tmp_path / "merged"), work / "docs")
    assert broken_links(tmp_path / "merged") == []

    result = site(work, "--merge", str(folders[1]), "--site", str(tmp_path / "half"))
    assert result.returncode == 1
    assert "give each shard of one build once (found 0/2; missing 1/2)" in result.stderr
    assert not (tmp_path / "half").exists()
    result = site(work, "--merge", str(work / "docs"), "--site", str(tmp_path / "half"))
    assert f"{work / 'docs'} is not a shard (it has no .edition-shard)" in result.stderr


def test_the_example_ci_matrix_runs_every_shard_then_merges_them() -> None:
    """.github/workflows/site-matrix.yml: one job per shard with the documented commands."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site-matrix.yml").read_text(
        encoding="utf-8"))
    count = int(workflow["env"]["SHARDS"])
    shard, merge = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    assert shard["strategy"]["matrix"]["shard"] == list(range(count))
    runs = [step.get("run", "") for step in shard["steps"]]
    assert ("build.py site --shard ${{ matrix.shard }}/${{ env.SHARDS }}"
            " --site shard-${{ matrix.shard }}") in " ".join(runs)
    assert any(step.get("with", {}).get("include-hidden-files") for step in shard["steps"])
    assert merge["needs"] == "shard"
    assert "build.py site --merge shards/shard-* --site site" in " ".join(
        step.get("run", "") for step in merge["steps"])


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


def test_without_the_edition_plugin_the_site_is_built_in_one_process(tmp_path: Path) -> None:
    """Only the edition's plugin makes a shard render its share: without it, each would render all."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\n", encoding="utf-8")
    assert mkdocs_build.shards(config, 4) == 1


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
    config.write_text("site_name: x\nplugins:\n  - edition\n", encoding="utf-8")
    result = mkdocs_build.build(config, tmp_path / "site", jobs=2)
    assert result.returncode == 0, result.stdout[-300:]
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["page-0.html", "page-1.html"]
    assert result.stdout.count("outside the nav") == 10_000
