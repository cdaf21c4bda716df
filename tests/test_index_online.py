"""`workbench models install --online` against an index with the real argospm-index's structure,
served on loopback by a real ``http.server`` (no mock of the network call): 96 entries with the
keys ``package_version, argos_version, from_code, from_name, to_code, to_name, links, code``,
English ↔ 47 languages plus Portuguese ↔ Spanish, ``translate-fr_en`` 1.9, and — like the real
one — no English ↔ Vietnamese and no French → Vietnamese package. The index's address comes from
``ARGOS_PACKAGE_INDEX``, as argostranslate's settings take it."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.errors import PackageError
from workbench.mt import index as online
from workbench.mt.packages import list_installed

#: The languages the real index pairs with English (its ``zt`` and ``pb`` codes included).
INDEX_LANGUAGES = {
    "ar": "Arabic", "az": "Azerbaijani", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "ky": "Kyrgyz", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay", "nb": "Norwegian",
    "nl": "Dutch", "pb": "Portuguese (Brazil)", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sv": "Swedish", "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "zh": "Chinese", "zt": "Chinese (traditional)",
}  # fmt: skip
OLDER = {"bn": "1.1", "eo": "1.5", "ga": "1.1", "ur": "1.1", "ko": "1.1", "ja": "1.1"}


def index_entries(base: str) -> list[dict[str, object]]:
    """The real index's shape: one object per package, eight keys, links to .argosmodel files."""

    def entry(a: str, b: str, version: str) -> dict[str, object]:
        names = {"en": "English", **INDEX_LANGUAGES}
        return {
            "package_version": version,
            "argos_version": "1.9.0" if version == "1.9" else version,
            "from_code": a,
            "from_name": names[a],
            "to_code": b,
            "to_name": names[b],
            "links": [f"{base}v1/translate-{a}_{b}-{version.replace('.', '_')}.argosmodel"],
            "code": f"translate-{a}_{b}",
        }

    entries = []
    for code in INDEX_LANGUAGES:
        version = OLDER.get(code, "1.9")
        entries += [entry(code, "en", version), entry("en", code, version)]
    entries += [entry("pt", "es", "1.0"), entry("es", "pt", "1.0")]
    return sorted(entries, key=lambda e: (str(e["from_name"]), str(e["to_name"])))


@dataclass
class Site:
    """What the loopback server serves and what it saw."""

    files: dict[str, bytes] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)  # path -> 503s before serving
    seen: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    base: str = ""


@pytest.fixture()
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    served = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.seen.append((self.path, self.headers.get("User-Agent", "")))
            if served.failures.get(self.path, 0) > 0:
                served.failures[self.path] -= 1
                self.send_error(503, "busy")
                return
            body = served.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served.base = f"http://127.0.0.1:{server.server_address[1]}/"
    served.files["/index.json"] = json.dumps(index_entries(served.base), indent=4).encode()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", served.base)
    monkeypatch.setattr(online, "RETRY_DELAYS_SECONDS", (0.01, 0.01, 0.01))
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_index_structure_is_the_real_ones(site: Site) -> None:
    entries = json.loads(site.files["/index.json"])
    assert len(entries) == 96
    assert {tuple(sorted(entry)) for entry in entries} == {
        (
            "argos_version", "code", "from_code", "from_name", "links", "package_version",
            "to_code", "to_name",
        )
    }  # fmt: skip
    pairs = {(e["from_code"], e["to_code"]): e for e in entries}
    assert pairs["fr", "en"]["package_version"] == "1.9"
    assert not {("en", "vi"), ("vi", "en"), ("fr", "vi")} & set(pairs)


def test_install_online_from_the_loopback_index(site: Site, package_files, tmp_path: Path) -> None:
    site.files["/v1/translate-fr_en-1_9.argosmodel"] = package_files["tiny_fr_en"].read_bytes()
    installed = online.install_online("fr", "en", tmp_path)
    assert list_installed(tmp_path) == [installed]
    assert [path for path, _agent in site.seen] == [
        "/index.json",
        "/v1/translate-fr_en-1_9.argosmodel",
    ]
    assert {agent for _path, agent in site.seen} == {"ArgosTranslate"}  # argostranslate's
    from argostranslate import settings

    assert json.loads(Path(settings.local_package_index).read_bytes()) == json.loads(
        site.files["/index.json"]
    )


@pytest.mark.parametrize(
    ("pair", "says"),
    [
        (
            ("en", "vi"),
            [
                "the Argos package index (96 packages) has no English→Vietnamese package",
                "nothing for Vietnamese",
                "`workbench models convert OPUS_MT_DIR --from en --to vi --install`",
            ],
        ),
        (
            ("fr", "vi"),
            [
                "no French→Vietnamese package",
                "for French it has en→fr, fr→en",
                "pivot through English: `workbench models install --online fr en` then convert",
                "--from en --to vi --install",
                "or convert a direct OPUS-MT model (--from fr --to vi)",
            ],
        ),
        (("vi", "en"), ["no Vietnamese→English package", "--from vi --to en --install"]),
    ],
)
def test_a_pair_the_index_lacks_is_one_line_with_the_convert_route(
    site: Site, tmp_path: Path, pair: tuple[str, str], says: list[str]
) -> None:
    with pytest.raises(PackageError) as error:
        online.install_online(*pair, tmp_path)
    message = str(error.value)
    assert "\n" not in message
    for needle in says:
        assert needle in message
    for code in ("en", "fr", "vi"):  # never an X→X suggestion
        assert f"--online {code} {code}" not in message
        assert f"--from {code} --to {code}" not in message
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_transient_failures_are_retried_like_argostranslate(
    site: Site, package_files, tmp_path: Path
) -> None:
    link = "/v1/translate-fr_en-1_9.argosmodel"
    site.files[link] = package_files["tiny_fr_en"].read_bytes()
    site.failures = {"/index.json": 2, link: 3}
    assert online.install_online("fr", "en", tmp_path).pair == "fr→en"
    assert [path for path, _ in site.seen].count("/index.json") == 3
    assert [path for path, _ in site.seen].count(link) == 4  # 1 + argostranslate's 3 retries


def test_an_index_that_stays_down_is_one_error(site: Site, tmp_path: Path) -> None:
    site.failures = {"/index.json": 10}
    with pytest.raises(PackageError, match="cannot reach the Argos package index") as error:
        online.install_online("fr", "en", tmp_path)
    assert "HTTP Error 503" in str(error.value) or "busy" in str(error.value)
    assert len(site.seen) == 4


def test_a_missing_file_is_not_retried(site: Site, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="could not download the package"):
        online.install_online("fr", "en", tmp_path)
    assert [path for path, _ in site.seen] == ["/index.json", "/v1/translate-fr_en-1_9.argosmodel"]


def test_the_cli_says_it_in_one_line(site: Site, tmp_path: Path) -> None:
    """`workbench models install --online en vi` in a child process, against the loopback
    index named by ARGOS_PACKAGE_INDEX: exit 2, one line, the convert route."""
    from tests.support import assert_one_line_error, run

    env = {"ARGOS_PACKAGE_INDEX": site.base, "ARGOS_PACKAGES_DIR": str(tmp_path / "argos")}
    proc = run("models", "install", "--online", "en", "vi", cwd=tmp_path, env=env)
    assert_one_line_error(proc, "has no English→Vietnamese package")
    assert "workbench models convert OPUS_MT_DIR --from en --to vi --install" in proc.stderr
    assert site.seen == [("/index.json", "ArgosTranslate")]
