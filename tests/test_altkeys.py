"""Alt+letter keys reach the app as alt keys however fast the next key follows
(workbench.tui.altkeys): the bytes a terminal writes, fed to the parser the review's drivers
use. Textual's own parser reads ESC v followed at once by another escape sequence as the
keys "^" and "v", which the editor types into the target."""

from __future__ import annotations

import time

import pytest

from workbench.tui.altkeys import AltSafeParser, rewrite


def keys(parser: AltSafeParser, *chunks: str) -> list[str]:
    """The key names (or message types) the parser reports for ``chunks``, read one after
    the other, then after Textual's escape delay."""
    out = []
    for chunk in chunks:
        out += [getattr(e, "key", type(e).__name__) for e in parser.feed(chunk)]
    time.sleep(0.15)  # past ESCAPE_DELAY: a lone ESC is the escape key
    out += [getattr(e, "key", type(e).__name__) for e in parser.tick()]
    return out


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("\x1bv\x1b[B", ["alt+v", "down"]),  # alt+v then ↓ in one write
        ("\x1bz\x1bz", ["alt+z", "alt+z"]),  # alt+z twice, fast
        ("\x1bx\x1b[D", ["alt+x", "left"]),
        ("\x1bm", ["alt+m"]),  # alone: at once, no delay needed
        ("abc\x1bsxyz", ["a", "b", "c", "alt+s", "x", "y", "z"]),
    ],
)
def test_an_alt_letter_stays_one_key(written: str, expected: list[str]) -> None:
    assert keys(AltSafeParser(), written) == expected
    assert "circumflex_accent" not in keys(AltSafeParser(), written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("\x1b[A", ["up"]),  # CSI
        ("\x1bOP", ["f1"]),  # SS3 (an uppercase letter after ESC)
        ("\x1b[4~", ["end"]),
        ("\x1b", ["escape"]),  # a lone escape, after the delay
        ("\x1b[1;3A", ["alt+up"]),
        ("héllo", ["h", "é", "l", "l", "o"]),
    ],
)
def test_other_sequences_are_read_as_textual_reads_them(written: str, expected: list[str]) -> None:
    assert keys(AltSafeParser(), written) == expected


def test_pasted_text_is_never_rewritten() -> None:
    pasted = "\x1b[200~Le \x1bv texte\x1b[201~"
    assert rewrite(pasted, False) == (pasted, False)
    # A paste split over two reads: the second read is still inside it.
    first, open_ = rewrite("\x1b[200~début \x1bv", False)
    assert (first, open_) == ("\x1b[200~début \x1bv", True)
    assert rewrite(" fin\x1b[201~\x1bv", open_) == (" fin\x1b[201~\x1b[118;3u", False)


def test_install_puts_the_parser_in_the_drivers() -> None:
    from textual.drivers import linux_driver, web_driver

    from workbench.tui import altkeys

    before = (linux_driver.XTermParser, web_driver.XTermParser)
    try:
        altkeys.install()
        assert linux_driver.XTermParser is AltSafeParser
        assert web_driver.XTermParser is AltSafeParser
    finally:
        linux_driver.XTermParser, web_driver.XTermParser = before  # type: ignore[misc]
