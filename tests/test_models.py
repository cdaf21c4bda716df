"""workbench.mt: validated installs, listing, removal, routing, verification, online index."""

from __future__ import annotations

import io
import json
import stat
import urllib.error
import zipfile
from pathlib import Path

import pytest

from workbench.errors import InputError, NotFoundError, PackageError
from workbench.mt import archive as zips
from workbench.mt import check, install, loaded, packages, routes
from workbench.mt import index as online

METADATA = {
    "package_version": "1.9",
    "argos_version": "1.9",
    "from_code": "fr",
    "from_name": "French",
    "to_code": "en",
    "to_name": "English",
    "type": "translate",
    "code": "translate-fr_en",
    "links": [],
}


def _members(package_file: Path) -> dict[str, bytes]:
    """The files of a real built package, relative to its root folder."""
    with zipfile.ZipFile(package_file) as archive:
        return {
            info.filename.split("/", 1)[1]: archive.read(info)
            for info in archive.infolist()
            if not info.is_dir()
        }


def _zip(path: Path, members: dict[str, bytes], root: str | None = "fr_en") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(f"{root}/{name}" if root else name, data)
    return path


def _valid_members(package_files, metadata: dict | None = None) -> dict[str, bytes]:
    members = _members(package_files["tiny_fr_en"])
    if metadata is not None:
        members["metadata.json"] = json.dumps(metadata).encode()
    return members


def _assert_refused(path: Path, directory: Path, match: str) -> None:
    with pytest.raises(PackageError, match=match):
        install.install_from_file(path, directory)
    assert not directory.exists() or list(directory.iterdir()) == []


# --- installing ---------------------------------------------------------------------------


def test_install_extracts_a_real_package(package_files, tmp_path):
    installed = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    assert installed.code == "translate-fr_en"
    assert (installed.from_code, installed.to_code) == ("fr", "en")
    assert installed.tokenizer == "sentencepiece"
    assert installed.generated is True
    assert installed.label == f"translate-fr_en@{installed.version}"
    assert (installed.path / "model" / "model.bin").is_file()
    assert installed.path.parent == tmp_path
    assert [p.name for p in tmp_path.iterdir()] == [installed.path.name]


def test_install_accepts_metadata_at_the_zip_root(package_files, tmp_path):
    flat = _zip(tmp_path / "flat.argosmodel", _valid_members(package_files, METADATA), root=None)
    installed = install.install_from_file(flat, tmp_path / "packages")
    assert installed.version == "1.9" and installed.generated is False


def test_reinstall_replaces_the_same_code_and_kind(package_files, tmp_path):
    first = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    again = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    assert again.path == first.path
    newer = dict(METADATA, package_version="2.0", workbench_generated=True)
    upgraded = install.install_from_file(
        _zip(tmp_path.parent / "newer.argosmodel", _valid_members(package_files, newer)),
        tmp_path,
    )
    assert [p.label for p in packages.list_installed(tmp_path)] == [upgraded.label]
    real = install.install_from_file(
        _zip(tmp_path.parent / "real.argosmodel", _valid_members(package_files, METADATA)),
        tmp_path,
    )
    # A real package does not remove the generated one; the real one is listed first.
    assert [p.label for p in packages.list_installed(tmp_path)] == [real.label, upgraded.label]


def test_refuses_a_file_that_is_not_a_zip(tmp_path):
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_text("not a zip")
    _assert_refused(bogus, tmp_path / "packages", "not a zip")


def test_refuses_a_missing_file(tmp_path):
    _assert_refused(tmp_path / "missing.argosmodel", tmp_path / "packages", "no such package")


def test_refuses_a_zip_without_metadata(package_files, tmp_path):
    members = _valid_members(package_files)
    del members["metadata.json"]
    _assert_refused(_zip(tmp_path / "p.argosmodel", members), tmp_path / "pk", "no metadata.json")


def test_refuses_bad_json(package_files, tmp_path):
    members = _valid_members(package_files)
    members["metadata.json"] = b"{not json"
    _assert_refused(_zip(tmp_path / "p.argosmodel", members), tmp_path / "pk", "not valid JSON")


def test_refuses_metadata_without_from_code(package_files, tmp_path):
    metadata = {k: v for k, v in METADATA.items() if k != "from_code"}
    path = _zip(tmp_path / "p.argosmodel", _valid_members(package_files, metadata))
    _assert_refused(path, tmp_path / "pk", "no from_code")


@pytest.mark.parametrize("code", ["French", "f", "fr/../x", "FR", ""])
def test_refuses_an_implausible_language_code(package_files, tmp_path, code):
    path = _zip(
        tmp_path / "p.argosmodel", _valid_members(package_files, dict(METADATA, to_code=code))
    )
    _assert_refused(path, tmp_path / "pk", "to_code")


def test_refuses_a_parent_directory_member(package_files, tmp_path):
    members = _valid_members(package_files)
    members["../evil"] = b"owned"
    _assert_refused(_zip(tmp_path / "p.argosmodel", members), tmp_path / "pk", r"outside")
    assert not (tmp_path / "evil").exists()


def test_refuses_an_absolute_member(package_files, tmp_path):
    path = _zip(tmp_path / "p.argosmodel", _valid_members(package_files))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo("/tmp/evil"), b"owned")
    _assert_refused(path, tmp_path / "pk", "absolute")


def test_refuses_a_symlink_member(package_files, tmp_path):
    path = _zip(tmp_path / "p.argosmodel", _valid_members(package_files))
    link = zipfile.ZipInfo("fr_en/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    _assert_refused(path, tmp_path / "pk", "symbolic link")


def test_refuses_a_huge_claimed_size(package_files, tmp_path):
    path = _zip(tmp_path / "p.argosmodel", _valid_members(package_files))
    # Rewrite the central directory's uncompressed size of model.bin to 3 GiB.
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("fr_en/model/model.bin")
    name = info.filename.encode()
    position = 0
    while True:
        position = data.find(b"PK\x01\x02", position)
        assert position >= 0
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if bytes(data[position + 46 : position + 46 + name_length]) == name:
            break
        position += 4
    data[position + 24 : position + 28] = (3 * 1024**3).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    _assert_refused(path, tmp_path / "pk", "GiB limit")


def test_refuses_more_than_the_size_bound(package_files, tmp_path, monkeypatch):
    monkeypatch.setattr(zips, "MAX_UNCOMPRESSED_BYTES", 10_000)
    _assert_refused(package_files["tiny_fr_en"], tmp_path / "pk", "limit")


def test_refuses_a_compression_bomb(tmp_path, monkeypatch):
    monkeypatch.setattr(zips, "BOMB_CHECK_BYTES", 1000)
    path = tmp_path / "p.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fr_en/metadata.json", json.dumps(METADATA))
        archive.writestr("fr_en/model/model.bin", bytes(2_000_000))
        archive.writestr("fr_en/sentencepiece.model", b"x")
    _assert_refused(path, tmp_path / "pk", "zip bomb")


@pytest.mark.parametrize("missing", ["model/model.bin", "sentencepiece.model"])
def test_refuses_a_package_without_model_or_tokenizer(package_files, tmp_path, missing):
    members = _valid_members(package_files)
    del members[missing]
    path = _zip(tmp_path / "p.argosmodel", members)
    _assert_refused(path, tmp_path / "pk", "model.bin" if "model/" in missing else "tokenizer")


def test_refuses_a_non_translation_package(package_files, tmp_path):
    path = _zip(
        tmp_path / "p.argosmodel", _valid_members(package_files, dict(METADATA, type="sbd"))
    )
    _assert_refused(path, tmp_path / "pk", "not a translation package")


def test_validate_returns_the_metadata(package_files):
    metadata = install.validate_package_file(package_files["copy_fr_en"])
    assert metadata.from_code == "fr" and metadata.raw["workbench_kind"] == "copy"


# --- listing and removing ----------------------------------------------------------------


def test_session_packages_dir_holds_the_tiny_packages(tiny_packages):
    assert packages.packages_dir() == tiny_packages["fr_en"].path.parent
    labels = {p.label for p in packages.list_installed()}
    assert {tiny_packages["fr_en"].label, tiny_packages["en_vi"].label} <= labels


def test_list_installed_skips_junk_folders(package_files, tmp_path):
    installed = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("hello")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "metadata.json").write_text("{oops")
    (tmp_path / "stray-file.txt").write_text("x")
    assert packages.list_installed(tmp_path) == [installed]


def test_remove_by_pair_and_unknown(package_files, tmp_path):
    installed = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    with pytest.raises(NotFoundError, match="de_en"):
        packages.remove("de_en", tmp_path)
    removed = packages.remove("fr_en", tmp_path)
    assert removed == installed
    assert not installed.path.exists()
    assert packages.list_installed(tmp_path) == []


def test_remove_asks_for_a_label_when_ambiguous(package_files, tmp_path):
    generated = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    real = install.install_from_file(
        _zip(tmp_path.parent / "real.argosmodel", _valid_members(package_files, METADATA)),
        tmp_path,
    )
    with pytest.raises(PackageError, match="code@version"):
        packages.remove("translate-fr_en", tmp_path)
    assert packages.remove(real.label, tmp_path) == real
    assert packages.list_installed(tmp_path) == [generated]


# --- routing -------------------------------------------------------------------------------


def _fake(from_code: str, to_code: str, *, generated: bool = False, version: str = "1.0"):
    return packages.InstalledPackage(
        code=f"translate-{from_code}_{to_code}",
        from_code=from_code,
        to_code=to_code,
        version=version,
        path=Path("/nonexistent"),
        tokenizer="sentencepiece",
        target_prefix="",
        generated=generated,
    )


def test_route_direct_and_pivot():
    fr_en, en_vi, fr_vi = _fake("fr", "en"), _fake("en", "vi"), _fake("fr", "vi")
    assert routes.find_route("fr", "vi", [fr_en, en_vi, fr_vi]).steps == (fr_vi,)
    route = routes.find_route("fr", "vi", [fr_en, en_vi])
    assert route.steps == (fr_en, en_vi) and route.pivot == "en"
    assert route.label == "translate-fr_en@1.0>translate-en_vi@1.0"
    assert routes.find_route("fr", "en", [fr_en, en_vi]).pivot is None


def test_route_prefers_real_then_newest():
    generated_direct = _fake("fr", "vi", generated=True)
    real_pivot = (_fake("fr", "en"), _fake("en", "vi"))
    assert routes.find_route("fr", "vi", [generated_direct, *real_pivot]).steps == real_pivot
    old, new, demo = (
        _fake("fr", "en"),
        _fake("fr", "en", version="1.10"),
        _fake("fr", "en", generated=True, version="9"),
    )
    assert routes.find_route("fr", "en", [old, demo, new]).steps == (new,)


def test_missing_route_names_the_packages():
    with pytest.raises(PackageError, match="fr→vi, or fr→en and en→vi") as error:
        routes.find_route("fr", "vi", [])
    assert "no French→Vietnamese model installed" in str(error.value)
    assert "workbench models install" in str(error.value)
    assert "`workbench models install --online fr en` and" in str(error.value)
    with pytest.raises(PackageError, match="en→vi to pivot through the installed fr→en") as error:
        routes.find_route("fr", "vi", [_fake("fr", "en")])
    assert "`workbench models install --online en vi`, or convert an OPUS-MT model" in str(
        error.value
    )
    assert "--online fr fr" not in str(error.value) and "--online en en" not in str(error.value)
    with pytest.raises(PackageError, match=r"no French→English model installed \(need fr→en\)"):
        routes.find_route("fr", "en", [_fake("en", "vi")])
    with pytest.raises(InputError):
        routes.find_route("fr", "fr", [])


def test_find_route_reads_the_installed_packages(tiny_packages):
    route = routes.find_route("fr", "vi")
    assert route.steps == (tiny_packages["fr_en"], tiny_packages["en_vi"])


# --- verify --------------------------------------------------------------------------------


def test_verify_translates_one_sentence(tiny_packages, copy_packages):
    assert isinstance(check.verify(tiny_packages["fr_en"]), str)
    assert check.verify(copy_packages["fr_en"]) == check.VERIFY_SENTENCES["fr"]


def test_verify_reports_a_broken_package(package_files, tmp_path):
    installed = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    (installed.path / "model" / "model.bin").write_bytes(b"garbage")
    loaded.clear_cache()
    with pytest.raises(PackageError, match="broken"):
        check.verify(installed)


# --- online index --------------------------------------------------------------------------


def test_install_online_offline_says_what_to_do(monkeypatch, tmp_path):
    def offline(url: str, timeout: float):
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(online, "_urlopen", offline)
    monkeypatch.setattr(online, "RETRY_DELAYS_SECONDS", (0.0, 0.0, 0.0))
    before = sorted(p.name for p in packages.packages_dir().iterdir())
    with pytest.raises(PackageError, match="cannot reach the Argos package index") as error:
        online.install_online("fr", "en")
    assert "workbench models install FILE.argosmodel" in str(error.value)
    assert sorted(p.name for p in packages.packages_dir().iterdir()) == before


def test_install_online_downloads_and_installs(monkeypatch, package_files, tmp_path):
    link = "https://example.invalid/translate-fr_en-1_9.argosmodel"
    index = [dict(METADATA, links=[link]), dict(METADATA, from_code="de", code="translate-de_en")]
    payload = package_files["tiny_fr_en"].read_bytes()
    calls: list[str] = []

    def fake(url: str, timeout: float):
        calls.append(url)
        return io.BytesIO(payload if url == link else json.dumps(index).encode())

    monkeypatch.setattr(online, "_urlopen", fake)
    installed = online.install_online("fr", "en", tmp_path)
    assert calls[-1] == link
    assert packages.list_installed(tmp_path) == [installed]
    with pytest.raises(PackageError, match="no French→Vietnamese"):
        online.install_online("fr", "vi", tmp_path)


def test_install_online_failed_download_leaves_nothing(monkeypatch, tmp_path):
    link = "https://example.invalid/p.argosmodel"

    def fake(url: str, timeout: float):
        if url == link:
            raise urllib.error.URLError("connection reset")
        return io.BytesIO(json.dumps([dict(METADATA, links=[link])]).encode())

    monkeypatch.setattr(online, "_urlopen", fake)
    monkeypatch.setattr(online, "RETRY_DELAYS_SECONDS", (0.0, 0.0, 0.0))
    with pytest.raises(PackageError, match="could not download"):
        online.install_online("fr", "en", tmp_path / "pk")
    assert not (tmp_path / "pk").exists()
    from argostranslate import settings

    assert not list(Path(settings.downloads_dir).glob(".download-*"))


# --- issue 15: a package never replaces another pair; installed metadata is read bounded -----


def test_a_package_naming_another_pair_never_replaces_it(package_files, tmp_path):
    """An fr→en package with "code": "translate-en_vi" installed with exit 0 and deleted the
    installed en→vi model (the folder and the replacement came from the package's code)."""
    en_vi = install.install_from_file(package_files["copy_en_vi"], tmp_path)
    hostile = dict(METADATA, code="translate-en_vi", workbench_generated=True)
    path = _zip(tmp_path.parent / "hostile.argosmodel", _valid_members(package_files, hostile))
    with pytest.raises(PackageError, match="names another pair"):
        install.install_from_file(path, tmp_path)
    assert packages.list_installed(tmp_path) == [en_vi]
    # Without a code, the folder and what is replaced come from the checked codes only.
    plain = {k: v for k, v in hostile.items() if k != "code"}
    fr_en = install.install_from_file(
        _zip(tmp_path.parent / "plain.argosmodel", _valid_members(package_files, plain)), tmp_path
    )
    assert fr_en.path.name == "translate-fr_en-1.9-generated" and fr_en.code == "translate-fr_en"
    assert sorted(p.pair for p in packages.list_installed(tmp_path)) == ["en→vi", "fr→en"]


def test_installed_folders_are_0755_and_files_0644(package_files, tmp_path):
    installed = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    for path in [installed.path, *installed.path.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path


@pytest.mark.parametrize(
    "metadata",
    [
        b"[" * 100_000,
        json.dumps(dict(METADATA, source_languages="fr")).encode(),
        json.dumps(dict(METADATA, languages=5)).encode(),
        json.dumps(dict(METADATA, code="translate-en_vi")).encode(),
    ],
    ids=["deep", "source-languages-text", "languages-number", "other-pair"],
)
def test_hostile_installed_folders_are_skipped(package_files, tmp_path, metadata):
    """A folder put in the package folder by hand (or by argostranslate) is read with the same
    checks: skipped with a warning, never a traceback in `models list` / `translate`."""
    good = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    bad = tmp_path / "hostile"
    bad.mkdir()
    (bad / "metadata.json").write_bytes(metadata)
    (bad / "sentencepiece.model").write_bytes(b"x")
    assert packages.list_installed(tmp_path) == [good]


def test_a_huge_installed_metadata_is_not_read_whole(package_files, tmp_path):
    """A 1 GB metadata.json cost every `models list` / `translate` 10 s and 2 GB: only its first
    MiB is read (the file here is sparse: 1 GB long, no disk used)."""
    good = install.install_from_file(package_files["tiny_fr_en"], tmp_path)
    bad = tmp_path / "huge"
    bad.mkdir()
    with (bad / "metadata.json").open("wb") as handle:
        handle.write(b'{"from_code": "fr", "to_code": "en", "x": "')
        handle.truncate(1024**3)
    (bad / "sentencepiece.model").write_bytes(b"x")
    assert packages.list_installed(tmp_path) == [good]


def test_mac_rezipped_package_installs_without_its_junk(package_files, tmp_path):
    from workbench.mt.builder.zips import add_macosx_junk

    path = tmp_path.parent / "mac.argosmodel"
    path.write_bytes(package_files["tiny_fr_en"].read_bytes())
    add_macosx_junk(path, "fr_en", ["metadata.json", "model/model.bin"])
    installed = install.install_from_file(path, tmp_path)
    names = {p.relative_to(installed.path).as_posix() for p in installed.path.rglob("*")}
    assert not any("__MACOSX" in name or name.endswith(".DS_Store") for name in names)
    assert "model/model.bin" in names


def test_online_index_with_malformed_entries(monkeypatch, package_files, tmp_path):
    """argostranslate's index loader raised AttributeError / TypeError on such entries."""
    link = "https://example.invalid/translate-fr_en-1_9.argosmodel"
    index = [
        dict(METADATA, from_code="de", code="translate-de_en", source_languages="de"),
        dict(METADATA, from_code="es", code="translate-es_en", languages=5),
        "not an object",
        dict(METADATA, links=[link]),
    ]
    payload = package_files["tiny_fr_en"].read_bytes()
    monkeypatch.setattr(
        online,
        "_urlopen",
        lambda url, timeout: io.BytesIO(payload if url == link else json.dumps(index).encode()),
    )
    assert online.install_online("fr", "en", tmp_path).pair == "fr→en"
    with pytest.raises(PackageError, match="no German"):
        online.install_online("de", "en", tmp_path)


def test_online_index_deeper_than_the_bound_is_one_error(monkeypatch, tmp_path):
    monkeypatch.setattr(online, "_urlopen", lambda url, timeout: io.BytesIO(b"[" * 100_000))
    with pytest.raises(PackageError, match="nests deeper"):
        online.install_online("fr", "en", tmp_path)
