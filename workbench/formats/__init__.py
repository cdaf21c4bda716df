"""Interchange formats: PO, XLIFF and TMX readers and writers (polib, translate-toolkit)."""
