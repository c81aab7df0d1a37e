"""The link stage: from loaded content to the site graph.

Groups actions into taxonomy terms, attaches actions to their centres, and
chooses each action's neighbours and « actions similaires ». Everything here
is pure: same content in, same graph out.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Hashable, Iterable, Iterator, Mapping

from .. import urls
from ..content import departments
from ..content.config import DEPARTMENT_FIELD, SiteConfig, Taxonomy
from ..content.load import Content
from ..content.model import Action, Centre, Department, centre_key
from ..french import sort_key
from .listing import ActionListing, CentreListing, PageListing, Projection, action_listing, centre_listing, page_listing

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
    actions: tuple[ActionListing, ...]  # newest first
    department: Department | None = None  # for the departments taxonomy
    centres: tuple[CentreListing, ...] = ()  # centres of a department


@dataclass(frozen=True, eq=False)
class Site:
    """The site graph that every page but an item's own is built from: listings, never full items."""

    config: SiteConfig
    actions: tuple[ActionListing, ...]  # newest first
    centres: tuple[CentreListing, ...]  # by name
    pages: tuple[PageListing, ...]
    terms: dict[str, tuple[Term, ...]]  # taxonomy field -> terms by name
    term_of: dict[tuple[str, str], Term]  # (taxonomy field, value as written) -> term
    centre_of: dict[str, CentreListing]  # action slug -> centre, when the centre has a file
    actions_of_centre: dict[str, tuple[ActionListing, ...]]  # centre slug -> actions, newest first
    similar: Mapping[str, tuple[ActionListing, ...]]  # action slug -> similar actions (SimilarActions)
    neighbours: dict[str, tuple[ActionListing | None, ActionListing | None]]  # slug -> (newer, older)
    records: dict[str, tuple[Hashable, ...]]  # projection name -> one record per action, newest first

    def terms_of(self, action: ActionListing, taxonomy: Taxonomy) -> tuple[Term, ...]:
        """The terms of one taxonomy an action belongs to, in the order written."""
        found = (self.term_of.get((taxonomy.field, value)) for value in action.values(taxonomy.field))
        return tuple(dict.fromkeys(t for t in found if t is not None))

    def department_of(self, item: ActionListing | CentreListing | Action | Centre) -> Term | None:
        return self.term_of.get((DEPARTMENT_FIELD, item.department))

    @property
    def departments(self) -> tuple[Term, ...]:
        """Every department with an action or a centre, in INSEE code order."""
        return self.terms[DEPARTMENT_FIELD]


def link(content: Content, projections: tuple[Projection, ...] = ()) -> Site:
    """Build the site graph from validated content: the listing of each item, grouped and ordered."""
    config = content.config
    actions = tuple(action_listing(action, config) for action in content.actions)
    centres = tuple(sorted((centre_listing(c) for c in content.centres), key=lambda c: sort_key(c.name)))
    centre_by_key = {centre_key(c.name): c for c in centres}
    centre_of = {a.slug: centre_by_key[centre_key(a.centre)] for a in actions if centre_key(a.centre) in centre_by_key}
    actions_of_centre: dict[str, list[ActionListing]] = defaultdict(list)
    for action in actions:
        if action.slug in centre_of:
            actions_of_centre[centre_of[action.slug].slug].append(action)

    terms: dict[str, tuple[Term, ...]] = {}
    term_of: dict[tuple[str, str], Term] = {}
    for taxonomy in config.taxonomies:
        built, slug_of = _build_terms(taxonomy, actions, centres)
        terms[taxonomy.field] = built
        term_by_slug = {term.slug: term for term in built}
        term_of.update({(taxonomy.field, value): term_by_slug[slug] for value, slug in slug_of.items()})

    return Site(
        config=config,
        actions=actions,
        centres=centres,
        pages=tuple(page_listing(page) for page in content.pages),
        terms=terms,
        term_of=term_of,
        centre_of=centre_of,
        actions_of_centre={slug: tuple(found) for slug, found in actions_of_centre.items()},
        similar=SimilarActions(actions, config.similar_count),
        neighbours=_neighbours(actions),
        records={p.name: tuple(p.record(item) for item in (content.actions if p.of is Action else content.centres))
                 for p in projections},
    )


def _term_slug(taxonomy: Taxonomy, value: str) -> str:
    if taxonomy.field == DEPARTMENT_FIELD:
        department = departments.find(value)
        return department.slug if department else urls.slugify(value)
    return urls.slugify(value) or "sans-nom"


def _build_terms(taxonomy: Taxonomy, actions: Iterable[ActionListing],
                 centres: tuple[CentreListing, ...]) -> tuple[tuple[Term, ...], dict[str, str]]:
    """Group actions by the slug of each value; the most used spelling names the term.

    Also returns the slug of every value as written, by which an action finds its terms.
    """
    by_slug: dict[str, list[ActionListing]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    slug_of: dict[str, str] = {}
    for action in actions:
        seen: set[str] = set()
        for value in action.values(taxonomy.field):
            slug = slug_of.setdefault(value, _term_slug(taxonomy, value))
            spellings[slug][value.strip()] += 1
            if slug not in seen:
                seen.add(slug)
                by_slug[slug].append(action)

    centres_by_department: dict[str, list[CentreListing]] = defaultdict(list)
    if taxonomy.field == DEPARTMENT_FIELD:
        for centre in centres:
            slug = slug_of.setdefault(centre.department, _term_slug(taxonomy, centre.department))
            centres_by_department[slug].append(centre)
            spellings[slug].setdefault(centre.department.strip(), 0)  # names a department with no action
            by_slug.setdefault(slug, [])

    built = []
    for slug, term_actions in by_slug.items():
        department = None
        name = min(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0]
        if taxonomy.field == DEPARTMENT_FIELD:
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
    order = _department_order if taxonomy.field == DEPARTMENT_FIELD else (lambda t: (sort_key(t.name), t.slug))
    return tuple(sorted(built, key=order)), slug_of


def _department_order(term: Term) -> tuple[str, str]:
    """Departments in INSEE code order (01, 02, …, 2A, 2B, 21, …, 976)."""
    if term.department is None:
        return ("zzz", term.slug)
    code = term.department.code.replace("2A", "20A").replace("2B", "20B")
    return (code.zfill(3), term.slug)


class SimilarActions(Mapping[str, tuple[ActionListing, ...]]):
    """For each action (by slug), the actions sharing most keywords (weight 2) and partners (weight 1).

    Ties go to the newer action. Each action's are found when first asked for: a build that
    renders one action's page looks for that action's alone, and a full build looks for them
    in its render workers, over every core. Actions are handled by position, their values as bits.
    """

    def __init__(self, actions: tuple[ActionListing, ...], count: int):
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
        # Each action's values as the bits of one integer, as many bits a value as its field's weight:
        # the score of two actions is then the count of the bits they share.
        masks, bits, width = [0] * len(actions), {}, 0
        for number, (weight, column) in enumerate(zip(SIMILARITY_WEIGHTS.values(), columns)):
            for position, found in enumerate(column):
                for value in found:
                    bit = bits.get((number, value))
                    if bit is None:
                        bit = bits[(number, value)] = ((1 << weight) - 1) << width
                        width += weight
                    masks[position] |= bit
        self._columns, self._postings, self._masks = columns, postings, masks
        self._found: dict[str, tuple[Action, ...]] = {}

    def __getitem__(self, slug: str) -> tuple[ActionListing, ...]:
        found = self._found.get(slug)
        if found is None:
            found = self._found[slug] = self._similar_to(self._position[slug])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def _similar_to(self, position: int) -> tuple[ActionListing, ...]:
        candidates: set[int] = set()
        for number, column in enumerate(self._columns):
            for value in column[position]:
                candidates.update(self._postings[(number, value)][:SIMILAR_CANDIDATES_PER_TERM + 1])
        candidates.discard(position)
        masks, mine = self._masks, self._masks[position]
        scored = [(-(mine & masks[other]).bit_count(), other) for other in candidates]
        return tuple(self._actions[other] for _, other in heapq.nsmallest(self._count, scored))


def _neighbours(actions: tuple[ActionListing, ...]) -> dict[str, tuple[ActionListing | None, ActionListing | None]]:
    """Newer and older action in blog order, for « précédente / suivante » links."""
    return {
        action.slug: (actions[i - 1] if i > 0 else None, actions[i + 1] if i + 1 < len(actions) else None)
        for i, action in enumerate(actions)
    }
