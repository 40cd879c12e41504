"""A sensitivity run: design, evaluation in chunks streamed to disk, resume, analysis.

Folder ``--out`` (default ``results/<scenario>/sensitivity-<method>``):

* ``manifest.json`` — what the run is (scenario file and the SHA-256 of every input, overrides,
  parameters and their distributions, method, N, seed, mode, second order, levels, chunk
  size); a resume into a folder whose manifest differs is refused, naming the differences;
* ``design.npy`` — the unit-space design (written before any evaluation);
* ``chunks/chunk_<k>.parquet`` — outputs of design rows [k·C, (k+1)·C), each written
  atomically when done, so a killed run loses at most the chunks under way and resumes where
  it stopped; a chunk whose worker died is run again;
* at the end: ``samples.parquet`` (every sample: parameter values — a categorical's level
  index, with its name in ``level.<name>`` — and outputs, so an analysis can be redone without
  re-solving), ``indices.csv`` (with the parameters' Chinese and English labels),
  ``penalties.csv`` (the price of a shortfall of each target), ``summary.json``, ``charts/``,
  ``warnings.log`` (what SALib, numpy, pandas and ema-workbench said, kept out of the
  terminal) and, for probability samples only (Sobol, delta; :mod:`model.sensitivity.analysis`):
  ``probabilities.csv``, ``percentiles.csv``, ``bins.csv`` (P(every target met) and cost
  percentiles by bins of the most influential inputs), ``failure_boxes.csv`` (PRIM,
  :mod:`model.sensitivity.discovery`) and ``intervals.csv`` (the intervals the briefing reads,
  :func:`model.report.evidence.sensitivity`).

Evaluation: in this process (``workers=1``), in K worker processes (spawned; each builds its
model once), or on a Dask distributed cluster (``scheduler``: each worker builds its model once
and keeps it; the scheduler re-runs the chunks of a worker that died). A scheduler that cannot
be reached, or an empty or non-tcp address, is an InputError (exit status 2), never a silent
local run. A scheduler lost mid-run (:data:`SCHEDULER_TIMEOUT`), a cluster left without
workers (:data:`WORKER_TIMEOUT`) or a chunk whose workers keep dying ends the run in one line
(exit status 4) with the finished chunks kept for a resume.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import EXIT_SOLVER, InputError, PeakplanError, summarise
from model.sensitivity import methods

MARKER = ".peakplan-sensitivity"
#: How long a Dask scheduler has to answer before the run stops (exit status 2).
CONNECT_TIMEOUT = "5s"
#: A run on Dask stops (one line, exit status 4, finished chunks kept) when the scheduler has
#: not answered for this many seconds ...
SCHEDULER_TIMEOUT = 30.0
#: ... or the cluster has had no worker for this many seconds (all died and none came back).
WORKER_TIMEOUT = 60.0
#: How often a run on Dask looks at its chunks, the scheduler and the workers (seconds).
POLL_SECONDS = 1.0
#: The most local worker processes: each builds and holds its own model (about 0.3 GB for the
#: shipped scenario) and solves with one thread; beyond a machine's cores they only compete.
MAX_WORKERS = max(1, os.cpu_count() or 1) * 2
_CACHE: dict = {}


# --------------------------------------------------------------------------- workers

def _evaluator(spec: dict):
    """This process's Evaluator for ``spec`` (built on first use, then kept: in a worker
    process, with one HiGHS thread)."""
    key = json.dumps(spec, sort_keys=True)
    ev = _CACHE.get(key)
    if ev is None:
        from model.sensitivity.evaluate import Evaluator

        _CACHE.clear()
        ev = Evaluator(spec["scenario"], spec["overrides"], spec["mode"],
                       spec.get("uncertainty"), threads=1)
        _CACHE[key] = ev
    return ev


class WorkerError(PeakplanError):
    """An error raised in a worker, carried back as its one-line message and exit status
    (InputError and SolverError take several arguments and do not pickle as they are)."""

    def __init__(self, message: str, exit_code: int = EXIT_SOLVER):
        from model.errors import _one_line, _relative

        super().__init__(_relative(_one_line(message)))
        self.exit_code = exit_code

    def __reduce__(self):
        return (WorkerError, (str(self), self.exit_code))


def evaluate_chunk(spec: dict, k: int, values: np.ndarray) -> tuple[int, list[dict]]:
    """Outputs of the design rows of chunk ``k`` (``values`` [n, D], parameter values); an
    error of peakplan's comes back as a :class:`WorkerError` with its message and status."""
    try:
        return _evaluate_chunk(spec, k, values)
    except WorkerError:
        raise
    except PeakplanError as exc:
        raise WorkerError(str(exc), exc.exit_code) from None


def _evaluate_chunk(spec: dict, k: int, values: np.ndarray) -> tuple[int, list[dict]]:
    flag = os.environ.get("PEAKPLAN_SENSITIVITY_DIE_ONCE")  # fault injection for the tests
    if flag and not Path(flag).exists():
        Path(flag).write_text(str(k), encoding="utf-8")
        os._exit(1)
    ev = _evaluator(spec)
    names = ev.pset.names
    out = []
    for i, row in enumerate(values):
        try:
            out.append(ev.evaluate(dict(zip(names, row, strict=True))))
        except PeakplanError as exc:  # name the sample, keep the message and its status
            raise WorkerError(f"chunk {k}, its sample {i + 1}: {exc}", exc.exit_code) from None
    return k, out


# --------------------------------------------------------------------------- folder

def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def manifest_for(ev, method, n, seed, mode, second_order, levels, chunk, overrides) -> dict:
    return {"scenario": ev.sc.name, "scenario_file": str(ev.sc.path),
            "inputs": {str(p): _sha(p) for p in ev.prep.input_files},
            "uncertainty_file": getattr(ev, "uncertainty_file", None),
            "overrides": list(overrides), "parameters": ev.pset.describe(),
            "method": method, "N": n, "seed": seed, "mode": mode,
            "second_order": bool(second_order), "levels": levels, "chunk_size": chunk}


def _differences(old: dict, new: dict) -> list[str]:
    out = []
    for k in new:
        if old.get(k) != new[k]:
            if k == "inputs":
                changed = sorted(set(old.get(k, {}).items()) ^ set(new[k].items()))
                files = sorted({Path(f).name for f, _ in changed})
                out.append(f"inputs ({', '.join(files[:4])}{' ...' if len(files) > 4 else ''})")
            elif k == "parameters":
                a = {p["name"]: p for p in old.get(k, [])}
                b = {p["name"]: p for p in new[k]}
                names = sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n))
                out.append(f"parameters ({', '.join(names)})")
            else:
                out.append(f"{k} ({old.get(k)!r} -> {new[k]!r})")
    return out


def check_folder(out: str | Path, inputs=()) -> Path:
    """The real run folder of ``--out`` (:func:`model.io.resolve_out`: ``..`` and links
    resolved, never the working folder, a path through a file or inside an input folder),
    checked before anything is created: new, empty, or an earlier sensitivity run (to resume).
    Raises InputError otherwise (an existing file, another folder)."""
    from model.io import resolve_out

    real = resolve_out(out, inputs)
    if real.exists() and not real.is_dir():
        raise InputError(f"--out {out}", "an existing file", "a folder for the sensitivity "
                         "run (new, empty, or an earlier run of the same sensitivity)")
    if real.is_dir() and any(real.iterdir()) and not (
            (real / MARKER).is_file() and (real / "manifest.json").is_file()):
        raise InputError(f"--out {out}", "a folder that is not a sensitivity run's",
                         "an empty folder, a new one, or an earlier run of the same "
                         "sensitivity to resume")
    return real


def _prepare_folder(out: Path, manifest: dict) -> bool:
    """Create or check the run folder; True when resuming."""
    if out.exists() and any(out.iterdir()):
        mpath = out / "manifest.json"
        try:
            old = json.loads(mpath.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(str(mpath), f"a damaged manifest ({type(exc).__name__})",
                             "the manifest of an earlier sensitivity run (or another --out)"
                             ) from None
        diff = _differences(old, manifest)
        if diff:
            raise InputError(f"--out {out}", "an earlier run of a different sensitivity: "
                             + "; ".join(diff), "the same scenario, inputs, parameters and "
                             "options to resume, or another --out")
        (out / "chunks").mkdir(exist_ok=True)
        return True
    (out / "chunks").mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("sensitivity\n", encoding="utf-8")
    _atomic_json(manifest, out / "manifest.json")
    return False


def _atomic_json(obj, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=float),
                   encoding="utf-8")
    os.replace(tmp, path)


def _remove_if_empty(out: Path) -> None:
    """Remove a run folder this run created when it ends before any chunk is finished (it
    holds only the manifest, the design and the marker): a corrected declaration can then use
    the same --out instead of being refused as another run's."""
    import shutil

    ours = {"manifest.json", "design.npy", MARKER, "chunks"}
    if {p.name for p in out.iterdir()} <= ours and not any((out / "chunks").iterdir()):
        shutil.rmtree(out, ignore_errors=True)


def _save_design(path: Path, u: np.ndarray) -> None:
    """design.npy written atomically (a kill mid-write leaves no half file)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.save(f, u)
    os.replace(tmp, path)


def _read_design(path: Path) -> np.ndarray:
    """The design of an earlier run, or InputError in one line if the file is damaged."""
    try:
        return np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise InputError(f"{path}", f"a damaged file ({type(exc).__name__}: "
                         f"{str(exc).split('.')[0][:80]})", "the design the first run wrote "
                         "(delete the file to have it written again, the design is "
                         "reproducible from the seed)") from None


def _write_chunk(out: Path, k: int, start: int, rows: list[dict]) -> None:
    df = pd.DataFrame(rows)
    df.insert(0, "sample", np.arange(start, start + len(rows)))
    path = out / "chunks" / f"chunk_{k:05d}.parquet"
    tmp = path.with_suffix(".tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _done_chunks(out: Path) -> set[int]:
    import re

    return {int(m.group(1)) for p in (out / "chunks").glob("chunk_*.parquet")
            if (m := re.fullmatch(r"chunk_(\d+)", p.stem))}


# --------------------------------------------------------------------------- run

def run(scenario, overrides=(), method: str = "morris", n: int = 10, seed: int = 1,
        workers: int = 1, scheduler: str | None = None, mode: str = "reoptimise",
        out: str | Path | None = None, chunk: int = 16, second_order: bool = False,
        levels: int = 4, progress: bool = True, charts: bool = True,
        uncertainty: str | Path | None = None) -> dict:
    """Run (or resume) a sensitivity analysis and write its folder (module docstring).
    Returns the summary (also ``summary.json``). Raises InputError on bad input."""
    from model.sensitivity import sampling
    from model.sensitivity.evaluate import Evaluator

    if mode not in ("reoptimise", "fixed-plan"):
        raise InputError("--mode", repr(mode), "reoptimise or fixed-plan")
    if workers < 1:
        raise InputError("--workers", str(workers), "at least 1")
    if chunk < 1:
        raise InputError("--chunk", str(chunk), "at least 1")
    if workers > MAX_WORKERS:
        raise InputError("--workers", str(workers), f"at most {MAX_WORKERS} worker processes "
                         "(each holds its own model; more machines: --scheduler)")
    m = methods.get(method)  # an unknown method: one line, before the model is built
    if m.check is not None:
        m.check(levels)  # the method's own settings (Morris levels), before the model is built
    if out is not None:
        check_folder(out)  # before the model is built; again below with its input folders
    log_levels = _quiet() if scheduler is not None else None
    try:
        client = _connect(scheduler) if scheduler is not None else None
    except BaseException:
        _close(None, log_levels)
        raise
    try:
        scen_path = str(Path(scenario).resolve()) if scenario else None
        unc_path = str(Path(uncertainty).resolve()) if uncertainty else None
        spec = {"scenario": scen_path, "overrides": list(overrides), "mode": mode,
                "uncertainty": unc_path}
        ev = Evaluator(scen_path, list(overrides), mode, unc_path)
        spec["scenario"] = str(ev.sc.path)
        _CACHE[json.dumps(spec, sort_keys=True)] = ev
        u = sampling.design(ev.pset, method, n, seed, second_order, levels)
        values = ev.pset.values(u)
        from model.pipeline import input_folders

        out = check_folder(out if out is not None else Path.cwd() / "results" / ev.sc.name /
                           f"sensitivity-{method}", input_folders(ev.sc))
        manifest = manifest_for(ev, method, n, seed, mode, second_order, levels, chunk, overrides)
        resumed = _prepare_folder(out, manifest)
        dpath = out / "design.npy"
        if resumed and dpath.exists():
            if not np.array_equal(_read_design(dpath), u):
                raise InputError(f"--out {out}", "a design that differs from this one",
                                 "the same design to resume (SALib version changed?)")
        else:
            _save_design(dpath, u)
        n_chunks = math.ceil(len(u) / chunk)
        todo = [k for k in range(n_chunks) if k not in _done_chunks(out)]
        try:
            _execute(spec, values, chunk, todo, out, workers, client, progress, ev)
        except BaseException:
            if not resumed:
                _remove_if_empty(out)
            raise
    finally:
        if client is not None:
            _close(client, log_levels)
    return finish(out, ev, u, values, method, second_order, levels, seed, charts,
                  resumed=resumed)


def _connect(address: str):
    """A Dask client of the scheduler at ``address`` (``tcp://host:port`` or ``host:port``),
    or InputError in one line: an empty or malformed address, a transport peakplan does not
    configure (``tls://`` needs certificates, ``ucx://``, ``inproc://``), or no scheduler that
    completes Dask's handshake within :data:`CONNECT_TIMEOUT` plus 5 s (a port that accepts
    and never answers would otherwise hold the run for minutes: the client is made in a
    background thread and given up on)."""
    import re
    import threading

    text = str(address).strip()
    m = re.fullmatch(r"(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>\[[^\]]+\]|[^:/\s]+)"
                     r":(?P<port>\d{1,5})/?", text)
    if m is None or (m.group("scheme") or "tcp").lower() not in ("tcp",) or \
            not 0 < int(m.group("port")) < 65536:
        scheme = (m.group("scheme") or "") if m else ""
        found = (repr(text) if not scheme or scheme.lower() == "tcp" else
                 f"{text!r} ({scheme}:// needs a security or transport setup peakplan does not "
                 "take)")
        raise InputError("--scheduler", found, "the address of a running Dask scheduler as "
                         "tcp://host:port, e.g. tcp://127.0.0.1:8786 (or leave --scheduler "
                         "out to run locally)")
    try:
        from dask.distributed import Client
    except ImportError:  # pragma: no cover - dask is a dependency
        raise InputError("--scheduler", "dask.distributed not installed",
                         "pip install 'dask[distributed]'") from None
    box: dict = {}

    def make() -> None:
        try:
            box["client"] = Client(text, timeout=CONNECT_TIMEOUT)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=make, daemon=True, name="peakplan-dask-connect")
    thread.start()
    wait = float(CONNECT_TIMEOUT.rstrip("s")) + 5
    thread.join(wait)
    if "client" in box:
        return box["client"]
    why = type(box["error"]).__name__ if "error" in box else f"no answer within {wait:g} s"
    raise InputError(f"--scheduler {text}", f"no Dask scheduler answering ({why})",
                     "the address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786 "
                     "(dask scheduler)")


#: Loggers whose messages about a lost scheduler or worker would add lines to the one line
#: a run ends with (their levels are raised while a run uses Dask, then put back).
_QUIET = ("distributed", "asyncio", "tornado")


def _quiet() -> dict:
    import logging

    import distributed  # noqa: F401 - configures its loggers first, so all are found below

    names = [n for n in [*_QUIET, *logging.root.manager.loggerDict]
             if n.split(".")[0] in _QUIET]
    levels = {n: logging.getLogger(n).level for n in dict.fromkeys(names)}
    for n in levels:
        logging.getLogger(n).setLevel(logging.CRITICAL + 1)
    return levels


def _close(client, levels: dict | None = None) -> None:
    """Close a Dask client without waiting on a scheduler that is gone (daemon thread), then
    give the quietened loggers their levels back."""
    import logging
    import threading

    def close() -> None:
        try:
            if client is not None:
                client.close(timeout=5)
        except Exception:
            return

    t = threading.Thread(target=close, daemon=True, name="peakplan-dask-close")
    t.start()
    t.join(10)
    import gc

    gc.collect()  # a gather cut short leaves a task whose error is logged when collected
    for n, level in (levels or {}).items():
        logging.getLogger(n).setLevel(level)


def _execute(spec, values, chunk, todo, out, workers, client, progress, ev) -> None:
    bar = _Progress(len(todo), sum(min(chunk, len(values) - k * chunk) for k in todo),
                    progress)
    with bar:
        if client is not None:
            _execute_dask(client, spec, values, chunk, todo, out, bar)
            return
        if workers == 1:
            for k in todo:
                _, rows = evaluate_chunk(spec, k, values[k * chunk:(k + 1) * chunk])
                _write_chunk(out, k, k * chunk, rows)
                bar.advance(len(rows))
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        pending = list(todo)
        for _attempt in range(4):
            if not pending:
                return
            ctx = mp.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                futs = {pool.submit(evaluate_chunk, spec, k,
                                    values[k * chunk:(k + 1) * chunk]): k for k in pending}
                try:
                    for f in as_completed(futs):
                        k, rows = f.result()
                        _write_chunk(out, k, k * chunk, rows)
                        pending.remove(k)
                        bar.advance(len(rows))
                except BrokenProcessPool:
                    continue  # a worker died: its chunks (still pending) run again
        if pending:
            raise WorkerError(f"chunks {summarise(pending)} of {out}: a worker process died "
                              "four times running them; the finished chunks are kept (run the "
                              "same command again to resume)")


def _execute_dask(client, spec, values, chunk, todo, out, bar) -> None:
    """Run the chunks ``todo`` on the Dask cluster of ``client``, writing each when done.

    Ends in one line (:class:`WorkerError`, exit status 4), never a traceback nor a wait
    without end, with every finished chunk kept for a resume: when the scheduler stops
    answering for :data:`SCHEDULER_TIMEOUT` seconds, when the cluster has had no worker for
    :data:`WORKER_TIMEOUT` seconds (all died and none came back), or when Dask gives up on a
    chunk whose workers kept dying (``KilledWorker``, after its ``retries``)."""
    import time

    from dask.distributed import wait

    futures = {client.submit(evaluate_chunk, spec, k, values[k * chunk:(k + 1) * chunk],
                             pure=False, retries=3,
                             key=f"peakplan-chunk-{k}-{os.getpid()}-{id(values)}"): k
               for k in todo}
    pending = set(futures)
    total = len(pending)
    lost_since = no_workers_since = None
    failures: dict[int, int] = {}

    def stop(why: str) -> None:
        left = sorted(futures[f] for f in pending)
        for f in pending:
            f.release()
        raise WorkerError(f"{why}; chunks {summarise(left)} not run, {total - len(left)} of "
                          f"{total} finished and kept in {out} (run the same command again "
                          "to resume)")

    while pending:
        try:
            done, pending = wait(list(pending), timeout=POLL_SECONDS,
                                 return_when="FIRST_COMPLETED")
        except Exception:
            done = set()  # a timeout, or the connection lost mid-wait: looked at below
        for f in sorted(done, key=lambda d: futures[d]):
            k = futures[f]
            if f.status == "finished":
                try:
                    _, rows = f.result(timeout=min(SCHEDULER_TIMEOUT, 5.0))
                except Exception as exc:
                    # the worker holding it died before it was fetched: Dask computes it
                    # again (the watchdogs below end the run if nothing can)
                    pending.add(f)
                    failures[k] = failures.get(k, 0) + 1
                    if failures[k] > 3:
                        stop(f"chunk {k}: its result could not be fetched from the Dask "
                             f"cluster ({type(exc).__name__})")
                    continue
                _write_chunk(out, k, k * chunk, rows)
                bar.advance(len(rows))
                continue
            pending.add(f)
            if f.status == "error":
                err = f.exception(timeout=SCHEDULER_TIMEOUT)
                if isinstance(err, WorkerError):
                    stop(str(err))
                stop(f"chunk {k}: its Dask workers died running it ({type(err).__name__}), "
                     "more often than its retries allow")
            if f.status in ("lost", "pending"):
                # the worker holding it died: the scheduler computes it again when a worker
                # is there (the no-worker watchdog below ends the run if none comes back)
                continue
            stop(f"the Dask scheduler dropped chunk {k} ({f.status}: it stopped or restarted)")
        now = time.monotonic()
        if client.status != "running":
            lost_since = lost_since or now
            if client.status in ("closing", "closed") or now - lost_since > SCHEDULER_TIMEOUT:
                stop(f"the Dask scheduler stopped answering (connection {client.status} after "
                     f"{now - lost_since:.0f} s)")
            continue
        lost_since = None
        if (client.scheduler_info() or {}).get("workers"):
            no_workers_since = None
        else:
            no_workers_since = no_workers_since or now
            if now - no_workers_since > WORKER_TIMEOUT:
                stop(f"the Dask cluster has had no worker for {WORKER_TIMEOUT:g} s (every "
                     "worker died or left)")


class _Progress:
    """A rich progress bar of samples done and time left (silent when ``show`` is false)."""

    def __init__(self, chunks: int, samples: int, show: bool):
        self.show, self.samples = show and samples > 0, samples
        self.p = None

    def __enter__(self):
        if self.show:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.p = Progress(TextColumn("samples"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())
            self.p.__enter__()
            self.task = self.p.add_task("samples", total=self.samples)
        return self

    def advance(self, n: int) -> None:
        if self.p is not None:
            self.p.advance(self.task, n)

    def __exit__(self, *exc):
        if self.p is not None:
            self.p.__exit__(*exc)


# --------------------------------------------------------------------------- finish

def _read_chunk(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types on a damaged file
        raise InputError(str(path), f"a damaged chunk ({type(exc).__name__})", "a chunk "
                         "written by peakplan (delete it and run again to recompute it)"
                         ) from None


def load_samples(out: Path, names: list[str], values: np.ndarray) -> pd.DataFrame:
    """Every finished chunk joined to the parameter values, in design order."""
    frames = [_read_chunk(p) for p in sorted((out / "chunks").glob("chunk_*.parquet"))]
    df = pd.concat(frames, ignore_index=True).sort_values("sample").reset_index(drop=True)
    inputs = pd.DataFrame(values, columns=[f"param.{n}" for n in names])
    inputs.insert(0, "sample", np.arange(len(values)))
    return inputs.merge(df, on="sample", how="left")


def finish(out: Path, ev, u, values, method, second_order, levels, seed, charts: bool,
           resumed: bool = False) -> dict:
    """Join the chunks, analyse, write the tables, charts and summary (module docstring).
    Library warnings and log records go to ``warnings.log``, never to the terminal."""
    from model.sensitivity.discovery import quiet

    log: list[str] = []
    with quiet(log):
        summary = _finish(out, ev, u, values, method, second_order, levels, seed, charts,
                          resumed, log)
    lines = list(dict.fromkeys(x.replace("\n", " ") for x in log))
    (out / "warnings.log").write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
    summary["library_warnings"] = len(lines)
    _atomic_json(summary, out / "summary.json")
    return summary


def _finish(out: Path, ev, u, values, method, second_order, levels, seed, charts: bool,
            resumed: bool, log: list[str]) -> dict:
    from model.sensitivity import analysis, discovery

    samples = load_samples(out, ev.pset.names, values)
    if samples["feasible"].isna().any():
        raise WorkerError(f"{out}: some samples have no outputs; run the same command again "
                          "to resume")
    for p in ev.pset.params:
        if p.categorical:
            samples[f"level.{p.name}"] = [p.dist.level(v) for v in samples[f"param.{p.name}"]]
    samples.to_parquet(out / "samples.parquet", index=False)
    outputs = [k for k in ev.output_names() if k in samples.columns]
    m = methods.get(method)
    if m.slow:  # an analyzer taking seconds per output (delta): the headline outputs only
        outputs = analysis.headline(outputs, ev.ix0.years)
    ind = analysis.indices(ev.pset, method, u, samples, outputs, second_order, levels, seed)
    ind.to_csv(out / "indices.csv", index=False)
    targets = list(ev.t_info)
    labels = {t: (str(r.get("label_zh", t)), str(r.get("label_en", t)))
              for t, r in ev.t_info.items()}
    pen = pd.DataFrame([ev.penalties[t].record() for t in targets])
    pen.insert(1, "label_en", [labels[t][1] for t in targets])
    pen.insert(1, "label_zh", [labels[t][0] for t in targets])
    pen.to_csv(out / "penalties.csv", index=False)
    rows = analysis.probability_rows(method, len(samples), ev.pset, second_order)
    paths = samples["path"].fillna("")
    derive = int(paths.str.startswith("derive").sum())
    summary = {
        "scenario": ev.sc.name, "method": method, "mode": ev.mode, "samples": len(samples),
        "resumed": resumed,
        "exact_derive_path": derive, "exact_derive_share": derive / len(samples),
        "exact_derive_reasons": sorted(set(p for p in paths if p.startswith("derive"))),
        "cold_retries": int(paths.str.contains("solved cold").sum()),
        "central": {k: v for k, v in ev.central.items() if k != "path"},
        "penalties": pen.to_dict("records"),
        "warnings": analysis.warnings_of(ind, method, _size(method, len(samples), ev.pset,
                                                            second_order), ev.pset),
        "top": {o: analysis.ranking(ind, o, method).to_dict("records")
                for o in ["cost_pv", "feasible", *[f"shortfall.{t}" for t in targets],
                          *[f"price.{t}" for t in targets]] if o in outputs},
    }
    cost_outputs = [o for o in ("cost_pv", "cost_pv_plan", "penalty_pv", "cost_pv_feasible",
                                "cost_pv_gross", "annual_net", "annual_gross")
                    if o in samples.columns]
    if rows is None:
        summary.update(
            probability_sample=False, probabilities=[], failure_sentences=[],
            feasible_share=float(samples["feasible"].mean()),
            probabilities_note=(f"{method} is a screening design, not a sample of the inputs' "
                                "distribution: no probability, percentile, bin or failure box "
                                "is computed from it (run "
                                + " or ".join(x.name for x in methods.METHODS.values()
                                              if x.probability_rows is not None)
                                + " for those)"))
        for f in ("probabilities.csv", "percentiles.csv", "bins.csv", "failure_boxes.csv",
                  "intervals.csv"):
            (out / f).unlink(missing_ok=True)
    else:
        prob_samples = samples[rows]
        prob = analysis.probabilities(samples, targets, rows)
        prob.insert(1, "label_en", [labels.get(t, ("", "every target"))[1]
                                    for t in prob["target"]])
        prob.insert(1, "label_zh", [labels.get(t, ("所有目标", ""))[0] for t in prob["target"]])
        prob.to_csv(out / "probabilities.csv", index=False)
        pct = analysis.percentiles(samples, cost_outputs + [
            o for o in outputs if o.startswith(("co2.", "energy.", "price."))], seed,
            rows_mask=rows)
        pct.to_csv(out / "percentiles.csv", index=False)
        picked, groups = analysis.influential(ind, method, ev.pset)
        bt = analysis.bins(samples, ev.pset, picked, targets, rows)
        bt.to_csv(out / "bins.csv", index=False)
        boxes, found = discovery.failure_boxes(prob_samples, ev.pset, labels, log)
        boxes.to_csv(out / "failure_boxes.csv", index=False)
        _intervals(samples[rows], targets).to_csv(out / "intervals.csv", index=False)
        summary.update(
            probability_sample=True,
            feasible_share=float(prob_samples["feasible"].mean()),
            probabilities=prob.to_dict("records"),
            probabilities_note=f"over {m.probability_basis}: {int(rows.sum())} samples",
            bins_parameters=picked, bins_groups_not_binned=groups,
            failure_sentences=discovery.sentences(boxes),
            failure_boxes_note=m.boxes_note.format(k=int(rows.sum())))
        if charts:
            from model.sensitivity import charts as ch

            ch.bins_chart(bt, out / "charts", ev.pset)
            ch.boxes_chart(found, boxes, out / "charts")
    if charts:
        from model.sensitivity import charts as ch

        ch.write_all(out, ev, method, ind, samples, rows)
    return summary


def _size(method: str, n_rows: int, pset, second_order: bool) -> int:
    """The -N of a design of ``n_rows`` rows (the method's own count)."""
    return methods.get(method).size(pset, n_rows, second_order)


def _intervals(samples: pd.DataFrame, targets: list[str]) -> pd.DataFrame:
    """The 5-95 % intervals the briefing reads (model.report.evidence.sensitivity):
    ``annual_cost`` (the net annual cost of the plan, CNY/yr, over the samples where every
    target is met: conditional, said in ``note``), ``cost_pv`` (with penalties, every sample)
    and ``cost_pv_feasible``."""
    met = samples[[f"met.{t}" for t in targets]].to_numpy(dtype=float).min(axis=1) \
        if targets else np.ones(len(samples))
    ok = met == 1
    rows = []
    for out, unit, y, note in (
            ("annual_cost", "CNY/yr", samples.loc[ok, "annual_net"],
             f"conditional: the {int(ok.sum())} of {len(samples)} samples in which every "
             "target is met"),
            ("cost_pv", "CNY", samples["cost_pv"], "every sample: the plan's present value "
             "plus its shortfalls at their penalties"),
            ("cost_pv_feasible", "CNY", samples.loc[ok, "cost_pv_plan"],
             f"conditional: the {int(ok.sum())} of {len(samples)} samples in which every "
             "target is met")):
        v = y.to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        q = np.percentile(v, [5, 50, 95]) if len(v) else [math.nan] * 3
        rows.append({"output": out, "unit": unit, "p05": q[0], "p50": q[1], "p95": q[2],
                     "level": 0.9, "samples": len(v), "note": note})
    return pd.DataFrame(rows)
