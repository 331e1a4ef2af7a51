"""Whether the suite runs in CI (CI=true), where a program a test needs must be there:
its test fails instead of being skipped."""

import os

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
