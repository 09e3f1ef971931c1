#!/usr/bin/env bash
# Embedded PostgreSQL: a private cluster for development and tests, bound to 127.0.0.1 on its own
# port, with its data (and unix socket) under an ignored folder of this clone.
#
# Two ways to use it:
#   source infra/postgres/embedded-postgres.sh; embedded_pg_start   # from a script (./platform does)
#   infra/postgres/embedded-postgres.sh start|stop|status           # on its own
# Errors call `exit`, so source it from scripts, not from an interactive shell.
#
# Environment:
#   ConnectionStrings__Platform  if set, an external database is used and nothing is started here
#   PLATFORM_PG_PORT             port of the private cluster (default: derived from the clone's path,
#                                so two clones on one machine get different ports; the next free
#                                port if that one is taken)
#   PLATFORM_PG_FAST=1           start without durability (fsync, synchronous_commit and
#                                full_page_writes off); only takes effect when the server starts
#
# Data root: <repo>/.data, or /var/tmp/platform-<sha1 of repo path> when the `postgres` account
# cannot reach <repo>/.data (e.g. a clone inside a mode-700 home directory). Layout:
#   <data-root>/pg          the cluster (owned by the account that runs the server)
#   <data-root>/pg-socket   its unix socket directory (not /var/run, which may not be writable)
#   <data-root>/pg.log      server log

EPG_REPO="${PLATFORM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}"
EPG_DB_NAME=platform
EPG_SUPERUSER=postgres

_epg_log() { printf 'platform: %s\n' "$*" >&2; }
_epg_die() { printf 'platform: error: %s\n' "$*" >&2; exit 1; }

# Newest installed server, e.g. /usr/lib/postgresql/15/bin (not $PATH: Debian only puts wrappers there).
_epg_newest_bindir() {
  local dir
  dir=$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]] ||
    _epg_die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
  printf '%s\n' "$dir"
}

# A port from the clone's path, in 20000-31999: below Linux's ephemeral range (32768-60999), so no
# outgoing connection holds it, and stable, so the clone's cluster keeps its port across starts.
_epg_port_of_clone() {
  printf '%d\n' $((20000 + 0x$(printf '%s' "$EPG_REPO" | sha1sum | cut -c1-8) % 12000))
}

# Is something listening on 127.0.0.1:$1?
_epg_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The derived port, or the next free one when another program holds it; a port the user chose is kept.
_epg_choose_free_port() {
  [[ -n ${PLATFORM_PG_PORT:-} ]] && return 0
  local tries=0
  while _epg_port_in_use "$EPG_PORT"; do
    ((++tries < 200)) || _epg_die "no free port in $((EPG_PORT - tries))-$EPG_PORT for PostgreSQL; set PLATFORM_PG_PORT"
    _epg_log "port $EPG_PORT is taken; trying $((EPG_PORT + 1))"
    EPG_PORT=$((EPG_PORT + 1))
  done
}

# Can the account that will run the server reach (traverse into) $1?
_epg_server_can_reach() {
  local dir=$1
  if ((EUID == 0)); then
    # Root creates the subfolders and hands them over, so traversal is all postgres needs.
    id -u postgres >/dev/null 2>&1 || return 1
    runuser -u postgres -- test -x "$dir"
  else
    # Not root: the server runs as the current user, who must be able to create files there.
    [[ -x $dir && -w $dir ]]
  fi
}

# Choose <data-root>. An existing cluster folder wins, so the choice stays stable (and a user who
# cannot read inside a cluster made by root still finds it, and gets a clear ownership error).
_epg_choose_data_root() {
  local in_repo="$EPG_REPO/.data" fallback
  fallback="/var/tmp/platform-$(printf '%s' "$EPG_REPO" | sha1sum | cut -c1-12)"
  if [[ -d $in_repo/pg ]]; then EPG_DATA_ROOT=$in_repo; return; fi
  if [[ -d $fallback/pg ]]; then EPG_DATA_ROOT=$fallback; return; fi
  mkdir -p "$in_repo"
  if _epg_server_can_reach "$in_repo"; then EPG_DATA_ROOT=$in_repo; else EPG_DATA_ROOT=$fallback; fi
}

# Resolve paths, port, binaries and the OS account that owns the server. Sets EPG_* variables.
_epg_resolve() {
  _epg_choose_data_root
  EPG_DATADIR="$EPG_DATA_ROOT/pg"
  EPG_SOCKDIR="$EPG_DATA_ROOT/pg-socket"
  EPG_LOG="$EPG_DATA_ROOT/pg.log"
  EPG_PORT="${PLATFORM_PG_PORT:-$(_epg_port_of_clone)}"
  [[ $EPG_PORT =~ ^[0-9]+$ ]] || _epg_die "PLATFORM_PG_PORT must be a number (got '$EPG_PORT')"

  # A unix socket path is limited to 107 bytes; a deep clone would make the server fail to start.
  if ((${#EPG_SOCKDIR} + 20 > 107)); then
    EPG_SOCKDIR="/var/tmp/platform-$(printf '%s' "$EPG_REPO" | sha1sum | cut -c1-12)-socket"
  fi

  # Binaries must match the cluster's major version (after an OS upgrade the newest may not).
  if [[ -f $EPG_DATADIR/PG_VERSION && -x /usr/lib/postgresql/$(<"$EPG_DATADIR/PG_VERSION")/bin/pg_ctl ]]; then
    EPG_BIN="/usr/lib/postgresql/$(<"$EPG_DATADIR/PG_VERSION")/bin"
  else
    EPG_BIN=$(_epg_newest_bindir)
  fi

  # initdb and pg_ctl refuse to run as root: as root the server runs as `postgres` (or as whoever
  # already owns the cluster); otherwise as the current user.
  local owner=""
  [[ -d $EPG_DATADIR ]] && owner=$(stat -c %U "$EPG_DATADIR")
  if ((EUID == 0)); then
    if [[ -n $owner && $owner != root ]]; then
      EPG_USER=$owner
    else
      id -u postgres >/dev/null 2>&1 || _epg_die "the 'postgres' OS user is missing (reinstall the postgresql package)"
      EPG_USER=postgres
    fi
  else
    EPG_USER=$(id -un)
    [[ -z $owner || $owner == "$EPG_USER" ]] ||
      _epg_die "$EPG_DATADIR belongs to '$owner'; run as root or as '$owner'"
  fi
}

# Run a command as the server's OS account, from / (its cwd may be a private directory).
_epg_as_server() {
  if [[ $EPG_USER == "$(id -un)" ]]; then
    (cd / && "$@")
  else
    (cd / && runuser -u "$EPG_USER" -- "$@")
  fi
}

# Create the folders and hand them to the server account (root-created folders would be unwritable).
_epg_prepare_dirs() {
  if [[ $EPG_DATA_ROOT != "$EPG_REPO/.data" ]]; then
    install -d -m 755 "$EPG_DATA_ROOT"   # explicit mode: a restrictive umask must not lock postgres out
    _epg_log "PostgreSQL data lives in $EPG_DATA_ROOT (the postgres account cannot reach $EPG_REPO/.data)"
  fi
  mkdir -p "$EPG_DATADIR" "$EPG_SOCKDIR"
  chmod 700 "$EPG_DATADIR"
  chmod 755 "$EPG_SOCKDIR"
  touch "$EPG_LOG"
  if ((EUID == 0)); then
    [[ $(stat -c %U "$EPG_DATADIR") == "$EPG_USER" ]] || chown -R "$EPG_USER:" "$EPG_DATADIR"
    chown "$EPG_USER:" "$EPG_SOCKDIR" "$EPG_LOG"
  fi
  _epg_as_server test -w "$EPG_DATADIR" ||
    _epg_die "account '$EPG_USER' cannot write to $EPG_DATADIR"
}

_epg_initdb() {
  [[ -f $EPG_DATADIR/PG_VERSION ]] && return 0
  [[ -z $(ls -A "$EPG_DATADIR") ]] ||
    _epg_die "$EPG_DATADIR is not empty but holds no cluster; move it away and retry"
  local locale=C.UTF-8
  locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' || locale=C
  _epg_log "initialising a PostgreSQL cluster in $EPG_DATADIR (locale $locale)"
  if ! _epg_as_server "$EPG_BIN/initdb" -D "$EPG_DATADIR" -A trust -U "$EPG_SUPERUSER" \
      --encoding=UTF8 --locale="$locale" >"$EPG_DATA_ROOT/initdb.log" 2>&1; then
    tail -n 20 "$EPG_DATA_ROOT/initdb.log" >&2
    _epg_die "initdb failed (full output: $EPG_DATA_ROOT/initdb.log)"
  fi
}

# A postmaster.pid whose process is gone (crash, container restart) makes pg_ctl think the
# server runs, or (if the pid was reused by another process) makes postgres refuse to start.
_epg_clear_stale_pid() {
  local pidfile="$EPG_DATADIR/postmaster.pid" pid comm
  [[ -f $pidfile ]] || return 0
  pid=$(head -n 1 "$pidfile")
  if [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]]; then
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [[ $comm == postgres* || $comm == postmaster* ]] && return 0
  fi
  _epg_log "removing stale $pidfile (process $pid is not a running PostgreSQL server)"
  rm -f "$pidfile" "$EPG_SOCKDIR"/.s.PGSQL.*
}

_epg_running() {
  _epg_clear_stale_pid
  [[ -f $EPG_DATADIR/postmaster.pid ]] || return 1
  _epg_as_server "$EPG_BIN/pg_ctl" status -D "$EPG_DATADIR" >/dev/null 2>&1
}

_epg_start_server() {
  # Settings go on the command line (not postgresql.conf) so the port and fast mode can change
  # between starts. Quoted paths: pg_ctl hands this string to /bin/sh.
  local opts="-p $EPG_PORT -k '$EPG_SOCKDIR' -c listen_addresses=127.0.0.1 -c max_connections=200"
  if [[ ${PLATFORM_PG_FAST:-0} == 1 ]]; then
    # Tests only: throwaway data, so trade durability for speed.
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  _epg_log "starting PostgreSQL on 127.0.0.1:$EPG_PORT (log: $EPG_LOG)"
  if ! _epg_as_server "$EPG_BIN/pg_ctl" -D "$EPG_DATADIR" -l "$EPG_LOG" -w -t 60 -o "$opts" start >/dev/null; then
    tail -n 20 "$EPG_LOG" >&2
    _epg_die "PostgreSQL did not start (is port $EPG_PORT in use? set PLATFORM_PG_PORT)"
  fi
}

_epg_psql() {
  PGCONNECT_TIMEOUT=10 "$EPG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$EPG_PORT" -U "$EPG_SUPERUSER" "$@"
}

# Start (if needed) and export ConnectionStrings__Platform. Idempotent.
embedded_pg_start() {
  if [[ -n ${ConnectionStrings__Platform:-} ]]; then
    _epg_log "using the external database from ConnectionStrings__Platform; embedded PostgreSQL not started"
    return 0
  fi
  _epg_resolve
  _epg_prepare_dirs
  _epg_initdb
  if _epg_running; then
    # Use the port the server really listens on (PLATFORM_PG_PORT may have changed since it started).
    local actual
    actual=$(sed -n 4p "$EPG_DATADIR/postmaster.pid")
    if [[ $actual =~ ^[0-9]+$ && $actual != "$EPG_PORT" ]]; then
      _epg_log "PostgreSQL already runs on port $actual (not $EPG_PORT); using it (./platform db-stop to restart)"
      EPG_PORT=$actual
    fi
    [[ ${PLATFORM_PG_FAST:-0} == 1 ]] && _epg_log "PostgreSQL already running; keeping its settings"
  else
    _epg_choose_free_port
    _epg_start_server
  fi
  if [[ -z $(_epg_psql -d postgres -tAc "select 1 from pg_database where datname='$EPG_DB_NAME'") ]]; then
    _epg_log "creating database '$EPG_DB_NAME'"
    _epg_psql -d postgres -c "create database $EPG_DB_NAME"
  fi
  export ConnectionStrings__Platform="Host=127.0.0.1;Port=$EPG_PORT;Username=$EPG_SUPERUSER;Database=$EPG_DB_NAME"
}

embedded_pg_stop() {
  if [[ -n ${ConnectionStrings__Platform:-} ]]; then
    _epg_log "ConnectionStrings__Platform is set (external database); nothing to stop"
    return 0
  fi
  _epg_resolve
  if [[ -f $EPG_DATADIR/PG_VERSION ]] && _epg_running; then
    _epg_as_server "$EPG_BIN/pg_ctl" -D "$EPG_DATADIR" -m fast -w stop >/dev/null
    _epg_log "PostgreSQL stopped ($EPG_DATADIR)"
  else
    _epg_log "PostgreSQL is not running ($EPG_DATADIR)"
  fi
}

embedded_pg_status() {
  _epg_resolve
  if [[ -f $EPG_DATADIR/PG_VERSION ]] && _epg_running; then
    echo "running: $EPG_DATADIR, port $(sed -n 4p "$EPG_DATADIR/postmaster.pid")"
  else
    echo "stopped: $EPG_DATADIR"
    return 3
  fi
}

# Run directly (not sourced).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case ${1:-} in
    start) embedded_pg_start; printf '%s\n' "$ConnectionStrings__Platform" ;;
    stop) embedded_pg_stop ;;
    status) embedded_pg_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
  esac
fi
