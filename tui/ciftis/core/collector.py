"""Python's cyclic garbage collector paused while long-lived objects are made in bulk.

Loading a dataset, building its search index and starting the explorer make hundreds of thousands
of objects and no cycles; each collection meanwhile would walk everything made so far.
"""

from __future__ import annotations

import gc


class paused_gc:
    """`with paused_gc():` the collector is off inside, and on again after if it was on before."""

    def __enter__(self) -> None:
        self._collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *_exc) -> None:
        if self._collecting:
            gc.enable()
