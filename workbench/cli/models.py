"""``workbench models list|install|remove|verify``: the installed Argos packages."""

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


def run(args: argparse.Namespace) -> int:
    from workbench.project import remove_package, verify_packages

    if args.action == "list":
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
