"""The PO reader agrees with GNU ``msgfmt --check`` both ways (issue 15 item 21).

``msgfmt`` is the oracle (Debian package gettext, installed by .ci/run): a file it accepts is
read, with the same number of messages it counts; a file it refuses is one InputError. Before,
``#,fuzzy`` (valid: gettext needs no space after ``#,``) was refused, and ``msgstr[0]``
without ``msgid_plural``, an obsolete duplicate, a header-less file and CR-only line ends
(gettext reads a ``#`` comment to the next LF: the whole rest of the file) were accepted.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.formats.po import read_po

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
ENTRY = 'msgctxt "s1"\nmsgid "Bonjour"\nmsgstr "Hello"\n'

CASES = {
    # accepted by msgfmt
    "plain": HEADER + ENTRY,
    "fuzzy-no-space": HEADER + "#,fuzzy\n" + ENTRY,
    "fuzzy-and-format-no-space": HEADER + "#,fuzzy,c-format\n" + ENTRY,
    "marks-no-space": HEADER + '#:art:1\n#.note\n#|msgid "Bonjou"\n' + ENTRY,
    "crlf": (HEADER + "# comment\n" + ENTRY).replace("\n", "\r\n"),
    "obsolete-once": HEADER + ENTRY + '\n#~ msgid "Ancien"\n#~ msgstr "Old"\n',
    "same-msgid-other-ctxt": HEADER + ENTRY + '\nmsgctxt "s2"\nmsgid "Bonjour"\nmsgstr "Hi"\n',
    "plural": HEADER + 'msgid "un"\nmsgid_plural "deux"\nmsgstr[0] "one"\nmsgstr[1] "two"\n',
    # refused by msgfmt
    "msgstr-index-without-plural": HEADER + 'msgid "Bonjour"\nmsgstr[0] "Hello"\n',
    "plural-without-index": HEADER + 'msgid "un"\nmsgid_plural "deux"\nmsgstr "one"\n',
    "obsolete-duplicate": HEADER + '#~ msgid "B"\n#~ msgstr "b"\n\n#~ msgid "B"\n#~ msgstr "c"\n',
    "live-and-obsolete-duplicate": HEADER + ENTRY + '\n#~ msgctxt "s1"\n#~ msgid "Bonjour"\n'
    '#~ msgstr "Hi"\n',
    "no-header": ENTRY + '\nmsgid "Salut"\nmsgstr "Hi"\n',
    "duplicate": HEADER + ENTRY + "\n" + ENTRY,
}


def msgfmt(path: Path) -> int | None:
    """The number of messages ``msgfmt --check`` reads, None when it refuses the file."""
    proc = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return None
    return sum(int(n) for n in re.findall(r"(\d+) (?:translated|fuzzy|untranslated)", proc.stderr))


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_read_po_agrees_with_msgfmt(tmp_path: Path, text: str) -> None:
    path = tmp_path / "file.po"
    path.write_bytes(text.encode("utf-8"))
    expected = msgfmt(path)
    if expected is None:
        with pytest.raises(InputError) as refused:
            read_po(path)
        assert "\n" not in str(refused.value)
    else:
        po = read_po(path)
        assert len([e for e in po if not e.obsolete]) == expected


def test_fuzzy_without_a_space_is_fuzzy(tmp_path: Path) -> None:
    path = tmp_path / "file.po"
    path.write_text(HEADER + "#,fuzzy\n#:art:3\n" + ENTRY, encoding="utf-8")
    [entry] = read_po(path)
    assert entry.fuzzy and entry.occurrences == [("art", "3")] and entry.msgstr == "Hello"


def test_cr_only_line_ends_are_refused_as_gettext_misreads_them(tmp_path: Path) -> None:
    """With a comment in it, msgfmt reads no message at all where polib reads two."""
    path = tmp_path / "mac.po"
    text = HEADER + "# comment\n" + ENTRY + '\n#, fuzzy\nmsgid "Salut"\nmsgstr "Hi"\n'
    path.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    assert msgfmt(path) == 0
    with pytest.raises(InputError, match=r"old Mac line ends \(CR only\)"):
        read_po(path)


_LINES = (
    'msgid ""',
    'msgstr ""',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    'msgctxt "s1"',
    'msgctxt "s2"',
    'msgid "Bonjour"',
    'msgid "Salut"',
    'msgid_plural "Bonjours"',
    'msgstr "Hello"',
    'msgstr[0] "one"',
    'msgstr[1] "two"',
    '"suite"',
    "#, fuzzy",
    "#,fuzzy",
    "#: art:1",
    "#:art:2",
    "#. note",
    "#.note",
    "# comment",
    '#~ msgid "Vieux"',
    '#~ msgstr "Old"',
    "",
)


def test_read_po_agrees_with_msgfmt_on_generated_files(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Fuzzing: files made of PO lines in any order (a header first half of the time);
    whenever msgfmt refuses one, read_po refuses it; whenever msgfmt accepts one, read_po
    reads as many messages or refuses it for a reason of ours (nothing to import, one
    segment named twice) -- never a file msgfmt would refuse, never a different count."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        header=st.booleans(),
        lines=st.lists(st.sampled_from(_LINES), max_size=14),
        ends=st.sampled_from(["\n", "\r\n"]),
    )
    def check(header: bool, lines: list[str], ends: str) -> None:
        text = (HEADER if header else "") + "\n".join(lines) + "\n"
        path = tmp_path_factory.mktemp("po") / "f.po"
        path.write_bytes(text.replace("\n", ends).encode("utf-8"))
        expected = msgfmt(path)
        try:
            po = read_po(path)
        except InputError as refused:
            assert "\n" not in str(refused)
            if expected is not None:  # only the import's own rules: nothing to import,
                # or one segment named twice
                ours = ("twice", "holds no PO entries")
                assert any(x in str(refused) for x in ours), (text, str(refused))
            return
        assert expected is not None, text
        assert len([e for e in po if not e.obsolete]) == expected, text

    check()
