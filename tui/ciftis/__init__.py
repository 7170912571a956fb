"""CIFTIS Explorer: a terminal explorer for the China International Fair for Trade in Services."""

__version__ = "0.1.0"
