"""Routes between languages: one package, or two through English (the pivot).

A route made only of real packages beats one that uses a generated (demo/test) package; then
direct beats pivot. No route → one message naming the package(s) to install and how (a file,
the online index, or an OPUS-MT model converted with ``workbench models convert``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.errors import InputError, PackageError
from workbench.lang.names import language_name
from workbench.mt.packages import InstalledPackage, list_installed, preferred_first

PIVOT = "en"
INSTALL_HINT = "install one with `workbench models install FILE.argosmodel`"


@dataclass(frozen=True, slots=True)
class Route:
    """How to get from one language to another: one package, or two through English."""

    from_code: str
    to_code: str
    steps: tuple[InstalledPackage, ...]

    @property
    def pivot(self) -> str | None:
        return self.steps[0].to_code if len(self.steps) == 2 else None

    @property
    def label(self) -> str:
        return ">".join(step.label for step in self.steps)

    @property
    def generated(self) -> bool:
        return any(step.generated for step in self.steps)


def _best(
    packages: Sequence[InstalledPackage], from_code: str, to_code: str
) -> InstalledPackage | None:
    candidates = [p for p in packages if p.from_code == from_code and p.to_code == to_code]
    return preferred_first(candidates)[0] if candidates else None


def find_route(
    from_code: str, to_code: str, packages: Sequence[InstalledPackage] | None = None
) -> Route:
    """The route to translate ``from_code`` into ``to_code`` over installed (or given) packages.

    Direct if a package exists, else two steps through English. A route made only of real
    packages beats one that uses a generated (demo/test) package; then direct beats pivot.
    """
    if from_code == to_code:
        raise InputError(f"source and target language are both {from_code}: nothing to translate")
    pool = list_installed() if packages is None else list(packages)
    routes: list[Route] = []
    direct = _best(pool, from_code, to_code)
    if direct is not None:
        routes.append(Route(from_code, to_code, (direct,)))
    first = second = None
    if PIVOT not in (from_code, to_code):
        first = _best(pool, from_code, PIVOT)
        second = _best(pool, PIVOT, to_code)
        if first is not None and second is not None:
            routes.append(Route(from_code, to_code, (first, second)))
    if routes:
        return min(routes, key=lambda route: (route.generated, len(route.steps)))
    raise PackageError(_missing_message(from_code, to_code, first, second))


def _missing_message(
    from_code: str,
    to_code: str,
    first: InstalledPackage | None,
    second: InstalledPackage | None,
) -> str:
    names = f"{language_name(from_code)}→{language_name(to_code)}"
    direct = f"{from_code}→{to_code}"
    if PIVOT in (from_code, to_code):
        need, online = f"need {direct}", [(from_code, to_code)]
    elif first is not None:
        need = f"need {direct}, or {PIVOT}→{to_code} to pivot through the installed {first.pair}"
        online = [(PIVOT, to_code)]
    elif second is not None:
        need = f"need {direct}, or {from_code}→{PIVOT} to pivot through the installed {second.pair}"
        online = [(from_code, PIVOT)]
    else:
        need = f"need {direct}, or {from_code}→{PIVOT} and {PIVOT}→{to_code}"
        online = [(from_code, PIVOT), (PIVOT, to_code)]
    commands = " and ".join(f"`workbench models install --online {a} {b}`" for a, b in online)
    return (
        f"no {names} model installed ({need}): {INSTALL_HINT}, {commands}, or convert an "
        "OPUS-MT model with `workbench models convert OPUS_MT_DIR --from X --to Y --install`"
    )
