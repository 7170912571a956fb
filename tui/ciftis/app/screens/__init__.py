"""The explorer's overlays: search and help."""
