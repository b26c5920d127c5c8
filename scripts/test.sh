#!/usr/bin/env bash
# Sets up this checkout (scripts/bootstrap.sh) and runs every test once (`yarn test:all`).
# Extra arguments go to Jest, e.g. `scripts/test.sh plugins/datastores-common`.
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
# Never Docker: it is not there on CI, and a running server is faster.
export BACKSTAGE_TEST_DISABLE_DOCKER=1

exec yarn test:all "$@"
