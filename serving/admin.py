"""Load a new model into a running server: ``POST /v1/admin/reload-model`` (admin keys) and SIGHUP.

``polarscan promote`` replaces the bundle folder the server serves (``POLARSCAN_BUNDLE_PATH``);
a reload reads that folder again, verifies it (``models.bundle``: hashes, format and normaliser
versions) and swaps the predictor in one assignment. A bundle that does not load leaves the
served model in place (409 with the reason). Requests already running finish with the model
they started with, so every stored suggestion carries the id/version of the model that actually
scored it; the old micro-batcher is stopped ``RETIRE_AFTER_S`` seconds later. Reloads are
serialised and audited (``model.reload``).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from polarscan.serving.errors import Conflict
from polarscan.serving.auth import ADMIN_ROLES, require
from polarscan.serving.keys import Principal

log = logging.getLogger("polarscan.admin")
router = APIRouter()
RETIRE_AFTER_S = 30.0  # requests running on the old model have this long to finish


def _ref(predictor: Any) -> dict[str, str] | None:
    if predictor is None:
        return None
    return {"id": str(predictor.model_id), "version": str(predictor.model_version), "kind": str(predictor.bundle.kind)}


def load_bundle(settings: Any) -> Any:
    """The predictor of ``settings.bundle_path`` (verified by ``models.bundle``; raises on a bad one)."""
    from polarscan.models.predictor import Predictor, available_cores

    return Predictor.from_bundle(settings.bundle_path, threads=settings.ort_threads or available_cores(), spinning=settings.ort_spinning)


async def with_batcher(settings: Any, loaded: Any) -> tuple[Any, Any]:
    """``(predictor, batcher)``: with ``settings.batching`` every model call of ``loaded`` goes
    through one started micro-batcher (``serving/batcher.py``); else ``(loaded, None)``."""
    if not (settings.batching and hasattr(loaded, "with_runner")):
        return loaded, None
    from polarscan.serving.batcher import MicroBatcher

    batcher = MicroBatcher(loaded.runner, max_batch=settings.batch_max, max_wait_ms=settings.batch_wait_ms)
    await batcher.start()
    return loaded.with_runner(batcher.score_sync), batcher


async def _retire(batcher: Any, after_s: float) -> None:
    try:
        await asyncio.sleep(after_s)
    finally:
        await batcher.stop()


async def reload_model(app: Any, *, actor: str = "server") -> dict[str, Any]:
    """Load ``settings.bundle_path`` again and serve it; returns ``{"previous": ref, "model": ref}``.

    Raises ``Conflict`` (nothing changes) when the bundle does not load."""
    from polarscan.models.bundle import BundleError

    settings = app.state.settings
    lock = getattr(app.state, "reload_lock", None)
    if lock is None:
        lock = app.state.reload_lock = asyncio.Lock()
    async with lock:
        try:
            loaded = await asyncio.to_thread(load_bundle, settings)
        except (BundleError, OSError) as exc:
            raise Conflict(f"the bundle at {settings.bundle_path} does not load; still serving the previous model: {exc}") from None
        loaded, batcher = await with_batcher(settings, loaded)
        previous, old_batcher = app.state.predictor, getattr(app.state, "batcher", None)
        app.state.predictor, app.state.batcher = loaded, batcher  # new requests get the new model from here on
        if old_batcher is not None:
            retiring = getattr(app.state, "retiring", None)
            if retiring is None:
                retiring = app.state.retiring = set()
            task = asyncio.get_running_loop().create_task(_retire(old_batcher, RETIRE_AFTER_S))
            retiring.add(task)
            task.add_done_callback(retiring.discard)
        result = {"previous": _ref(previous), "model": _ref(loaded), "bundle_path": str(settings.bundle_path)}
        db = getattr(app.state, "review_db", None)
        if db is not None:
            from polarscan.serving.review import audit

            with db.session() as session:
                audit.record(session, actor, "model.reload", "model", f"{result['model']['id']}@{result['model']['version']}",
                             previous=result["previous"], bundle_path=result["bundle_path"])
                session.commit()
        log.info("reloaded the model: %s -> %s", result["previous"], result["model"])
        return result


async def stop_retiring(app: Any) -> None:
    """Stop old micro-batchers still waiting to retire (at shutdown)."""
    for task in list(getattr(app.state, "retiring", None) or ()):
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass


def install_reload_signal(app: Any) -> bool:
    """SIGHUP reloads the model (only where the event loop runs in the main thread, as under
    ``polarscan serve``); returns whether the handler was installed."""
    try:
        loop = asyncio.get_running_loop()

        def _on_hup() -> None:
            async def run() -> None:
                try:
                    await reload_model(app, actor="signal:SIGHUP")
                except Conflict as exc:
                    log.error("SIGHUP reload refused: %s", exc.message)

            loop.create_task(run())

        loop.add_signal_handler(signal.SIGHUP, _on_hup)
        return True
    except (NotImplementedError, RuntimeError, ValueError, AttributeError):  # not the main thread / no SIGHUP here
        return False


def remove_reload_signal() -> None:
    try:
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
    except (NotImplementedError, RuntimeError, ValueError, AttributeError):
        pass


@router.post("/v1/admin/reload-model", tags=["admin"],
             summary="Load the bundle at POLARSCAN_BUNDLE_PATH again and serve it, without a restart (admin)")
async def reload_model_route(request: Request, principal: Annotated[Principal, Depends(require(*ADMIN_ROLES))]) -> dict[str, Any]:
    """After `polarscan promote` replaced the served bundle. Running requests finish on the model they
    started with; a bundle that does not verify is refused with 409 and the old model stays."""
    return await reload_model(request.app, actor=principal.name)
