"""The Textual explorer: panes, search, comparison, clipboard and themes."""
