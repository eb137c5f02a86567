#!/usr/bin/env bash
# Runs the hooks of .pre-commit-hooks.yaml with the real pre-commit tool
# (from PyPI, in a virtualenv under target/) against a throwaway git
# repository: `pre-commit try-repo` builds baogao from this checkout with
# cargo (language: rust) and runs it on staged files.
#   a report with findings and a clean one, all hooks -> `baogao` fails naming the
#     finding, `baogao-fix` fixes the gap (pre-commit fails when files change), the
#     clean file is untouched
#   the clean report, hook `baogao` -> passes
# Usage: bash tests/pre-commit/run.sh   (exit 0 when every expectation holds)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/target/pre-commit-venv"
start=$(date +%s)
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
fi
"$venv/bin/pre-commit" --version

# try-repo needs a git repository with the hooks file committed: a copy of
# this checkout's working tree (so uncommitted changes are tested too).
src="$(mktemp -d)"; work="$(mktemp -d)"
export PRE_COMMIT_HOME="$root/target/pre-commit-home"   # cache the built hook between runs
export CARGO_TARGET_DIR="$root/target/pre-commit-target"   # cargo install reuses the build between runs
trap 'rm -rf "$src" "$work"' EXIT
(cd "$root" && git ls-files -co --exclude-standard -z | grep -zv '^target/' | xargs -0 cp --parents -t "$src" 2>/dev/null || true)
(cd "$src" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm hooks)

cd "$work"
git init -q
git config user.name t; git config user.email t@t
fail=0
expect() { # expect <status> <description> <command...>
  local want=$1 what=$2; shift 2
  set +e; "$@" >out.log 2>&1; local got=$?; set -e
  if [ "$want" = 0 ] && [ "$got" != 0 ] || [ "$want" != 0 ] && [ "$got" = 0 ]; then
    echo "FAIL: $what (exit $got)"; cat out.log; fail=1
  else
    echo "ok: $what (exit $got)"
  fi
}

# Each try-repo clones the hooks afresh and cargo-installs baogao (deps are
# reused through CARGO_TARGET_DIR; baogao itself is rebuilt), so two calls.
printf 'XX县工作总结\n一、总结\n（一）甲\n（三）乙\n' > bad.txt
printf '一、总结\n（一）甲\n（二）乙\n' > good.md
git add bad.txt good.md
expect 1 "all hooks on a report with findings and a clean one: baogao fails, baogao-fix fixes" \
  "$venv/bin/pre-commit" try-repo "$src" --files bad.txt good.md
grep -q 'placeholder' out.log || { echo "FAIL: the finding is not named"; cat out.log; fail=1; }
grep -q 'baogao --fix' out.log || { echo "FAIL: hook baogao-fix did not run"; cat out.log; fail=1; }
if [ "$(cat bad.txt)" != "$(printf 'XX县工作总结\n一、总结\n（一）甲\n（二）乙')" ]; then
  echo "FAIL: bad.txt not fixed by baogao-fix:"; cat bad.txt; fail=1
fi
if [ "$(cat good.md)" != "$(printf '一、总结\n（一）甲\n（二）乙')" ]; then
  echo "FAIL: good.md changed:"; cat good.md; fail=1
fi
expect 0 "baogao passes on a clean report" \
  "$venv/bin/pre-commit" try-repo "$src" baogao --files good.md

echo "pre-commit test took $(( $(date +%s) - start )) s"
exit $fail
