#!/usr/bin/env bash
# `npm test`: type-checks everything, then runs every suite (unit, integration on MariaDB, the embedded
# smoke test, browser tests), then the integration suites again on SQLite to prove the second shape.
# E2E_CONCURRENCY=n runs the browser suites as a pool of their own, n at a time, after the others (they
# wait on pages and servers more than on a core); unset, they share the one pool of 2 as before.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent typecheck
# One build up front: the browser suites find it fresh and do not race to build it each.
npm run --silent build >/dev/null

mapfile -t all < <(find server telephony client/src tests -name '*.test.ts' -not -path '*/node_modules/*' | sort)
mapfile -t integration < <(find tests/integration -name '*.test.ts' | sort)
e2e=()
if [[ -n "${E2E_CONCURRENCY:-}" ]]; then
  mapfile -t e2e < <(printf '%s\n' "${all[@]}" | grep '^tests/e2e/')
  mapfile -t all < <(printf '%s\n' "${all[@]}" | grep -v '^tests/e2e/')
fi

# A test (or its after-hook) that hangs fails after 5 minutes instead of stalling the whole run.
status=0
node --import tsx --test --test-concurrency=2 --test-timeout=300000 "${all[@]}" || status=$?
if ((${#e2e[@]})); then
  echo "--- browser suites, ${E2E_CONCURRENCY} at a time ---"
  node --import tsx --test --test-concurrency="$E2E_CONCURRENCY" --test-timeout=300000 "${e2e[@]}" || status=$?
fi
echo "--- integration suites again on SQLite (TEST_DB=sqlite) ---"
TEST_DB=sqlite node --import tsx --test --test-concurrency=2 --test-timeout=300000 "${integration[@]}" || status=$?
exit $status
