"""`cli.options`: the data-file options refuse what is not a regular file before anything is read."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.documents.samples import sample_path


@pytest.mark.parametrize("option", ["--metadata", "--identity", "--themes", "--gazetteer"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_data_file_option_refuses_a_fifo_or_a_device(tmp_path, option, special):
    if special == "fifo":
        special = str(tmp_path / "pipe.tsv")
        os.mkfifo(special)  # opening it to read would block until something writes to it
    result = CliRunner().invoke(main, ["analyze", sample_path(), option, special, "-q"])
    assert result.exit_code == 2
    assert "not a regular file" in result.output


def test_the_identity_file_of_a_store_listing_is_refused_when_it_is_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "people.yaml")
    (tmp_path / "s.duckdb").touch()  # never opened: the option is refused first
    result = CliRunner().invoke(main, ["actors", "--store", str(tmp_path / "s.duckdb"), "--identity",
                                       str(tmp_path / "people.yaml")])
    assert result.exit_code == 2 and "FIFO" in result.output
