"""Input storms: thousands of keystrokes into the search box or a list filter at once (a paste
without bracketed paste) cost a bounded number of searches and workers, not one per key; the box
holds at most MAX_INPUT characters; esc and q still answer at once after the storm."""

from __future__ import annotations

import random

import pytest
from textual import events

from ciftis.app.coalesce import MAX_INPUT, Latest
from tests.app_support import make_app, run_async, settle

STORM = 3000


def storm_text(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("abcdefghij klmnopqrstuvwxyz liu hua 2021") for _ in range(STORM))


class Counting:
    """Counts the searches asked of the app's search index (wrapping its `search`)."""

    def __init__(self, index):
        self.real = index.search
        self.calls = 0
        index.search = self.search

    def search(self, *args, **kwargs):
        self.calls += 1
        return self.real(*args, **kwargs)


def all_at_once(app, text: str) -> None:
    """Every key posted in one go, as a terminal delivers a paste: none handled before the last is sent."""
    for char in text:
        app.post_message(events.Key("space" if char == " " else char, char))


async def open_search(pilot, app):
    await settle(pilot, app)
    await pilot.press("slash")
    await pilot.pause()
    return app.screen.query_one("#search-input")


@pytest.mark.parametrize("seed", [1, 2])
@run_async
async def test_a_storm_into_the_search_box_is_coalesced_and_esc_answers(seed):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        box = await open_search(pilot, app)
        counting = Counting(app.search_index)
        text = storm_text(seed)
        all_at_once(app, text)
        await settle(pilot, app)
        assert box.value == text[:MAX_INPUT]
        assert counting.calls <= 20  # one per key was 3,000
        assert len([worker for worker in app.workers if worker.group == "search"]) <= 1
        screen = app.screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


@run_async
async def test_pilot_pressing_many_keys_keeps_one_worker_and_q_quits():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        box = await open_search(pilot, app)
        seen = []
        real = app.search_index.search

        def search(*args, **kwargs):
            seen.append(len([worker for worker in app.workers if worker.group == "search" and not worker.is_finished]))
            return real(*args, **kwargs)

        app.search_index.search = search
        await pilot.press(*("liu hua " * 25))
        await settle(pilot, app)
        assert box.value == ("liu hua " * 25)[:MAX_INPUT]
        assert max(seen) == 1  # never two searches at once
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None) and not app.is_running


@pytest.mark.parametrize("pane_key, kind", [("3", "people"), ("4", "topics")])
@run_async
async def test_a_storm_into_a_list_filter_is_coalesced(pane_key, kind):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press(pane_key, "f")
        await pilot.pause()
        pane = app.pane(kind)
        counting = Counting(app.search_index)
        text = storm_text(7)
        all_at_once(app, text)
        await settle(pilot, app)
        assert pane.filter.value == text[:MAX_INPUT]
        assert counting.calls <= 20
        await pilot.press("escape", "escape")  # the filter cleared, then back to the list, at once
        await pilot.pause()
        assert app.focused is pane.entities


@run_async
async def test_after_a_storm_the_results_answer_the_last_text():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        box = await open_search(pilot, app)
        all_at_once(app, "zzzz qqqq " * 30)
        await settle(pilot, app)
        box.value = ""  # (keys that run actions are not ordered with typed ones: see the responsiveness issue)
        all_at_once(app, "liu hua")
        await settle(pilot, app)
        results = app.screen.query_one("#search-results")
        assert box.value == "liu hua"
        assert results.highlighted_option.id == "person:liu-hua"


def test_latest_hands_the_newest_text_to_the_running_worker():
    latest = Latest()
    assert latest.offer("l") is True  # start a worker
    assert latest.offer("li") is False  # it is running: it takes this next
    assert latest.stale("l") and latest.text == "li"
    assert latest.finish("l") is False  # "l" is no longer newest: search again
    assert latest.finish("li") is True
    assert latest.offer("liu") is True  # none running now
