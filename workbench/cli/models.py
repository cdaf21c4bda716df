"""``workbench models list|install|remove|verify|convert``: the installed Argos packages, and
OPUS-MT releases converted into packages."""

from __future__ import annotations

import argparse

from workbench.cli.output import dump_json, out
from workbench.errors import InputError


def _list(as_json: bool) -> None:
    from workbench.project import installed_packages

    found = installed_packages()
    if as_json:
        dump_json(
            [
                {
                    "code": p.code, "from": p.from_code, "to": p.to_code,
                    "version": p.version, "path": str(p.path), "generated": p.generated,
                }
                for p in found.packages
            ]
        )  # fmt: skip
        return
    out(f"packages in {found.folder}")
    if not found.packages:
        out("none installed: `workbench models install FILE.argosmodel`")
    for p in found.packages:
        flag = "  (generated: random weights, no real translation)" if p.generated else ""
        out(f"  {p.pair:<8} {p.label:<36} {p.path}{flag}")


def _install(target: list[str], online: list[str] | None) -> None:
    from workbench.project import install_package

    if online:
        if target:
            raise InputError("give either FILE.argosmodel or --online FROM TO, not both")
        package = install_package(online=(online[0], online[1]))
    else:
        if len(target) != 1:
            raise InputError("install takes one FILE.argosmodel (or --online FROM TO)")
        package = install_package(target[0])
    out(f"installed {package.pair} {package.label} in {package.path}")


_CONVERT_ONLY = ("from_code", "to_code", "out", "install", "target_token")


def _convert(args: argparse.Namespace) -> None:
    from workbench.project import convert_package

    if len(args.target) != 1 or args.online:
        raise InputError(
            "convert takes one OPUS_MT_DIR: `workbench models convert DIR --from en --to vi`"
        )
    if not args.from_code or not args.to_code:
        raise InputError(
            "convert needs --from and --to: `workbench models convert DIR --from en --to vi`"
        )
    report = convert_package(
        args.target[0],
        args.from_code,
        args.to_code,
        out=args.out,
        target_token=args.target_token,
        install=args.install,
    )
    done = report.conversion
    label = f" (every source starts with {done.target_token})" if done.target_token else ""
    out(
        f"converted {done.from_code}→{done.to_code} version {done.version}{label} "
        f"in {done.seconds:.1f} s"
    )
    if report.kept_file:
        out(f"wrote {done.path}")
    if report.installed is not None:
        package = report.installed
        out(f"installed {package.pair} {package.label} in {package.path}")
    elif report.kept_file:
        out(f"install it with `workbench models install {done.path}`")


def run(args: argparse.Namespace) -> int:
    from workbench.project import remove_package, verify_packages

    if args.action != "convert":
        given = [name for name in _CONVERT_ONLY if getattr(args, name)]
        if given:
            option = "--" + given[0].removesuffix("_code").replace("_", "-")
            raise InputError(f"{option} is an option of `workbench models convert`")
    if args.action == "convert":
        _convert(args)
    elif args.action == "list":
        _list(args.json)
    elif args.action == "install":
        _install(args.target, args.online)
    elif args.action == "remove":
        if len(args.target) != 1:
            raise InputError("remove takes one package code or pair: see `workbench models list`")
        package = remove_package(args.target[0])
        out(f"removed {package.pair} {package.label}")
    else:  # verify
        for p, output in verify_packages(args.target[0] if args.target else None):
            out(f"{p.pair} {p.label}: ok → {output!r}")
    return 0
