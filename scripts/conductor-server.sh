#!/usr/bin/env bash
# conductor-server.sh — run a real Conductor OSS server (the stock boot jar from Maven Central) on
# loopback, as the oracle for replay and conformance runs. See docs/conductor-server.md.
#
#   scripts/conductor-server.sh start    download the jar if needed, start it, wait until healthy
#   scripts/conductor-server.sh stop     stop it and delete its temp dir (SQLite files)
#   scripts/conductor-server.sh status   say whether it runs (exit 0 healthy, 1 unhealthy, 3 stopped)
#   scripts/conductor-server.sh url      print the base URL of the running server
#   scripts/conductor-server.sh fetch    only download the jar into the cache (for CI cache warm-up)
#
# Environment (all optional):
#   CTK_CACHE_DIR          cache folder for the jar and the state file (default <repo>/.cache/conductor-server)
#   CTK_JAVA_HOME          JDK to use; must be Java >= 21, else JAVA_HOME, else the highest found on PATH
#                          or under CTK_JVM_DIR
#   CTK_JVM_DIR            folder of installed JDKs to scan as <dir>/*/bin/java (default /usr/lib/jvm)
#   CTK_CONDUCTOR_PORT     port to bind on 127.0.0.1 (default: a free port)
#   CTK_START_TIMEOUT      seconds to wait for /health (default 300)
#   CTK_JAVA_OPTS          extra JVM options (default none)
set -euo pipefail

# The one pin. 3.32.3 is the newest conductor-server on Maven Central (see docs/conductor-server.md
# for how it relates to the conductor-oss commit the spec cites).
readonly CONDUCTOR_VERSION=3.32.3
readonly MIN_JAVA_MAJOR=21
readonly ARTIFACT="org.conductoross:conductor-server:${CONDUCTOR_VERSION}:jar:boot"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
CACHE_DIR="${CTK_CACHE_DIR:-${REPO_ROOT}/.cache/conductor-server}"
JAR="${CACHE_DIR}/conductor-server-${CONDUCTOR_VERSION}-boot.jar"
STATE_FILE="${CACHE_DIR}/server.state"
LAST_LOG="${CACHE_DIR}/last-server.log"
START_TIMEOUT="${CTK_START_TIMEOUT:-300}"

die() { printf 'conductor-server: %s\n' "$*" >&2; exit 1; }
info() { printf 'conductor-server: %s\n' "$*" >&2; }

# Seconds since the epoch with milliseconds, for the measurements we print.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# Jar download

ensure_jar() {
  if [[ -s "${JAR}" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found; install Maven, or download ${ARTIFACT} from
  https://repo1.maven.org/maven2/org/conductoross/conductor-server/${CONDUCTOR_VERSION}/conductor-server-${CONDUCTOR_VERSION}-boot.jar
  and put it at ${JAR}"
  mkdir -p "${CACHE_DIR}"
  local tmp t0
  tmp="$(mktemp -d "${CACHE_DIR}/download.XXXXXX")"
  t0="$(now)"
  info "downloading ${ARTIFACT} with mvn (about 460 MB) ..."
  if ! mvn -B -q dependency:copy -Dartifact="${ARTIFACT}" -DoutputDirectory="${tmp}" >"${tmp}/mvn.log" 2>&1; then
    tail -n 30 "${tmp}/mvn.log" >&2 || true
    rm -rf "${tmp}"
    die "download of ${ARTIFACT} failed (mvn output above)"
  fi
  local got="${tmp}/conductor-server-${CONDUCTOR_VERSION}-boot.jar"
  [[ -s "${got}" ]] || { rm -rf "${tmp}"; die "mvn finished but ${got} is missing"; }
  # A truncated jar has no readable manifest; check it names the pinned version before caching it.
  if ! unzip -p "${got}" META-INF/MANIFEST.MF 2>/dev/null | grep -q "^Implementation-Version: ${CONDUCTOR_VERSION}"; then
    rm -rf "${tmp}"
    die "downloaded jar has no manifest for version ${CONDUCTOR_VERSION}; try again"
  fi
  mv "${got}" "${JAR}"
  rm -rf "${tmp}"
  info "downloaded in $(elapsed "${t0}") s -> ${JAR}"
}

# ---------------------------------------------------------------------------------------------
# JDK discovery

# Prints the major version of the given java binary (8 for "1.8"), or nothing when it does not run.
java_major() {
  local spec
  spec="$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }')" || return 0
  spec="${spec//[[:space:]]/}"
  [[ -n "${spec}" ]] || return 0
  if [[ "${spec}" == 1.* ]]; then spec="${spec#1.}"; fi
  printf '%s\n' "${spec%%.*}"
}

# Prints the java binary to use: CTK_JAVA_HOME, then JAVA_HOME, when they qualify; otherwise the
# highest qualifying version among `java` on PATH and ${CTK_JVM_DIR:-/usr/lib/jvm}/*/bin/java.
find_java() {
  local var home bin major
  for var in CTK_JAVA_HOME JAVA_HOME; do
    home="${!var:-}"
    [[ -n "${home}" ]] || continue
    bin="${home}/bin/java"
    if [[ -x "${bin}" ]]; then
      major="$(java_major "${bin}")"
      if [[ -n "${major}" && "${major}" -ge "${MIN_JAVA_MAJOR}" ]]; then
        printf '%s\n' "${bin}"
        return 0
      fi
      info "${var}=${home} is Java ${major:-?}, need >= ${MIN_JAVA_MAJOR}; looking elsewhere"
    else
      info "${var}=${home} has no bin/java; looking elsewhere"
    fi
  done
  local best="" best_major=0 seen=""
  local candidates=()
  if command -v java >/dev/null 2>&1; then candidates+=("$(command -v java)"); fi
  local jvm_dir="${CTK_JVM_DIR:-/usr/lib/jvm}"
  for bin in "${jvm_dir}"/*/bin/java; do
    if [[ -x "${bin}" ]]; then candidates+=("${bin}"); fi
  done
  for bin in "${candidates[@]}"; do
    major="$(java_major "${bin}")"
    [[ -n "${major}" ]] || continue
    seen+=" ${bin}(${major})"
    if [[ "${major}" -ge "${MIN_JAVA_MAJOR}" && "${major}" -gt "${best_major}" ]]; then
      best="${bin}"
      best_major="${major}"
    fi
  done
  [[ -n "${best}" ]] || die "no Java >= ${MIN_JAVA_MAJOR} found (checked CTK_JAVA_HOME, JAVA_HOME, PATH, ${jvm_dir}/*:${seen:- none}).
  Install a JDK 21+ (e.g. Temurin 21 or 25) and set CTK_JAVA_HOME to it."
  printf '%s\n' "${best}"
}

# ---------------------------------------------------------------------------------------------
# State

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1]);s.close()"
  else
    die "need node or python3 to pick a free port (or set CTK_CONDUCTOR_PORT)"
  fi
}

write_state() {
  local tmp="${STATE_FILE}.tmp"
  {
    printf 'pid=%s\n' "${S_PID}"
    printf 'port=%s\n' "${S_PORT}"
    printf 'url=%s\n' "${S_URL}"
    printf 'log=%s\n' "${S_LOG}"
    printf 'run_dir=%s\n' "${S_RUN_DIR}"
    printf 'version=%s\n' "${S_VERSION}"
    printf 'java=%s\n' "${S_JAVA}"
    printf 'jar=%s\n' "${JAR}"
  } >"${tmp}"
  mv "${tmp}" "${STATE_FILE}"
}

# Loads the state file into S_* variables; returns 1 when there is none.
read_state() {
  [[ -f "${STATE_FILE}" ]] || return 1
  S_PID="" S_PORT="" S_URL="" S_LOG="" S_RUN_DIR="" S_VERSION="" S_JAVA=""
  local key value
  while IFS='=' read -r key value; do
    case "${key}" in
      pid) S_PID="${value}" ;;
      port) S_PORT="${value}" ;;
      url) S_URL="${value}" ;;
      log) S_LOG="${value}" ;;
      run_dir) S_RUN_DIR="${value}" ;;
      version) S_VERSION="${value}" ;;
      java) S_JAVA="${value}" ;;
    esac
  done <"${STATE_FILE}"
  return 0
}

# True when process $1 exists and is not a zombie (a crashed child stays a zombie until we exit).
process_running() {
  local st
  st="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "${st}" && "${st}" != Z* ]]
}

# True when S_PID is alive and is our server (the pid was not reused by something else). Right
# after the spawn (S_SPAWNED=1) the pid may still be the subshell about to exec java, so the
# command-line check applies only to pids read from the state file.
server_alive() {
  [[ -n "${S_PID:-}" ]] || return 1
  process_running "${S_PID}" || return 1
  if [[ "${S_SPAWNED:-0}" != 1 && -r "/proc/${S_PID}/cmdline" ]]; then
    tr '\0' ' ' <"/proc/${S_PID}/cmdline" | grep -q "conductor-server-.*-boot.jar" || return 1
  fi
  return 0
}

healthy() {
  curl -sf --max-time 5 "$1/health" 2>/dev/null | grep -q '"healthy":true'
}

# True when something already accepts connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the PID the server at $1 reports in /api/admin/config (its JVM system properties).
reported_pid() {
  curl -sf --max-time 5 "$1/api/admin/config" 2>/dev/null | grep -o '"PID":"[0-9]*"' | grep -o '[0-9][0-9]*' || true
}

# Stops the server described by S_*, keeps its log as last-server.log, removes its run dir and the state.
teardown() {
  if server_alive; then
    kill -TERM "${S_PID}" 2>/dev/null || true
    local i
    for ((i = 0; i < 300; i++)); do
      server_alive || break
      sleep 0.1
    done
    if server_alive; then
      info "pid ${S_PID} ignored SIGTERM for 30 s; sending SIGKILL"
      kill -KILL "${S_PID}" 2>/dev/null || true
    fi
    # Wait until the process is really gone (not just exiting), so the port and files are free.
    for ((i = 0; i < 100; i++)); do
      process_running "${S_PID}" || break
      sleep 0.1
    done
  fi
  if [[ -n "${S_LOG:-}" && -f "${S_LOG}" ]]; then cp "${S_LOG}" "${LAST_LOG}" 2>/dev/null || true; fi
  # Only delete a dir we created (mktemp pattern), never an arbitrary path from a hand-edited state file.
  if [[ -n "${S_RUN_DIR:-}" && -d "${S_RUN_DIR}" && "$(basename "${S_RUN_DIR}")" == ctk-conductor.* ]]; then
    rm -rf "${S_RUN_DIR}"
  fi
  rm -f "${STATE_FILE}"
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_start() {
  mkdir -p "${CACHE_DIR}"
  if read_state; then
    if server_alive && healthy "${S_URL}"; then
      info "already running (pid ${S_PID}, log ${S_LOG})"
      printf 'Conductor %s at %s\n' "${S_VERSION}" "${S_URL}"
      return 0
    fi
    info "removing stale state of a server that is gone or unhealthy (pid ${S_PID:-?})"
    teardown
  fi

  ensure_jar
  S_JAVA="$(find_java)"
  local java_major_v
  java_major_v="$(java_major "${S_JAVA}")"

  S_PORT="${CTK_CONDUCTOR_PORT:-$(free_port)}"
  if port_in_use "${S_PORT}"; then
    die "port ${S_PORT} on 127.0.0.1 is already in use; unset CTK_CONDUCTOR_PORT to pick a free one"
  fi
  S_URL="http://127.0.0.1:${S_PORT}"
  S_RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ctk-conductor.XXXXXX")"
  S_LOG="${S_RUN_DIR}/server.log"
  S_VERSION="${CONDUCTOR_VERSION}"

  # Stock configuration, with only these changes (docs/conductor-server.md explains each):
  # - server.address/server.port: loopback only, on a port of our choosing;
  # - working directory = a fresh temp dir, so the stock relative SQLite URL (jdbc:sqlite:c123.db)
  #   lands there and every start begins with an empty database;
  # - the AI-provider API-key variables are removed from the child's environment, so a key in a
  #   developer's shell cannot switch on providers that the stock configuration leaves off.
  local -a java_opts=()
  if [[ -n "${CTK_JAVA_OPTS:-}" ]]; then read -r -a java_opts <<<"${CTK_JAVA_OPTS}"; fi
  local t0
  t0="$(now)"
  (
    exec 9>&- # the command lock must not live on in the server process
    cd "${S_RUN_DIR}"
    exec env -u OPENAI_API_KEY -u OPENAI_ORG_ID -u ANTHROPIC_API_KEY -u MISTRAL_API_KEY \
      -u COHERE_API_KEY -u XAI_API_KEY -u GROK_API_KEY -u PERPLEXITY_API_KEY -u HUGGINGFACE_API_KEY \
      -u STABILITY_API_KEY -u AZURE_OPENAI_API_KEY -u AZURE_OPENAI_ENDPOINT -u AZURE_OPENAI_DEPLOYMENT \
      -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_BEARER_TOKEN_BEDROCK -u GEMINI_API_KEY \
      -u GOOGLE_APPLICATION_CREDENTIALS -u GOOGLE_CLOUD_PROJECT \
      "${S_JAVA}" ${java_opts[@]+"${java_opts[@]}"} -jar "${JAR}" \
      --server.address=127.0.0.1 --server.port="${S_PORT}"
  ) </dev/null >"${S_LOG}" 2>&1 &
  S_PID=$!
  S_SPAWNED=1
  write_state
  info "starting Conductor ${CONDUCTOR_VERSION} (Java ${java_major_v}: ${S_JAVA}) on ${S_URL}, pid ${S_PID}, log ${S_LOG}"

  local deadline=$((SECONDS + START_TIMEOUT))
  while ! healthy "${S_URL}"; do
    if ! server_alive; then
      info "the server exited during start-up; last lines of ${S_LOG}:"
      tail -n 40 "${S_LOG}" >&2 || true
      teardown
      die "start failed (full log kept at ${LAST_LOG})"
    fi
    if ((SECONDS >= deadline)); then
      info "not healthy after ${START_TIMEOUT} s (GET ${S_URL}/health); last lines of ${S_LOG}:"
      tail -n 40 "${S_LOG}" >&2 || true
      teardown
      die "start timed out (full log kept at ${LAST_LOG}; raise CTK_START_TIMEOUT if the machine is slow)"
    fi
    sleep 0.5
  done
  # Make sure the server that answered is ours and not another process that took the port.
  local answered_pid
  answered_pid="$(reported_pid "${S_URL}")"
  if [[ -n "${answered_pid}" && "${answered_pid}" != "${S_PID}" ]]; then
    teardown
    die "${S_URL} is answered by pid ${answered_pid}, not by the server we started; try again"
  fi
  local reported
  reported="$(curl -sf --max-time 5 "${S_URL}/api/version" 2>/dev/null || true)"
  if [[ -n "${reported}" ]]; then S_VERSION="${reported}"; fi
  write_state
  info "healthy after $(elapsed "${t0}") s"
  printf 'Conductor %s at %s\n' "${S_VERSION}" "${S_URL}"
}

cmd_stop() {
  if ! read_state; then
    info "not running (no state file at ${STATE_FILE})"
    return 0
  fi
  local was_alive=0
  if server_alive; then was_alive=1; fi
  teardown
  if ((was_alive)); then
    info "stopped pid ${S_PID}; log kept at ${LAST_LOG}"
  else
    info "server pid ${S_PID:-?} was already gone; state cleaned"
  fi
}

cmd_status() {
  if ! read_state; then
    printf 'stopped\n'
    return 3
  fi
  if ! server_alive; then
    printf 'stopped (stale state for pid %s; run stop or start to clean it)\n' "${S_PID:-?}"
    return 3
  fi
  if healthy "${S_URL}"; then
    printf 'running: Conductor %s at %s (pid %s, log %s)\n' "${S_VERSION}" "${S_URL}" "${S_PID}" "${S_LOG}"
    return 0
  fi
  printf 'unhealthy: pid %s is alive but %s/health does not answer (log %s)\n' "${S_PID}" "${S_URL}" "${S_LOG}"
  return 1
}

cmd_url() {
  if read_state && server_alive; then
    printf '%s\n' "${S_URL}"
    return 0
  fi
  die "not running; start it with scripts/conductor-server.sh start"
}

cmd_fetch() {
  ensure_jar
  printf '%s\n' "${JAR}"
}

# Serialise commands that change the state (two shells running `start` at once would otherwise
# start two servers and lose one).
with_lock() {
  mkdir -p "${CACHE_DIR}"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${CACHE_DIR}/.lock"
    flock -w 600 9 || die "could not take ${CACHE_DIR}/.lock within 600 s"
  fi
  "$@"
}

main() {
  local cmd="${1:-}"
  case "${cmd}" in
    start) with_lock cmd_start ;;
    stop) with_lock cmd_stop ;;
    status) cmd_status ;;
    url) cmd_url ;;
    fetch) with_lock cmd_fetch ;;
    *)
      printf 'usage: %s start|stop|status|url|fetch\n' "$(basename "$0")" >&2
      exit 2
      ;;
  esac
}

main "$@"
