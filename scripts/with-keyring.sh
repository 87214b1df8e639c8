#!/usr/bin/env bash
# Runs a command against a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session bus,
# so tests exercise the same OS keychain path as a desktop session without touching the user's own keyring.
#
# Usage: scripts/with-keyring.sh CMD [ARGS...]
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' not found. Install it (Debian/Ubuntu: apt-get install dbus gnome-keyring)." >&2
    exit 127
  fi
done

if [ "${WITH_KEYRING_INNER:-}" != "1" ]; then
  exec env WITH_KEYRING_INNER=1 dbus-run-session -- bash "$0" "$@"
fi

# Inside the private bus. A throwaway HOME keeps the keyring files out of the real user's keyrings.
keyring_home="$(mktemp -d -t with-keyring.XXXXXX)"
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data"
export XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# --unlock creates and unlocks the login keyring with the password read from stdin; --start then
# initialises the secrets component and prints the variables clients need.
# Its diagnostic chatter on stderr is dropped; failure shows up as the probe failing in the command.
eval "$(printf '%s' 'with-keyring-pw' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
eval "$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL

unset WITH_KEYRING_INNER
"$@"
