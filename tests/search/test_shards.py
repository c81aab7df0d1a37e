"""The partition of the indexed pages into shards: a pure function, so that incremental and cold
builds make the same shards, whose members an edit barely moves."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from generator.search import Shard, plan_shards, stale_shards


def corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` action pages with dates spread over ten years, several a day, and a few undated pages."""
    rng = random.Random(seed)
    start = dt.date(2016, 1, 1)
    pages = [(f"actions/action-{i}/index.html", (start + dt.timedelta(days=rng.randrange(3650))).isoformat())
             for i in range(n)]
    return pages + [(f"page-{i}/index.html", "0000-00-00") for i in range(3)]


def order(pages):
    return [path for path, _ in sorted(pages, key=lambda page: (-_ordinal(page[1]), page[0]))]


def _ordinal(date: str) -> int:
    return int(date.replace("-", ""))


def test_every_page_is_in_one_shard_newest_first():
    pages = corpus(5000)
    shards = plan_shards(pages, size=400)
    assert [path for shard in shards for path in shard.paths] == order(pages)
    assert len({shard.name for shard in shards}) == len(shards)


@pytest.mark.parametrize("size", [2, 3, 10, 400, 4000])
def test_shards_hold_between_half_the_size_and_the_size(size):
    shards = plan_shards(corpus(5000), size=size)
    assert all(len(shard.paths) <= size for shard in shards)
    assert all(len(shard.paths) >= size // 2 for shard in shards[:-1])
    if size >= 60:  # below, a shard ends at nearly every page past its first half
        average = sum(len(shard.paths) for shard in shards) / len(shards)
        assert 0.55 * size <= average <= 0.85 * size, average


def test_a_small_site_is_one_shard():
    [shard] = plan_shards(corpus(40))
    assert len(shard.paths) == 43


def test_the_plan_depends_on_the_pages_not_their_order():
    pages = corpus(2000)
    shuffled = pages[:]
    random.Random(1).shuffle(shuffled)
    assert plan_shards(shuffled, size=300) == plan_shards(pages, size=300)


def test_adding_or_removing_a_page_changes_few_shards():
    pages = corpus(5000)
    before = {shard.name for shard in plan_shards(pages, size=400)}
    changed = []
    for i in range(0, 5000, 250):
        added = pages + [(f"actions/new-{i}/index.html", pages[i][1])]
        removed = pages[:i] + pages[i + 1:]
        for after in (plan_shards(added, size=400), plan_shards(removed, size=400)):
            changed.append(len({shard.name for shard in after} - before))
    assert max(changed) <= 3, changed  # the page's shard, and now and then a boundary moved to its neighbour
    assert sum(changed) / len(changed) < 1.5, changed


def test_a_shard_is_named_after_its_members():
    a, b = ("actions/a/index.html", "2026-01-02"), ("actions/b/index.html", "2026-01-01")
    assert plan_shards([a, b]) == plan_shards([b, a])
    assert plan_shards([a, b])[0].name != plan_shards([a])[0].name


def test_a_shard_is_stale_when_one_of_its_pages_was_rewritten():
    shards = (Shard("one", ("a/index.html", "b/index.html")), Shard("two", ("c/index.html",)))
    assert stale_shards(shards, ["b/index.html", "feed.xml"]) == {"one"}
    assert stale_shards(shards, ["index.html"]) == set()


def test_a_shard_of_fewer_than_two_pages_is_refused():
    with pytest.raises(ValueError):
        plan_shards(corpus(10), size=1)
