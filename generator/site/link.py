"""The link stage: from loaded content to the site graph.

Groups actions into taxonomy terms, attaches actions to their centres, and
chooses each action's neighbours and « actions similaires ». Everything here
is pure: same content in, same graph out.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

from .. import urls
from ..content import departments
from ..content.config import SiteConfig, Taxonomy
from ..content.load import Content, centre_key
from ..content.model import Action, Centre, Department, Page
from ..french import sort_key

# How many of a term's newest actions are considered when looking for similar
# actions: bounds the work per action so linking stays linear in the corpus.
SIMILAR_CANDIDATES_PER_TERM = 40
SIMILARITY_WEIGHTS = {"keywords": 2, "partners": 1}


@dataclass(frozen=True, eq=False)
class Term:
    """One value of a taxonomy (a keyword, a partner, a department) and its actions."""

    taxonomy: Taxonomy
    name: str
    slug: str
    url: str
    actions: tuple[Action, ...]  # newest first
    department: Department | None = None  # for the departments taxonomy
    centres: tuple[Centre, ...] = ()  # centres of a department


@dataclass(frozen=True, eq=False)
class Site:
    """The whole site graph that rendering reads from."""

    config: SiteConfig
    actions: tuple[Action, ...]  # newest first
    centres: tuple[Centre, ...]  # by name
    pages: tuple[Page, ...]
    terms: dict[str, tuple[Term, ...]]  # taxonomy name -> terms by name
    term_of: dict[tuple[str, str], Term]  # (taxonomy name, value as written) -> term
    centre_of: dict[str, Centre]  # action slug -> centre, when the centre has a file
    actions_of_centre: dict[str, tuple[Action, ...]]  # centre slug -> actions, newest first
    similar: Mapping[str, tuple[Action, ...]]  # action slug -> similar actions (SimilarActions)
    neighbours: dict[str, tuple[Action | None, Action | None]]  # slug -> (newer, older)

    def terms_of(self, action: Action, taxonomy: Taxonomy) -> tuple[Term, ...]:
        """The terms of one taxonomy an action belongs to, in the order written."""
        found = (self.term_of.get((taxonomy.name, value)) for value in field_values(action, taxonomy))
        return tuple(dict.fromkeys(t for t in found if t is not None))

    def department_of(self, item: Action | Centre) -> Term | None:
        return self.term_of.get(("departments", item.department))


def link(content: Content) -> Site:
    """Build the site graph from validated content."""
    actions = content.actions
    centres = tuple(sorted(content.centres, key=lambda c: sort_key(c.name)))
    centre_by_key = {centre_key(c.name): c for c in centres}
    centre_of = {a.slug: centre_by_key[centre_key(a.centre)] for a in actions if centre_key(a.centre) in centre_by_key}
    actions_of_centre: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        if action.slug in centre_of:
            actions_of_centre[centre_of[action.slug].slug].append(action)

    terms: dict[str, tuple[Term, ...]] = {}
    term_of: dict[tuple[str, str], Term] = {}
    for taxonomy in content.config.taxonomies:
        built, slug_of = _build_terms(taxonomy, actions, centres)
        terms[taxonomy.name] = built
        term_by_slug = {term.slug: term for term in built}
        term_of.update({(taxonomy.name, value): term_by_slug[slug] for value, slug in slug_of.items()})

    return Site(
        config=content.config,
        actions=actions,
        centres=centres,
        pages=content.pages,
        terms=terms,
        term_of=term_of,
        centre_of=centre_of,
        actions_of_centre={slug: tuple(found) for slug, found in actions_of_centre.items()},
        similar=SimilarActions(actions, content.config.similar_count),
        neighbours=_neighbours(actions),
    )


# The action fields that pages other than the action's own show or are built from: its card
# (title, summary, centre, department, date, status, keywords), its place in blog order and in
# centres, the similarity fields, publication, the search page's filters (their values and
# counts). Any other field is shown on its own page only.
_LISTED_ACTION_FIELDS = (frozenset({"slug", "draft", "title", "summary", "centre", "department", "date",
                                    "status", "keywords"}) | frozenset(SIMILARITY_WEIGHTS)
                         | frozenset(urls.SEARCH_FILTERS))


def listed_fields(config: SiteConfig) -> frozenset[str]:
    """The action fields that appear on, or decide the content of, pages other than the action's own."""
    return _LISTED_ACTION_FIELDS | {t.field for t in config.taxonomies}


def field_values(action: Action, taxonomy: Taxonomy) -> tuple[str, ...]:
    """The values of the taxonomy's field on an action, as a tuple of non-empty strings."""
    value = getattr(action, taxonomy.field)
    values = value if isinstance(value, tuple) else (value,)
    return tuple(v for v in values if isinstance(v, str) and v.strip())


def _term_slug(taxonomy: Taxonomy, value: str) -> str:
    if taxonomy.field == "department":
        department = departments.find(value)
        return department.slug if department else urls.slugify(value)
    return urls.slugify(value) or "sans-nom"


def _build_terms(taxonomy: Taxonomy, actions: Iterable[Action],
                 centres: tuple[Centre, ...]) -> tuple[tuple[Term, ...], dict[str, str]]:
    """Group actions by the slug of each value; the most used spelling names the term.

    Also returns the slug of every value as written, by which an action finds its terms.
    """
    by_slug: dict[str, list[Action]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    slug_of: dict[str, str] = {}
    for action in actions:
        seen: set[str] = set()
        for value in field_values(action, taxonomy):
            slug = slug_of.setdefault(value, _term_slug(taxonomy, value))
            spellings[slug][value.strip()] += 1
            if slug not in seen:
                seen.add(slug)
                by_slug[slug].append(action)

    centres_by_department: dict[str, list[Centre]] = defaultdict(list)
    if taxonomy.field == "department":
        for centre in centres:
            slug = slug_of.setdefault(centre.department, _term_slug(taxonomy, centre.department))
            centres_by_department[slug].append(centre)
            spellings[slug].setdefault(centre.department.strip(), 0)  # names a department with no action
            by_slug.setdefault(slug, [])

    built = []
    for slug, term_actions in by_slug.items():
        department = None
        name = min(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0]
        if taxonomy.field == "department":
            department = departments.find(name)
            name = department.name if department else name
        built.append(Term(
            taxonomy=taxonomy,
            name=name,
            slug=slug,
            url=urls.term_url(taxonomy.prefix, slug),
            actions=tuple(term_actions),
            department=department,
            centres=tuple(centres_by_department.get(slug, ())),
        ))
    order = _department_order if taxonomy.field == "department" else (lambda t: (sort_key(t.name), t.slug))
    return tuple(sorted(built, key=order)), slug_of


def _department_order(term: Term) -> tuple[str, str]:
    """Departments in INSEE code order (01, 02, …, 2A, 2B, 21, …, 976)."""
    if term.department is None:
        return ("zzz", term.slug)
    code = term.department.code.replace("2A", "20A").replace("2B", "20B")
    return (code.zfill(3), term.slug)


class SimilarActions(Mapping[str, tuple[Action, ...]]):
    """For each action (by slug), the actions sharing most keywords (weight 2) and partners (weight 1).

    Ties go to the newer action. Each action's are found when first asked for: a build that
    renders one action's page looks for that action's alone, and a full build looks for them
    in its render workers, over every core. Actions are handled by position, sets compared in C.
    """

    def __init__(self, actions: tuple[Action, ...], count: int):
        self._actions, self._count = actions, count
        self._position = {action.slug: position for position, action in enumerate(actions)}
        slugs: dict[str, str] = {}  # a few dozen distinct values across the whole corpus
        columns = [[frozenset(slugs.get(v) or slugs.setdefault(v, urls.slugify(v)) for v in getattr(a, field))
                    for a in actions] for field in SIMILARITY_WEIGHTS]
        # (field, value) -> positions of the actions that have it, newest first
        postings: dict[tuple[int, str], list[int]] = defaultdict(list)
        for number, column in enumerate(columns):
            for position, found in enumerate(column):
                for value in found:
                    postings[(number, value)].append(position)
        self._columns, self._postings = columns, postings
        self._weighted = list(zip(SIMILARITY_WEIGHTS.values(), columns))
        self._found: dict[str, tuple[Action, ...]] = {}

    def __getitem__(self, slug: str) -> tuple[Action, ...]:
        found = self._found.get(slug)
        if found is None:
            found = self._found[slug] = self._similar_to(self._position[slug])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def _similar_to(self, position: int) -> tuple[Action, ...]:
        candidates: set[int] = set()
        for number, column in enumerate(self._columns):
            for value in column[position]:
                candidates.update(self._postings[(number, value)][:SIMILAR_CANDIDATES_PER_TERM + 1])
        candidates.discard(position)
        scored = []
        for other in candidates:
            score = 0
            for weight, column in self._weighted:
                score += weight * len(column[position] & column[other])
            scored.append((-score, other))
        return tuple(self._actions[other] for _, other in heapq.nsmallest(self._count, scored))


def _neighbours(actions: tuple[Action, ...]) -> dict[str, tuple[Action | None, Action | None]]:
    """Newer and older action in blog order, for « précédente / suivante » links."""
    return {
        action.slug: (actions[i - 1] if i > 0 else None, actions[i + 1] if i + 1 < len(actions) else None)
        for i, action in enumerate(actions)
    }
