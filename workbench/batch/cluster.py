"""The Ray engine: a pool of plain Ray actors, each loading the CTranslate2 models once.

Why actors and not Ray Data: ``ray[data]`` adds pyarrow and pandas (+272 MB installed: 486 MB
against 214 MB for ``ray``) and ``import ray.data`` took 3.9-4.8 s against 1.4-2.2 s for
``import ray`` on the 2-core machine this was written on; the batch's data are a few thousand
strings per wave, and the driver must have every result back to write it into the store, which
is what ``ray.wait`` over actor calls gives without a streaming executor.

Each actor reserves ``cpus`` CPUs and decodes with ``inter_threads = cpus, intra_threads = 1``
(two single-threaded CTranslate2 workers beat one two-threaded one on this machine: 768 against
638 target tokens/s, base model, beam 4 — see :mod:`workbench.mt.translate`), so the actors of
a node never use more threads than the CPUs Ray gave them. Packages come through the object
store (:mod:`workbench.batch.ship`).

Failures: an actor process that dies is restarted (``max_restarts``) and its calls replayed
(``max_task_retries``); a call that raises RuntimeError, OSError or MemoryError is retried as
well. A PackageError (a text the model cannot take) is not retried: the driver splits the wave
to find the segment. ``WORKBENCH_BATCH_FAULT=crash:FILE`` or ``raise:FILE`` makes the first
call that can delete FILE crash its actor or raise (fault injection for the tests; forwarded to
the actors).
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from workbench.batch.model import Outcome, Wave
from workbench.errors import PackageError, WorkbenchError

if TYPE_CHECKING:
    from workbench.mt.options import DecodeOptions
    from workbench.mt.packages import InstalledPackage
    from workbench.mt.routes import Route
    from workbench.mt.translate import MTResult

INSTALL_HINT = "Ray is not installed: pip install 'workbench[ray]' (on every node of the cluster)"
FAULT_ENV = "WORKBENCH_BATCH_FAULT"
MAX_RESTARTS = 3
MAX_TASK_RETRIES = 3
#: Calls queued per actor: the next wave is already there when one finishes.
IN_FLIGHT = 2
#: CPUs per actor when the number of actors is not given (see the module docstring).
DEFAULT_ACTOR_CPUS = 2
#: Seconds for the actors to be placed, fetch the packages and load them.
START_TIMEOUT = 600.0


def import_ray() -> Any:
    """The ``ray`` module, or one line saying how to install it. Ray's ``uv run`` propagation
    (which would upload the current folder to the workers) stays off unless asked for."""
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    try:
        import ray
    except ImportError:
        raise WorkbenchError(INSTALL_HINT) from None
    return ray


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """Ray, ready: the session already started in this process, else a new local Ray
    (``auto``), else the cluster at ``address`` (``ray://head:10001`` or ``host:port``)."""
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    try:
        if address == "auto":
            ray.init(
                address="local",
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        elif address.startswith("ray://"):
            ray.init(address=address)
        else:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise WorkbenchError(
            f"cannot reach the Ray cluster at {address} ({first}): check the address, or use "
            "--ray auto for a local one"
        ) from error
    try:
        yield ray
    finally:
        ray.shutdown()


def _fault() -> None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    kind, _, marker = spec.partition(":")
    try:
        os.unlink(marker)
    except FileNotFoundError:
        return
    if kind == "crash":
        os._exit(70)
    raise RuntimeError(f"fault injected by {FAULT_ENV}")


def _fetcher(ray: Any, holder: list[Any]) -> Callable[[], bytes]:
    return lambda: bytes(ray.get(holder[0]))


@dataclass(frozen=True, slots=True)
class Shipment:
    """What an actor needs to load the batch's routes: each route as the SHA-256 of its
    packages' bytes, and each package as the driver resolved it with the object-store
    reference of its bytes (in a list, so that Ray hands over the reference, not 100 MB that
    the node may already hold). It travels with every call (a few hundred bytes), so an actor
    that Ray restarts loads the packages again on its first replayed call."""

    routes: dict[str, tuple[str, ...]]
    packages: dict[str, tuple[InstalledPackage, list[Any]]]


class BatchTranslator:
    """A Ray actor (wrapped by ``ray.remote`` in :class:`RayPool`): its own copies of the
    packages, its CTranslate2 translators loaded once, then one wave per call."""

    def __init__(self, options: DecodeOptions) -> None:
        self.options = options
        self.routes: dict[str, Route] | None = None
        self.load_seconds = 0.0

    def load(self, shipment: Shipment) -> tuple[float, int]:
        """Fetch (once per node) and load the packages (once per actor); the seconds that
        took and the process id."""
        if self.routes is None:
            self.routes = self._load(shipment)
        return self.load_seconds, os.getpid()

    def _load(self, shipment: Shipment) -> dict[str, Route]:
        import ray

        from workbench.batch.ship import unpack
        from workbench.mt import loaded
        from workbench.mt.routes import Route

        started = time.perf_counter()
        local = {
            sha: unpack(package, sha, _fetcher(ray, holder))
            for sha, (package, holder) in shipment.packages.items()
        }
        for package in local.values():
            loaded.codec(package)
            loaded.translator(package, self.options)
        self.load_seconds = time.perf_counter() - started
        return {
            lang: Route(
                local[shas[0]].from_code, local[shas[-1]].to_code, tuple(local[s] for s in shas)
            )
            for lang, shas in shipment.routes.items()
        }

    def translate(self, shipment: Shipment, lang: str, texts: list[str]) -> list[MTResult]:
        from workbench.mt.translate import translate_texts

        self.load(shipment)
        assert self.routes is not None
        _fault()
        return translate_texts(texts, self.routes[lang], self.options)


@dataclass(slots=True)
class _Actor:
    handle: Any
    busy: int = 0


class RayPool:
    """``workers`` actors over the connected cluster, translating waves."""

    def __init__(
        self,
        ray: Any,
        routes: Mapping[str, Route],
        options: DecodeOptions,
        workers: int | None,
        address: str,
    ) -> None:
        from workbench.batch.ship import pack

        self.ray = ray
        cluster_cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        if workers is None:
            cpus = min(DEFAULT_ACTOR_CPUS, cluster_cpus)
            workers = max(1, cluster_cpus // cpus)
        else:  # more actors than CPUs could never all be placed: the batch would wait forever
            workers = min(workers, cluster_cpus)
            cpus = max(1, cluster_cpus // workers)
        self.cpus = cpus
        shipped: dict[str, tuple[InstalledPackage, list[Any]]] = {}
        shas: dict[str, tuple[str, ...]] = {}
        for lang, route in routes.items():
            steps = []
            for package in route.steps:
                data, sha = pack(package)
                if sha not in shipped:
                    shipped[sha] = (package, [ray.put(data)])
                steps.append(sha)
            shas[lang] = tuple(steps)
        actor_options: dict[str, Any] = {
            "num_cpus": cpus,
            "max_restarts": MAX_RESTARTS,
            "max_task_retries": MAX_TASK_RETRIES,
        }
        if os.environ.get(FAULT_ENV):
            actor_options["runtime_env"] = {"env_vars": {FAULT_ENV: os.environ[FAULT_ENV]}}
        remote = ray.remote(BatchTranslator).options(**actor_options)
        decode = replace(options, inter_threads=cpus, intra_threads=1)
        self.shipment = Shipment(shas, shipped)  # held here: the references stay alive
        self.actors = [_Actor(remote.remote(decode)) for _ in range(workers)]
        try:
            infos = ray.get(
                [a.handle.load.remote(self.shipment) for a in self.actors], timeout=START_TIMEOUT
            )
        except ray.exceptions.GetTimeoutError:
            raise WorkbenchError(
                f"the Ray actors were not ready after {START_TIMEOUT:.0f} s: check that the "
                f"cluster has {workers * cpus} free CPUs (`ray status`), or give fewer --workers"
            ) from None
        except ray.exceptions.RayError as error:
            raise WorkbenchError(
                f"the Ray actors could not load the packages: {_cause(error)}"
            ) from error
        self.load_seconds = tuple(seconds for seconds, _pid in infos)
        self.engine = f"ray: {workers} actor{'s' if workers > 1 else ''} x {cpus} CPU ({address})"

    def run(self, queue: deque[Wave]) -> Iterator[Outcome]:
        """Translate the waves of ``queue`` (the caller may add waves while iterating); each
        outcome as soon as it is back."""
        ray = self.ray
        pending: dict[Any, tuple[Wave, _Actor]] = {}
        while queue or pending:
            while queue and self.actors:
                actor = min(self.actors, key=lambda a: a.busy)
                if actor.busy >= IN_FLIGHT:
                    break
                wave = queue.popleft()
                call = actor.handle.translate.options(retry_exceptions=_RETRIED)
                pending[call.remote(self.shipment, wave.lang, list(wave.texts))] = (wave, actor)
                actor.busy += 1
            if not pending:
                raise WorkbenchError("every Ray actor failed: see the Ray logs of the cluster")
            [ref], _ = ray.wait(list(pending), num_returns=1)
            wave, actor = pending.pop(ref)
            actor.busy -= 1
            try:
                results = ray.get(ref)
            except ray.exceptions.RayActorError:  # restarts used up: go on without it
                if actor in self.actors:
                    self.actors.remove(actor)
                queue.appendleft(wave)
                continue
            except ray.exceptions.RayTaskError as error:
                package_fault = isinstance(getattr(error, "cause", None), PackageError)
                yield Outcome(wave, None, _cause(error), split=package_fault)
                continue
            yield Outcome(wave, tuple(results))


_RETRIED: list[type[BaseException]] = [RuntimeError, OSError, MemoryError]


def _cause(error: BaseException) -> str:
    cause = getattr(error, "cause", None)
    if isinstance(cause, WorkbenchError):
        return str(cause)
    shown = cause if cause is not None else error
    lines = str(shown).strip().splitlines()
    return f"{type(shown).__name__}: {lines[-1] if lines else ''}"
