"""Nothing secret is committed."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THIS_FILE = Path(__file__).resolve()  # its patterns would match themselves
SECRET = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\bSECRET_KEY\s*=\s*['\"][^'\"]{20,}['\"]"
    r"|\b(?:password|passwd)\s*[:=]\s*['\"][^'\"]{12,}['\"]"
    r"|postgres://[^:\s/]+:[^@\s]{8,}@",
    re.I,
)


# What looks like one but is not: the development key (refused when DEBUG is off), the
# README's placeholder, and passwords of users that tests create and throw away.
NOT_SECRET = ["development-only", "user:password@", 'password="pw-', "example"]


def test_no_secret_is_in_the_repository():
    try:
        listed = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    found = []
    for name in listed:
        path = ROOT / name
        if path.suffix in {".png", ".jpg", ".gz"} or not path.is_file() or path == THIS_FILE:
            continue
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1):
            if SECRET.search(line) and not any(known in line for known in NOT_SECRET):
                found.append(f"{name}:{number}")
    assert not found, f"secret-looking values committed: {found}"
