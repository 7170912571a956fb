"""The domain layer: the dataset's model, loading and validation, search, comparison and export.

Nothing here imports Textual, so the command line starts fast and the core is testable alone.
"""
