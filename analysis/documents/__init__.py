"""Input -> `Article`: readers for every input form, wire-style parsing, the bundled samples."""
