#!/usr/bin/env bash
# Installs what the infrastructure conformance tests (packages/infra-conformance) run besides
# Node: Go and Sprig's Go sources, from Debian's packages, to execute the Crossplane
# Compositions' templates with the real engine (Go text/template + Sprig), as
# function-go-templating does. Nothing is downloaded outside Debian's archive.
# Does nothing when they are there already.
set -euo pipefail

sprig=/usr/share/gocode/src/github.com/Masterminds/sprig
if command -v go >/dev/null 2>&1 && [ -d "$sprig" ]; then
  exit 0
fi
echo "install-test-tools: installing Go and Sprig from Debian (golang-go golang-github-masterminds-sprig-dev)" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-test-tools: not root and no sudo: run as root: apt-get install golang-go golang-github-masterminds-sprig-dev" >&2
    exit 1
  fi
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends golang-go golang-github-masterminds-sprig-dev >&2; then
  $sudo apt-get update >&2
  $sudo apt-get install -y --no-install-recommends golang-go golang-github-masterminds-sprig-dev >&2
fi
go version >&2
