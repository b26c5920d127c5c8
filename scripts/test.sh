#!/usr/bin/env bash
# Sets up this checkout (scripts/bootstrap.sh) and runs every test once: the unit suite
# (`yarn test:all`), then the end-to-end test in headless Chromium (`yarn test:e2e`,
# packages/e2e-tests) when /usr/bin/chromium is installed.
# Extra arguments go to Jest, e.g. `scripts/test.sh plugins/datastores-common`; the end-to-end
# test is then left out, and so it is with SKIP_E2E=1.
#
# Go and Sprig (Debian's golang-go, golang-github-masterminds-sprig-dev) are installed when
# missing (scripts/install-test-tools.sh), for the infrastructure conformance tests.
#
# Tests that need PostgreSQL run when it answers on 127.0.0.1:5432 (or wherever
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING points); without it they run on SQLite only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh

if [ -z "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ] &&
  node -e "require('net').connect(5432,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432
fi
if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  echo "test: PostgreSQL-backed tests on (${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING})" >&2
else
  echo "test: no PostgreSQL found on 127.0.0.1:5432: PostgreSQL-backed tests are left out" >&2
fi
# The two-replica test (plugins/datastores-backend/src/replicas) also needs Redis.
if [ -z "${DATASTORES_TEST_REDIS_URL:-}" ] &&
  node -e "require('net').connect(6379,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; then
  export DATASTORES_TEST_REDIS_URL=redis://127.0.0.1:6379
fi
if [ -n "${DATASTORES_TEST_REDIS_URL:-}" ] && [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  echo "test: two-replica test on (Redis at ${DATASTORES_TEST_REDIS_URL})" >&2
else
  echo "test: the two-replica test is left out: it needs PostgreSQL and Redis (127.0.0.1:6379)" >&2
fi
# The conformance tests run the Compositions' Go templates: Go and Sprig from Debian.
scripts/install-test-tools.sh

# Never Docker: it is not there on CI, and a running server is faster.
export BACKSTAGE_TEST_DISABLE_DOCKER=1

yarn test:all "$@"

if [ "$#" -gt 0 ]; then
  echo "test: end-to-end test skipped: arguments select part of the unit suite" >&2
elif [ "${SKIP_E2E:-}" = 1 ]; then
  echo "test: end-to-end test skipped: SKIP_E2E=1" >&2
elif [ ! -x /usr/bin/chromium ]; then
  echo "test: end-to-end test skipped: no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)" >&2
else
  echo "test: end-to-end test (yarn test:e2e; screenshots in e2e-test-report/)" >&2
  yarn test:e2e
fi
