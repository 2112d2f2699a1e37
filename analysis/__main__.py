from analysis.cli.app import run

run()
