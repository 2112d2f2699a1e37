"""`presswork report`: run a notebook with papermill and render a shareable HTML report (or many: --batch)."""

from __future__ import annotations

import sys

import click

from analysis.cli.options import EXIT_USAGE, fail_no_documents
from analysis.cli.terminal import say
from analysis.errors import DataFileError
from analysis.reports import ReportError, run_batch, run_report, write_index
from analysis.yamldata import load_yaml_file

EXIT_FAILED = 1  # a notebook failed (a cell raised, or the kernel could not run)


def _load_yaml(path: str, what: str) -> dict:
    """A parameters or batch file: bounded YAML data (`analysis.yamldata`: tags that build objects, alias
    bombs and runaway nesting are refused), a mapping; else DataFileError (one line, exit 2)."""
    loaded = load_yaml_file(path, what) or {}
    if not isinstance(loaded, dict):
        raise DataFileError(f"{what} {path} must hold a mapping of names to values, not {type(loaded).__name__}")
    return loaded


@click.command("report")
@click.argument("notebook", required=False)
@click.option("--input", "input_path", default=None, help="Article or corpus to analyse (the notebook's input_path).")
@click.option("--store", "store", default=None, help="A presswork DuckDB store (corpus, actor, compare notebooks).")
@click.option("-p", "--parameter", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Set a notebook parameter (repeatable); converted to the type the notebook declares.")
@click.option("-f", "--parameters-file", type=click.Path(exists=True, dir_okay=False),
              help="YAML file of parameters (command-line -p values win).")
@click.option("--batch", "batch_file", type=click.Path(exists=True, dir_okay=False),
              help="YAML file of many runs (see below); a failing run does not stop the others.")
@click.option("--run-name", default=None, help="Folder name under reports/<notebook>/ (default: from the input).")
@click.option("--output-dir", default="reports", show_default=True, help="Where reports are written.")
@click.option("--show-code", is_flag=True, help="Keep code cells in the HTML (hidden by default).")
@click.option("--keep-duplicates", is_flag=True,
              help="Count every copy of a near-duplicate article (corpus, actor, compare, trails; the notebooks' "
                   "keep_duplicates); by default each story is counted once and the report says how many "
                   "copies were set aside.")
def report_cmd(notebook, input_path, store, params, parameters_file, batch_file, run_name, output_dir, show_code,
               keep_duplicates):
    """Run NOTEBOOK (article, corpus, actor, compare, trails or a path) with papermill into reports/.

    Writes reports/<notebook>/<run-name>/<notebook>.ipynb (executed) and .html (self-contained, images
    embedded, code hidden) and prints both paths; reports/index.html lists every rendered report.
    List a notebook's parameters with `papermill --help-notebook notebooks/NOTEBOOK.ipynb`.

    A failing cell exits with 1 and names the notebook, the cell and the error; the partial executed
    notebook is kept. --batch exits with 1 when any run failed, after listing outputs and failures.

    \b
    Examples:
      presswork report article                              # the bundled sample article
      presswork report article --input my-article.txt
      presswork report corpus --input corpus.tar.gz -p limit 300
      presswork report actor --store corpus.duckdb -p actor "Ali Shamkhani"
      presswork report compare -p by period
      presswork report trails --store corpus.duckdb -p speaker Trump -p min_outlets 2
      presswork report corpus --store corpus.duckdb --keep-duplicates   # count every copy
      presswork report article -f params.yaml --run-name weekly --show-code
      presswork report --batch batch.yaml

    \b
    batch.yaml:
      defaults: {input_path: corpus.tar.gz, limit: 300}   # merged into every run
      runs:
        - notebook: corpus
        - {notebook: actor, parameters: {actor: Shamkhani}, run_name: shamkhani}
        - {notebook: actor, top_speakers: 20}               # one profile per top-20 named speaker
    """
    if batch_file:
        if notebook:
            raise click.UsageError("give either NOTEBOOK or --batch, not both")
        _batch(batch_file, output_dir, show_code)
        return
    if not notebook:
        raise click.UsageError("name a NOTEBOOK (article, corpus, actor, compare, trails) or give --batch FILE")
    values: dict = _load_yaml(parameters_file, "parameters file") if parameters_file else {}
    values.update(dict(params))
    if input_path:
        from analysis.documents.readers import check_found
        from analysis.errors import NoDocumentsError

        paths = [p.strip() for p in input_path.split(";") if p.strip()]
        try:
            check_found(paths)  # say it now, not from inside a notebook cell after the kernel started
        except NoDocumentsError:
            fail_no_documents("report", paths)
        values["input_path"] = input_path
    if store:
        values["store"] = store
    if keep_duplicates:
        values["keep_duplicates"] = True
    try:
        result = run_report(notebook, values, run_name=run_name, output_root=output_dir, show_code=show_code)
    except ReportError as e:
        say(f"presswork report: {e}", err=True)
        sys.exit(EXIT_FAILED if "failed in" in str(e) or "could not run" in str(e) else EXIT_USAGE)
    say(f"notebook: {result.ipynb}")
    say(f"html:     {result.html}")
    say(f"index:    {write_index(output_dir)}")
    say(f"({result.seconds:.1f} s)", err=True)


def _batch(batch_file: str, output_dir: str, show_code: bool) -> None:
    try:
        result = run_batch(_load_yaml(batch_file, "batch file"), output_root=output_dir, show_code=show_code)
    except ReportError as e:
        say(f"presswork report: {e}", err=True)
        sys.exit(EXIT_USAGE)
    for r in result.done:
        say(f"ok      {r.notebook}/{r.run_name}: {r.html}")
    for r in result.failed:
        say(f"FAILED  {r.notebook}/{r.run_name}: {r.error}", err=True)
    say(f"{len(result.done)} rendered, {len(result.failed)} failed; index: {write_index(output_dir)}")
    if result.failed:
        sys.exit(EXIT_FAILED)
