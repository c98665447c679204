#!/bin/sh
# pnpm runs every script through this shell (`scriptShell` in pnpm-workspace.yaml): lifecycle
# scripts of dependencies while installing, and this repository's own scripts.
#
# better-sqlite3 is a native addon. When no prebuilt binary can be downloaded, node-gyp compiles
# it and first downloads Node's headers from nodejs.org, which fails on a machine without that
# network access. Where the system's Node ships its headers (Debian's nodejs package), point
# node-gyp at them instead. An explicit npm_config_nodedir always wins.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ] \
  && [ "$(dirname "$(dirname "$(command -v node)")")" = /usr ]; then
  npm_config_nodedir=/usr
  export npm_config_nodedir
fi
exec /bin/sh "$@"
