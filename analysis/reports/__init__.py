"""Reports: run notebooks with papermill into reports/ and render each to one self-contained HTML file.

`run_report("article", {"input_path": "a.txt"})` writes reports/article/<run-name>/article.ipynb (executed)
and article.html (images embedded, code hidden unless show_code) and returns both paths.

One module per step: `find` (which notebook, which run folder), `parameters` (typed, plain data),
`execute` (papermill), `render` (nbconvert, static HTML), `diagnose` (which cell failed and how to fix it),
`batch` (a spec of many runs) and `index` (reports/index.html). The names callers use are re-exported here.
"""

import sys

# papermill and nbconvert import nbformat, nbformat imports jsonschema, and jsonschema's format checkers import
# the optional rfc3987_syntax where it is installed (jupyter-events pulls it in): it compiles a Lark grammar at
# import, ~1.6 s of CPU in every `presswork report` process. No notebook schema uses the two formats it checks
# (iri, iri-reference), so a process that runs reports goes without them: an import of it fails, and jsonschema
# skips those two checks as it does where the package is not installed.
sys.modules.setdefault("rfc3987_syntax", None)

from analysis.errors import ReportError
from analysis.reports.batch import BatchResult, expand_batch, expand_run, run_batch
from analysis.reports.execute import ReportResult, run_report
from analysis.reports.find import default_run_name, find_notebook, notebooks_dir, slug
from analysis.reports.index import report_entries, write_index
from analysis.reports.parameters import coerce_parameters
from analysis.reports.render import render_html

__all__ = [
           "KERNEL",
           "BatchResult",
           "ReportError",
           "ReportResult",
           "coerce_parameters",
           "default_run_name",
           "expand_batch",
           "expand_run",
           "find_notebook",
           "notebooks_dir",
           "render_html",
           "report_entries",
           "run_batch",
           "run_report",
           "slug",
           "write_index",
]
