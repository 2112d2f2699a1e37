"""Batch runs: a YAML spec of notebooks and parameters, each run in its own folder, failures listed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import ReportError
from analysis.reports.execute import ReportResult, run_report
from analysis.reports.find import check_output_root, default_run_name, slug
from analysis.reports.index import write_index


@dataclass
class BatchResult:
    done: list[ReportResult] = field(default_factory=list)
    failed: list[ReportResult] = field(default_factory=list)


def _top_speakers(parameters: dict, n: int) -> list[str]:
    """The n most quoted speakers of the corpus the run's parameters name (for `top_speakers:`)."""
    from analysis.explore.summaries import share_of_voice
    from analysis.ingest.load import load_corpus

    frames = load_corpus(str(parameters.get("input_path") or ""), store=str(parameters.get("store") or ""),
                         limit=int(parameters.get("limit") or 0))
    table = share_of_voice(frames)
    table = table[~table["speaker_key"].str.startswith(("Q:", "U:"))]  # named actors, not "the report"
    return list(dict.fromkeys(table["speaker"]))[:n]


def batch_defaults(spec) -> dict:
    """The `defaults:` of a batch spec (a spec without a `runs:` list is no batch: ReportError)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("runs"), list):
        raise ReportError("a batch file needs a `runs:` list (and optional `defaults:` mapping); see "
                          "`presswork report --help`")
    defaults = spec.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ReportError("`defaults:` in a batch file must be a mapping of parameter names to values")
    return defaults


def expand_run(i: int, run, defaults: dict) -> list[dict]:
    """The runs of batch entry `i` (1-based): [{notebook, parameters, run_name}], or ReportError saying
    what is wrong with the entry. ``top_speakers: N`` makes N actor runs, one per most quoted speaker."""
    if isinstance(run, str):
        run = {"notebook": run}
    if not isinstance(run, dict) or "notebook" not in run:
        raise ReportError(f"batch run {i} needs a `notebook:` name")
    if not isinstance(run["notebook"], str) or not run["notebook"]:
        raise ReportError(f"batch run {i}: `notebook:` must be a notebook name or path, not {run['notebook']!r}")
    if run.get("run_name") is not None and not isinstance(run["run_name"], str):
        raise ReportError(f"batch run {i}: `run_name:` must be text, not {run['run_name']!r}")
    if not isinstance(run.get("parameters") or {}, dict):
        raise ReportError(f"batch run {i}: `parameters:` must be a mapping of names to values")
    params = {**defaults, **(run.get("parameters") or {})}
    top = run.get("top_speakers")
    if top is None or top is False:
        return [{"notebook": run["notebook"], "parameters": params, "run_name": run.get("run_name")}]
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ReportError(f"batch run {i}: `top_speakers:` must be a whole number of speakers, not {top!r}")
    return [{"notebook": run["notebook"], "parameters": {**params, "actor": speaker}, "run_name": slug(speaker)}
            for speaker in _top_speakers(params, top)]


def expand_batch(spec: dict) -> list[dict]:
    """The runs of a batch spec: [{notebook, parameters, run_name}], `defaults` merged into each; the first
    bad entry raises ReportError (`run_batch` instead fails that entry alone)."""
    defaults = batch_defaults(spec)
    return [r for i, run in enumerate(spec["runs"], start=1) for r in expand_run(i, run, defaults)]


def run_batch(spec: dict, output_root: str | Path = "reports", show_code: bool = False,
              progress: bool = True) -> BatchResult:
    """Run every notebook/parameter set of `spec`, continuing past failures -- a bad entry, a bad value, a
    failing notebook -- each listed with why; the index is rewritten. Each run gets a folder of its own."""
    from tqdm.auto import tqdm

    check_output_root(output_root)
    result = BatchResult()
    defaults = batch_defaults(spec)
    entries: list[list[dict] | ReportResult] = []  # each entry's runs, or why it cannot run
    for i, entry in enumerate(spec["runs"], start=1):
        try:
            entries.append(expand_run(i, entry, defaults))
        except Exception as e:  # noqa: BLE001 -- a bad entry (or a failed top_speakers query) fails alone
            notebook = entry.get("notebook") if isinstance(entry, dict) else entry
            message = str(e) if isinstance(e, ReportError) else f"batch run {i}: {type(e).__name__}: {e}"
            entries.append(ReportResult(str(notebook), f"run {i}", None, None, {}, 0.0, message))
    taken: set[Path] = set()
    bar = tqdm(total=sum(len(e) for e in entries if isinstance(e, list)), desc="reports", unit="report",
               disable=not progress)
    for entry in entries:
        if isinstance(entry, ReportResult):
            result.failed.append(entry)
            continue
        for run in entry:
            started = time.perf_counter()
            try:
                result.done.append(run_report(run["notebook"], run["parameters"], run_name=run.get("run_name"),
                                              output_root=output_root, show_code=show_code, taken=taken))
            except ReportError as e:
                stem = Path(run["notebook"]).stem
                name = run.get("run_name") or default_run_name(run["parameters"])
                result.failed.append(ReportResult(stem, slug(name), None, None, run["parameters"],
                                                  time.perf_counter() - started, str(e)))
            bar.update(1)
    bar.close()
    write_index(output_root)
    return result
