"""workbench: an offline translation workbench for news articles."""

from __future__ import annotations

__version__ = "0.1.0"
