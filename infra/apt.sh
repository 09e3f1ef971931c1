#!/usr/bin/env bash
# apt-get that waits for the apt/dpkg lock instead of failing: on a fresh machine unattended
# upgrades (or another clone's ./platform) often hold it for minutes. Sourced by ./platform.
#
# Environment:
#   PLATFORM_APT_LOCK_WAIT_SECONDS  longest wait for the lock (default 600)
#   PLATFORM_APT_LOCK_POLL_SECONDS  seconds between tries, and between messages (default 10)

# apt-get and dpkg take their locks with fcntl, which neither flock nor a file test can see, and
# `DPkg::Lock::Timeout` covers dpkg's lock but not `apt-get update`'s lists lock: so each try is
# the command itself, and a refusal that names a lock means "wait and try again".
_APT_LOCK_REFUSAL='Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock (the )?(administration )?directory|is another process using it'

# apt_get_waiting_for_lock <apt-get arguments>: as root, or through sudo.
apt_get_waiting_for_lock() {
  local as_root=() limit=${PLATFORM_APT_LOCK_WAIT_SECONDS:-600} poll=${PLATFORM_APT_LOCK_POLL_SECONDS:-10}
  ((EUID == 0)) || as_root=(sudo)
  local output waited=0 rc
  output=$(mktemp)
  while :; do
    rc=0
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" 2>&1 | tee "$output" >&2 || rc=${PIPESTATUS[0]}
    if ((rc == 0)) || ! grep -qE "$_APT_LOCK_REFUSAL" "$output"; then
      rm -f "$output"
      return "$rc"
    fi
    if ((waited >= limit)); then
      rm -f "$output"
      printf 'platform: error: the apt/dpkg lock was still held after %s s; try again when the other package manager has finished\n' "$waited" >&2
      return "$rc"
    fi
    printf 'platform: another process holds the apt/dpkg lock; waiting (%s s of at most %s s)\n' "$waited" "$limit" >&2
    sleep "$poll"
    waited=$((waited + poll))
  done
}
