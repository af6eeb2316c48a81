#!/bin/sh
# Runs a test with a private D-Bus session and an unlocked gnome-keyring secret service,
# so that QtKeychain (libsecret) has a real keychain: tests/keychain-wrapper.sh COMMAND...
# The keyring lives in a temporary XDG_DATA_HOME (never the user's), removed afterwards.
# An empty unlock password does not work with gnome-keyring-daemon --unlock: use "pw".
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-keychain.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export FERRY_TEST_KEYCHAIN=1 # tests assert the keychain works only under this wrapper
dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "$@"' sh "$@"
