"""The installed package renders a report, offline: the wheel carries the notebooks and the data (it carried only
the data, so `presswork report article` said "no notebook named 'article'; available: none" outside a checkout),
and the run reaches for no network (model and data are local, nothing is fetched at run time). One run checks
both: a report render costs a kernel and ~10 s of CPU."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.support.offline import guarded, namespace_prefix, network_attempts

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_built_wheel_renders_the_article_report_outside_the_checkout_offline(tmp_path):
    # built by this environment's setuptools (a dev dependency): no isolated build environment to download
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    [wheel] = (tmp_path / "dist").glob("presswork-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"analysis/notebooks/article.ipynb", "analysis/notebooks/corpus.ipynb",
            "analysis/data/gazetteer.yaml"} <= set(names)
    # a fresh environment holding the wheel; its dependencies come from this one (offline, fast), through a
    # path entry whose own .pth files (this checkout's editable install) are not run
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=120)
    python = env_dir / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "_presswork_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # nbconvert's templates are data files of the environment nbconvert was installed into (this one)
    env["JUPYTER_PATH"] = os.path.join(sys.prefix, "share", "jupyter")
    where = subprocess.run([str(python), "-c", "import analysis; print(analysis.__file__)"], cwd=elsewhere,
                           env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(purelib)), where  # the installed copy, not this checkout
    # networking blocked: a namespace with only loopback where the kernel allows it, and the socket guard
    env, log = guarded(tmp_path, env)
    result = subprocess.run([*namespace_prefix(), str(python), "-m", "analysis", "report", "article", "--output-dir",
                             "out"], check=False, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    [html] = (elsewhere / "out" / "article").glob("*/article.html")
    assert "Shamkhani" in html.read_text(encoding="utf-8")
    assert network_attempts(log) == [], "network access attempted while offline"
