#!/usr/bin/env bash
# Sets up this checkout (scripts/bootstrap.sh) and starts the app: the frontend at
# http://localhost:3000 and the backend at http://localhost:7007, with SQLite in memory,
# guest sign-in and the example catalog. Extra arguments go to `yarn start`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
exec yarn start "$@"
