"""The footer: Textual's own, rebuilt only when the keys it shows have changed.

Textual's `Footer` removes and mounts all of its keys again each time a screen's bindings change
(every focus move, every `refresh_bindings`), and styling a dozen new keys costs 40–80 ms: opening a
pane moved the focus twice and so rebuilt the footer twice, and a pane built while another is
opened rebuilt it again. `KeyFooter` answers every change of one frame together, after that frame,
and rebuilds (through `Footer.compose`) only when what it would show (each shown key, its label,
whether it is enabled, its tooltip) differs from what it shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that rebuilds its keys once a frame at most, and only when they change."""

    def __init__(self) -> None:
        super().__init__()
        self.shown_keys: tuple | None = None  # what the keys shown were built from (None: none built yet)
        self.check_pending = False

    def compose(self) -> ComposeResult:
        keys, built = self.keys_of(self.screen), False
        for widget in super().compose():  # (one by one: Footer composes its groups with `with`)
            built = True
            yield widget
        self.shown_keys = keys if built else None

    def bindings_changed(self, screen: Screen) -> None:
        if not self.check_pending:
            self.check_pending = True
            self.call_after_refresh(self.check_keys, screen)

    async def check_keys(self, screen: Screen) -> None:
        """After the frame of one or more binding changes: build the keys if none are built yet (as
        Footer does), else build them again if what they would show has changed (as Footer does,
        not while the app is unfocused, nor for a screen that is not its own)."""
        self.check_pending = False
        if self.shown_keys is None:
            super().bindings_changed(screen)
        elif screen.app.app_focus and self.is_attached and screen is self.screen and self.keys_of(screen) != self.shown_keys:
            await self.recompose()

    def keys_of(self, screen: Screen) -> tuple:
        """Everything of the screen's active bindings that `Footer.compose` shows."""
        app = screen.app
        return tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                (binding.group.description, binding.group.compact) if binding.group else None,
                enabled,
                tooltip,
                binding.tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
