#!/usr/bin/env bash
# Installs Editly for the benchmark into benchmarks/.work/editly: Node.js from the system, the native build packages
# of its node-canvas and headless-gl modules from Debian (their prebuilt binaries are fetched from GitHub, which this
# may not reach, so they are built from source: ~15 minutes on 2 cores, once), and Xvfb to give headless-gl a display.
set -euo pipefail
cd "$(dirname "$0")"
home=.work/editly
version=0.14.2
native=("$home/node_modules/canvas/build/Release/canvas.node" "$home/node_modules/gl/build/Release/webgl.node")
built() { [ -f "$home/node_modules/editly/cli.js" ] && [ -f "${native[0]}" ] && [ -f "${native[1]}" ]; }
if built; then exit 0; fi
command -v npm >/dev/null 2>&1 || { echo "no npm: Editly is not installed" >&2; exit 1; }
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends build-essential pkg-config python3 xvfb xauth \
  libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev libxi-dev libglu1-mesa-dev libglew-dev
mkdir -p "$home"
# node-gyp would download Node's headers; Debian's nodejs ships them under /usr/include/node.
nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
(cd "$home" && npm init -y >/dev/null && npm_config_nodedir="$nodedir" npm install --no-audit --no-fund "editly@$version")
built || { echo "Editly's native modules did not build" >&2; exit 1; }
