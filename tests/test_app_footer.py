"""The footer (`KeyFooter`): it shows the keys of what has the focus, is rebuilt when they change,
and is left as it is when a change of bindings shows the same keys."""

from __future__ import annotations

from tests.app_support import footer_keys, make_app, run_async, settle


@run_async
async def test_the_footer_follows_the_focus_across_panes_and_back():
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        editions = footer_keys(app)
        assert "Filter" in editions and "Sort" not in editions
        await pilot.press("5")
        await settle(pilot, app)
        compare = footer_keys(app)
        assert "Sort" in compare and "Swap A/B" in compare and "Filter" not in compare
        await pilot.press("1", "5", "1")  # in one go: the footer shows where they end
        await settle(pilot, app)
        assert footer_keys(app) == editions


@run_async
async def test_a_change_of_bindings_that_shows_the_same_keys_leaves_the_footer_as_it_is():
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        before = list(app.screen.query("FooterKey"))
        for _ in range(3):
            app.refresh_bindings()
        app.pane("editions").entities.focus()  # (it has the focus already)
        await settle(pilot, app)
        after = list(app.screen.query("FooterKey"))
        assert [key.description for key in after] == [key.description for key in before]
        assert all(old is new for old, new in zip(before, after, strict=True))  # the same widgets, not rebuilt


@run_async
async def test_a_key_that_becomes_usable_is_shown_enabled():
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)

        def back_disabled() -> bool:
            return next(key for key in app.screen.query("FooterKey") if key.description == "Back").has_class("-disabled")

        assert back_disabled()  # shown dimmed (Footer's -disabled): there is nowhere to go back to yet
        await app.follow("edition:2021")
        await settle(pilot, app)
        assert not back_disabled()
