#!/usr/bin/env bash
# Runs the hooks of .pre-commit-hooks.yaml with the real pre-commit tool
# (from PyPI, in a virtualenv under target/) against a throwaway git
# repository: `pre-commit try-repo` builds baogao from this checkout with
# cargo (language: rust) and runs it on staged files.
#   bad report staged  -> hook `baogao` fails and names the finding
#   clean report       -> hook passes
#   fixable report     -> hook `baogao-fix` fixes it (fails once, as pre-commit does when files change)
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

printf 'XX县工作总结\n一、总结\n（一）甲\n（三）乙\n' > bad.txt
git add bad.txt
expect 1 "baogao fails on a staged report with findings" \
  "$venv/bin/pre-commit" try-repo "$src" baogao --files bad.txt
grep -q 'placeholder' out.log || { echo "FAIL: the finding is not named"; cat out.log; fail=1; }

printf '一、总结\n（一）甲\n（二）乙\n' > good.md
git add good.md
expect 0 "baogao passes on a clean report" \
  "$venv/bin/pre-commit" try-repo "$src" baogao --files good.md

printf '一、总结\n（一）甲\n（三）乙\n' > fixable.txt
git add fixable.txt
expect 1 "baogao-fix changes the file (pre-commit fails when files change)" \
  "$venv/bin/pre-commit" try-repo "$src" baogao-fix --files fixable.txt
if [ "$(cat fixable.txt)" != "$(printf '一、总结\n（一）甲\n（二）乙')" ]; then
  echo "FAIL: fixable.txt not fixed:"; cat fixable.txt; fail=1
fi
expect 0 "baogao-fix then passes" \
  "$venv/bin/pre-commit" try-repo "$src" baogao-fix --files fixable.txt

echo "pre-commit test took $(( $(date +%s) - start )) s"
exit $fail
