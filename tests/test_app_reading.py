"""A large dataset opens as its editions' headings (`cache.open_dataset`), and the app reads the rest
in a worker: meanwhile the Editions list answers keys, the details and every other pane say the rest
is being read, and what needs the rest (saving, opening a source) says so instead of answering from
half a dataset; once it is there, each pane is built and the details follow the cursor.

The reading is held back by a gate in these tests, so every step is seen before the rest arrives.
"""

from __future__ import annotations

import gc
import threading
import time
from contextlib import asynccontextmanager

from textual.widgets import Static

from ciftis.app.widgets.detail_view import READING
from ciftis.core import cache
from tests.app_support import make_app, run_async, settle
from tests.test_app_save import recorded_notifications

BUNDLED_YEARS = [str(year) for year in (2012, 2013, 2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)]


def opened_in_two_steps():
    """The bundled dataset as a large one opens: its preview, and a `rest` that waits for the gate."""
    cache.load_dataset(None)  # writes the cache
    preview, problems, rest = cache.open_dataset(None, staged_above=0)
    assert problems == [] and rest is not None and not preview.complete
    gate = threading.Event()

    def gated_rest(stopped):
        assert gate.wait(30)
        return rest(stopped)

    return preview, gated_rest, gate


def shown_text(view) -> list[str]:
    return [str(view.row_renderable(n)) for n in range(len(view.rows))]


async def until(pilot, condition) -> None:
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


@asynccontextmanager
async def reading_app():
    """The app on the bundled dataset opened in two steps, its first frame drawn and the rest held
    at the gate: yields (pilot, app, gate). Every pane is built before it closes."""
    preview, rest, gate = opened_in_two_steps()
    app = make_app(preview, rest=rest)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        yield pilot, app, gate
        gate.set()
        await app.panes_ready()


@run_async
async def test_the_editions_list_answers_while_the_rest_is_read_then_the_details_follow():
    async with reading_app() as (pilot, app, gate):
        pane = app.pane("editions")
        assert pane.entities.row_ids() == BUNDLED_YEARS
        assert shown_text(pane.detail) == [READING]
        await pilot.press("j", "j")
        await pilot.pause()
        assert pane.entities.current_id == "2014"
        assert shown_text(pane.detail) == [READING]
        assert pane.query_one(".count").render().plain == "12 editions"
        gate.set()
        await until(pilot, lambda: pane.detail.entity is not None)
        assert app.dataset.complete
        assert pane.detail.ref == "edition:2014"  # the edition under the cursor, not the first
        assert any(edition.figures for edition in app.dataset.editions.values())
        assert app.pane("editions").entities.current_id == "2014"


@run_async
async def test_a_pane_chosen_while_the_rest_is_read_says_so_then_opens_focused():
    async with reading_app() as (pilot, app, gate):
        await pilot.press("3")
        await pilot.pause()
        assert app.tabs.active == "people"
        [placeholder] = app.query("TabPane#people Static.pane-reading").results(Static)
        assert str(placeholder.render()) == READING
        assert app.focused is None  # keys do not go to the Editions list behind it
        await pilot.press("j")
        assert app.pane("editions").entities.current_id == "2012"
        gate.set()
        await until(pilot, lambda: bool(app.query("#people-pane")))
        await settle(pilot, app)
        assert not list(app.query("TabPane#people .pane-reading"))
        assert app.tabs.active == "people"
        assert app.focused is app.pane("people").entities
        assert app.pane("people").entities.current_id is not None


@run_async
async def test_a_pane_left_before_the_rest_arrives_does_not_take_the_focus_back():
    async with reading_app() as (pilot, app, gate):
        await pilot.press("5", "1")
        await pilot.pause()
        assert app.tabs.active == "editions"
        assert app.focused is app.pane("editions").entities
        gate.set()
        await until(pilot, lambda: bool(app.query("#compare-pane")))
        await settle(pilot, app)
        assert app.tabs.active == "editions"
        assert app.focused is app.pane("editions").entities


@run_async
async def test_what_needs_the_rest_says_it_is_being_read():
    async with reading_app() as (pilot, app, gate):
        messages = recorded_notifications(app)
        await pilot.press("ctrl+s", "o")
        await pilot.pause()
        assert messages == [f"{READING} This takes a moment at its size."] * 2
        assert len(app.screen_stack) == 1  # no save prompt
        gate.set()
        await until(pilot, lambda: app.pane("editions").detail.entity is not None)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SaveScreen"


@run_async
async def test_search_typed_while_the_rest_is_read_finds_once_it_is_there():
    async with reading_app() as (pilot, app, gate):
        await pilot.press("slash", *"madrid")
        await pilot.pause()
        results = app.screen.query_one("#search-results")
        assert [str(option.prompt) for option in results.options] == [READING]
        gate.set()
        await until(pilot, lambda: bool(getattr(app.screen, "hits_by_option", None)))
        assert any(ref.startswith("event:") for ref in app.screen.hits_by_option)


@run_async
async def test_a_rest_that_cannot_be_used_ends_the_app_with_its_problems():
    from ciftis.core.problems import Problem

    preview, _rest, _gate = opened_in_two_steps()
    problem = Problem("dataset/editions/2012.yaml", 3, "a problem found when the files were checked")
    app = make_app(preview, rest=lambda stopped: (None, [problem]))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1
    assert app.rest_problems == [problem]


@run_async
async def test_closing_while_the_rest_is_read_stops_the_reading():
    """q while the rest is read: the worker is cancelled as the app closes, and the reading, asking
    whether it should stop, stops (Python would otherwise wait for the thread before exiting)."""
    preview, rest, _gate = opened_in_two_steps()
    reading, stopped_seen = threading.Event(), threading.Event()

    def slow_rest(stopped):
        reading.set()
        for _ in range(3000):  # (30 s at most)
            if stopped():
                stopped_seen.set()
                return None, []
            time.sleep(0.01)
        return rest(stopped)

    app = make_app(preview, rest=slow_rest)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, reading.is_set)
        await pilot.press("q")
    assert stopped_seen.wait(10)
    assert app.return_code == 0 and not app.dataset.complete and app.rest_problems == []


@run_async
async def test_a_large_dataset_and_its_index_are_left_out_of_the_collectors_work():
    """Once a large dataset (one opened as a preview) and its search index are read, their objects
    are frozen (`gc.freeze`): the cyclic collector never walks them again, and closing is faster.
    A dataset that opened whole at once is small, and nothing is frozen for it."""
    gc.unfreeze()
    try:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            assert app.search_index is not None and gc.get_freeze_count() == 0
        async with reading_app() as (pilot, app, gate):
            gate.set()
            await until(pilot, lambda: app.whole.is_set())
            await settle(pilot, app)
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
