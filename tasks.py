#!/usr/bin/env python3
"""Set up and run the project with nothing but Python and pip.

    python3 tasks.py build   # create/update .venv from pinned requirements, build the package
    python3 tasks.py test    # create/update .venv, run the test suite
    python3 tasks.py bench   # create/update .venv, run the benchmark (not part of the tests)
    python3 tasks.py fuzz    # create/update .venv, long property-based fuzz session
                             # (FUZZ_EXAMPLES=N, default 20000)

Extra arguments are passed on (python3 tasks.py test -k golden).

Everything the commands need is set up here, system packages included: the
browser tests drive Debian's Chromium through its driver, which `test` installs
with apt-get when they are missing (as root; otherwise it stops and prints the
command to run).
"""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".installed"
INPUTS = [ROOT / "requirements.txt", ROOT / "constraints.txt", ROOT / "pyproject.toml"]


def run(*args: str) -> None:
    subprocess.run(args, cwd=ROOT, check=True)


def ensure_venv() -> None:
    """Create the virtual environment, and reinstall when the pins changed."""
    if not PYTHON.exists():
        print("creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    newest = max(p.stat().st_mtime for p in INPUTS)
    if STAMP.exists() and STAMP.stat().st_mtime >= newest:
        return
    print("installing pinned requirements into .venv", file=sys.stderr)
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-r", "requirements.txt", "-c", "constraints.txt")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--no-deps", "--no-build-isolation", "-e", ".")
    STAMP.touch()


# System packages, by command: (program that must be on PATH, Debian package).
SYSTEM_PACKAGES = {
    "test": [("chromium", "chromium"), ("chromedriver", "chromium-driver")],
}


def ensure_system_packages(command: str) -> None:
    """Install the Debian packages a command needs, or stop with the command to run."""
    missing = sorted({package for program, package in SYSTEM_PACKAGES.get(command, [])
                      if shutil.which(program) is None})
    if not missing:
        return
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if shutil.which("apt-get") is None or getattr(os, "geteuid", lambda: -1)() != 0:
        sys.exit(f"{command} needs the system packages {', '.join(missing)}; install them "
                 f"first:\n    sudo apt-get update && sudo {' '.join(install)}")
    print(f"installing system packages: {', '.join(missing)}", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*install, "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)


COMMANDS = {
    "build": ["-m", "etl", "build"],
    "test": ["-m", "pytest"],
    "bench": ["-m", "etl", "bench"],
    "validate": ["-m", "frictionless", "validate", "datapackage.json"],
    "fuzz": ["-m", "pytest", "tests/test_fuzz.py", "-q", "--hypothesis-show-statistics",
             "-p", "no:cacheprovider"],
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_venv()
    ensure_system_packages(argv[0])
    env = dict(os.environ)
    if argv[0] == "fuzz":
        env["HYPOTHESIS_PROFILE"] = "fuzz"
    return subprocess.run([str(PYTHON), *COMMANDS[argv[0]], *argv[1:]], cwd=ROOT,
                          env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
