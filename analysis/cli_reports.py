"""`presswork report`: run a notebook with papermill and render a shareable HTML report."""

from __future__ import annotations

import sys

import click
import yaml

from .cli import EXIT_USAGE, main
from .reports import ReportError, run_report


@main.command("report")
@click.argument("notebook")
@click.option("--input", "input_path", default=None, help="Article or corpus to analyse (the notebook's input_path).")
@click.option("-p", "--parameter", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Set a notebook parameter (repeatable); converted to the type the notebook declares.")
@click.option("-f", "--parameters-file", type=click.Path(exists=True, dir_okay=False),
              help="YAML file of parameters (command-line -p values win).")
@click.option("--run-name", default=None, help="Folder name under reports/<notebook>/ (default: from the input).")
@click.option("--output-dir", default="reports", show_default=True, help="Where reports are written.")
@click.option("--show-code", is_flag=True, help="Keep code cells in the HTML (hidden by default).")
def report_cmd(notebook, input_path, params, parameters_file, run_name, output_dir, show_code):
    """Run NOTEBOOK (article, corpus, actor, compare or a path) with papermill into reports/.

    Writes reports/<notebook>/<run-name>/<notebook>.ipynb (executed) and .html (self-contained, images
    embedded) and prints both paths. `presswork report NOTEBOOK --help-parameters` lists parameters via
    `papermill --help-notebook notebooks/NOTEBOOK.ipynb`.

    \b
    Examples:
      presswork report article                              # the bundled sample article
      presswork report article --input my-article.txt
      presswork report article -p top_n 20 --show-code
      presswork report article -f params.yaml --run-name weekly
    """
    values: dict = {}
    if parameters_file:
        with open(parameters_file, encoding="utf-8") as fh:
            loaded = yaml.safe_load(fh) or {}
        if not isinstance(loaded, dict):
            raise click.UsageError(f"{parameters_file} must hold a mapping of parameter names to values")
        values.update(loaded)
    values.update(dict(params))
    if input_path:
        values["input_path"] = input_path
    try:
        result = run_report(notebook, values, run_name=run_name, output_root=output_dir, show_code=show_code)
    except ReportError as e:
        click.echo(f"presswork report: {e}", err=True)
        sys.exit(1 if "failed in cell" in str(e) or "could not run" in str(e) else EXIT_USAGE)
    click.echo(f"notebook: {result.ipynb}")
    click.echo(f"html:     {result.html}")
    click.echo(f"({result.seconds:.1f} s)", err=True)
