import os
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]
VIGIL = os.environ.get("VIGIL_BIN", str(REPO / "target" / "debug" / "vigil"))
EXAMPLE = REPO / "testdata" / "example"
