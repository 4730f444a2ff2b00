#!/bin/sh
# drainscope capture: a drainscope recording made with nothing but kubectl and a POSIX shell (awk, date, sort).
#
# `kubectl get -w` watches one resource, so this runs four watches in parallel (pods, endpointslices, core/v1
# events, and apps/v1 deployments, which are optional: where RBAC forbids them the recording only lacks the
# workloads' replicas and rollout bounds), stamps every object with the time it arrived (the receipt time: what makes endpoint timings
# trustworthy, since the API's own timestamps are whole seconds or absent), and merges them into one recording
# (README.md, "The recording format") when it stops: on Ctrl-C / SIGTERM or after --duration.
#
# Design, and why:
# - One awk per watch turns kubectl's output (one JSON watch event per line, or pretty-printed over many lines by
#   kubectl versions that indent it) into recording lines in that watch's own file; the files are merged by time
#   with a stable sort at the end, so lines of parallel writers never interleave.
# - The receipt time is read from `date` as each object's first line arrives (one `date` per object).
# - Secrets never reach the file: annotations, managedFields, environment variable values, envFrom, volume
#   sources, imagePullSecrets and a Deployment's pod template are removed in awk, as drainscope's own writer does
#   (lib/recording/writer.ts).
# - kubectl runs with -v=6 and its stderr in the same pipe: the request log line of the watch
#   (`GET ...watch=true 200 OK`) comes after the whole list was printed, so it tells when a list is complete.
# - When a watch ends, kubectl is restarted and re-lists. The recording then gets `disconnected` (when it ended)
#   and `relisted` (when the new list was in) lines, so the analysis shows the blind window between instead of
#   guessing; the new list is compared with what was known (like client-go's DeltaFIFO.Replace): changed objects
#   become MODIFIED, vanished ones DELETED with their last known state, unchanged ones are not repeated.
set -u

PROG=capture.sh
KUBECTL=${KUBECTL:-kubectl}

usage() {
  cat <<'EOF'
usage: capture.sh --out FILE [-n NAMESPACE] [-l SELECTOR] [--duration D] [--context C] [--kubeconfig F]

Records pods, endpointslices, events (core/v1) and deployments (when allowed) with kubectl into a drainscope
recording, each object stamped
with the time it arrived. Stops on Ctrl-C / SIGTERM or after --duration and writes FILE (gzip when it ends in .gz).

  -o, --out FILE        the recording to write (- for stdout)
  -n, --namespace NS    one namespace (default: all namespaces)
  -l, --selector SEL    label selector for pods (endpointslices, events and deployments are not filtered)
      --duration D      stop after D: 90s, 10m, 1h (default: until Ctrl-C / SIGTERM)
      --context C       kubeconfig context (default: the current one)
      --kubeconfig F    kubeconfig file (default: kubectl's)

Then: npx drainscope analyze FILE, or import FILE on the dashboard's History page.
Environment: KUBECTL names the kubectl binary (default: kubectl).
Exit status: 0 recorded, 2 bad arguments or a watch that could not start.
EOF
}

usage_error() {
  printf '%s: %s\n\n' "$PROG" "$1" >&2
  usage >&2
  exit 2
}

need_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || usage_error "$1 needs a value"
}

out='' namespace='' selector='' duration='' context='' kubeconfig=''
while [ $# -gt 0 ]; do
  case $1 in
    -o | --out) need_value "$@"; out=$2; shift 2 ;;
    -n | --namespace) need_value "$@"; namespace=$2; shift 2 ;;
    -l | --selector) need_value "$@"; selector=$2; shift 2 ;;
    --duration) need_value "$@"; duration=$2; shift 2 ;;
    --context) need_value "$@"; context=$2; shift 2 ;;
    --kubeconfig) need_value "$@"; kubeconfig=$2; shift 2 ;;
    --out=*) out=${1#*=}; need_value --out "$out"; shift ;;
    --namespace=*) namespace=${1#*=}; need_value --namespace "$namespace"; shift ;;
    --selector=*) selector=${1#*=}; need_value --selector "$selector"; shift ;;
    --duration=*) duration=${1#*=}; need_value --duration "$duration"; shift ;;
    --context=*) context=${1#*=}; need_value --context "$context"; shift ;;
    --kubeconfig=*) kubeconfig=${1#*=}; need_value --kubeconfig "$kubeconfig"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unexpected argument \"$1\"" ;;
  esac
done
[ -n "$out" ] || usage_error '--out FILE is required'

seconds=''
if [ -n "$duration" ]; then
  number=${duration%[smh]}
  unit=${duration#"$number"}
  case $number in '' | *[!0-9]*) usage_error "--duration must look like 90s, 10m or 1h, got \"$duration\"" ;; esac
  # Leading zeros would make $(( )) read the number as octal.
  number=$(printf '%s\n' "$number" | sed 's/^0*//')
  [ -n "$number" ] || usage_error "--duration must be longer than 0, got \"$duration\""
  case $unit in
    '' | s) seconds=$number ;;
    m) seconds=$((number * 60)) ;;
    h) seconds=$((number * 3600)) ;;
  esac
fi

command -v "$KUBECTL" >/dev/null 2>&1 || { printf '%s: %s not found (set KUBECTL to the kubectl binary)\n' "$PROG" "$KUBECTL" >&2; exit 2; }
case $out in *.gz) command -v gzip >/dev/null 2>&1 || { printf '%s: gzip not found: write a plain .ndjson instead\n' "$PROG" >&2; exit 2; } ;; esac

# Receipt times in UTC with milliseconds, straight from date(1). A date without %N (busybox, BSD) gives whole
# seconds: then each line says so honestly with earliest/latest bounding the second it arrived in.
case $(date +%s%3N 2>/dev/null) in
  [1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) millis=1 ;;
  *)
    millis=0
    printf '%s: date cannot print milliseconds (no %%N): receipt times are whole seconds, written as an interval (earliest/latest) per line\n' "$PROG" >&2
    ;;
esac

# Epoch ms (whole seconds with three zeros when date has no %N).
now_ms() {
  if [ "$millis" = 1 ]; then date +%s%3N; else printf '%s000\n' "$(date +%s)"; fi
}
now_iso() {
  if [ "$millis" = 1 ]; then date -u +%Y-%m-%dT%H:%M:%S.%3NZ; else date -u +%Y-%m-%dT%H:%M:%S.000Z; fi
}

kube() {
  "$KUBECTL" ${kubeconfig:+--kubeconfig "$kubeconfig"} ${context:+--context "$context"} "$@"
}

json_string() {
  printf '%s\n' "$1" | awk '{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); printf "\"%s\"", $0 }'
}

cluster=${context:-$(kube config current-context 2>/dev/null)}
if [ -n "$cluster" ]; then cluster_json=$(json_string "$cluster"); else cluster_json=null; fi
if [ -n "$namespace" ]; then namespaces_json="[$(json_string "$namespace")]"; else namespaces_json=null; fi
if [ -n "$selector" ]; then selector_json=$(json_string "$selector"); else selector_json=null; fi
header="{\"drainscope\":\"recording\",\"version\":1,\"startedAt\":\"$(now_iso)\",\"cluster\":$cluster_json,\"scope\":{\"namespaces\":$namespaces_json,\"labelSelector\":$selector_json}}"

work=$(mktemp -d "${TMPDIR:-/tmp}/drainscope-capture.XXXXXX") || { printf '%s: cannot create a temporary directory\n' "$PROG" >&2; exit 2; }
trap 'rm -rf "$work"' EXIT
main_pid=$$

# Turns one watch's kubectl output (and the loop's `#drainscope ended` lines) into recording lines.
# shellcheck disable=SC2016 # the program is awk, not shell
AWK_PROGRAM='
# Receipt times, epoch ms. Forking `date` per object costs milliseconds (tens on a busy machine) and would
# stamp a burst late, so on Linux the time is the boot clock (/proc/uptime, 10 ms steps, no fork) anchored to
# one `date` reading a minute. The anchor reads the boot clock before `date` runs, and 10 ms are added for the
# steps: a stamp is never earlier than the arrival, only later, by at most the fork time of the anchor plus 10 ms.
function uptime(   line, fields) {
  if ((getline line < "/proc/uptime") <= 0) { close("/proc/uptime"); return -1 }
  close("/proc/uptime")
  split(line, fields, " ")
  return fields[1] * 1000
}
function date_ms(   t) {
  DATECMD | getline t
  close(DATECMD)
  return MILLIS ? t + 0 : t * 1000
}
function stamp(   u, t) {
  u = UPTIME ? uptime() : -1
  if (u < 0) t = date_ms()
  else {
    if (ANCHOR_U == "" || u - ANCHOR_U > 60000) { ANCHOR_U = uptime(); ANCHOR_W = date_ms() }
    t = int(ANCHOR_W + (u - ANCHOR_U) + 10)
  }
  # Never before the previous stamp of this watch: the final sort must keep a watch in its own order.
  if (t < LAST_T) t = LAST_T
  LAST_T = t
  return t
}
function iso(ms,   s, f, d, sod, z, era, doe, yoe, y, doy, mp, dd, mm) {
  s = int(ms / 1000); f = ms - s * 1000
  d = int(s / 86400); sod = s - d * 86400
  # Days to a civil date (proleptic Gregorian), after civil_from_days by Howard Hinnant.
  z = d + 719468; era = int(z / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
  mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
  mm = mp < 10 ? mp + 3 : mp - 9
  if (mm <= 2) y++
  return sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mm, dd, int(sod / 3600), int((sod % 3600) / 60), sod % 60, f)
}

# A minimal JSON reader over S from position P: returns the value as compact text, without the members that
# must not be kept (keep() below). The top-level event type and object and the object identity are captured.
function ws() { while (P <= N && index(" \t\r", substr(S, P, 1)) > 0) P++ }
function fail(what) { if (ERR == "") ERR = what " at character " P; P = N + 1; return "" }
function jstring(   start, c) {
  if (substr(S, P, 1) != "\"") return fail("expected a string")
  start = P
  for (P++; P <= N; P++) {
    c = substr(S, P, 1)
    if (c == "\\") P++
    else if (c == "\"") { P++; return substr(S, start, P - start) }
  }
  return fail("unterminated string")
}
function keep(path, key) {
  if (path == "/object/metadata") return key != "\"annotations\"" && key != "\"managedFields\""
  if (path == "/object/spec") return key != "\"imagePullSecrets\"" && !(RESOURCE == "deployments" && key == "\"template\"")
  if (path ~ /^\/object\/spec\/(containers|initContainers|ephemeralContainers)\/\*$/) return key != "\"envFrom\""
  if (path ~ /^\/object\/spec\/(containers|initContainers|ephemeralContainers)\/\*\/env\/\*$/) return key == "\"name\""
  if (path == "/object/spec/volumes/*") return key == "\"name\""
  return 1
}
function value(path,   c, out, key, v, sep, start) {
  ws()
  c = substr(S, P, 1)
  if (c == "{") {
    P++; out = "{"; sep = ""
    ws()
    if (substr(S, P, 1) == "}") { P++; return "{}" }
    for (;;) {
      ws(); key = jstring(); ws()
      if (substr(S, P, 1) != ":") return fail("expected :")
      P++
      v = value(path "/" substr(key, 2, length(key) - 2))
      if (ERR != "") return ""
      if (path == "") { if (key == "\"type\"") TYPE = v; else if (key == "\"object\"") OBJECT = v }
      if (path == "/object/metadata") {
        if (key == "\"name\"") NAME = v; else if (key == "\"namespace\"") NS = v
        else if (key == "\"uid\"") UID = v; else if (key == "\"resourceVersion\"") RV = v
      }
      if (keep(path, key)) { out = out sep key ":" v; sep = "," }
      ws(); c = substr(S, P, 1); P++
      if (c == "}") return out "}"
      if (c != ",") return fail("expected , or }")
    }
  }
  if (c == "[") {
    P++; out = "["; sep = ""
    ws()
    if (substr(S, P, 1) == "]") { P++; return "[]" }
    for (;;) {
      v = value(path "/*")
      if (ERR != "") return ""
      out = out sep v; sep = ","
      ws(); c = substr(S, P, 1); P++
      if (c == "]") return out "]"
      if (c != ",") return fail("expected , or ]")
    }
  }
  if (c == "\"") return jstring()
  start = P
  while (P <= N && index(",]} \t\r", substr(S, P, 1)) == 0) P++
  if (P == start) return fail("expected a value")
  return substr(S, start, P - start)
}

function emit(at, type, object) {
  if (MILLIS) printf "{\"at\":\"%s\",\"type\":\"%s\",\"object\":%s}\n", iso(at), type, object
  else printf "{\"at\":\"%s\",\"type\":\"%s\",\"earliest\":\"%s\",\"latest\":\"%s\",\"object\":%s}\n", iso(at), type, iso(at), iso(at + 999), object
  fflush()
}
function watch_line(at, state, reason, since,   line) {
  line = "{\"at\":\"" iso(at) "\",\"type\":\"WATCH\",\"resource\":\"" RESOURCE "\",\"state\":\"" state "\""
  if (reason != "") line = line ",\"reason\":" quote(reason)
  if (since != "") line = line ",\"since\":\"" iso(since) "\""
  print line "}"
  fflush()
}
function quote(text) {
  gsub(/\\/, "\\\\", text); gsub(/"/, "\\\"", text); gsub(/\t/, "\\t", text); gsub(/\r/, "", text)
  return "\"" text "\""
}
function say(text) { printf "%s: %s: %s\n", PROG, RESOURCE, text > "/dev/stderr" }
function forget(key) { delete KNOWN_UID[key]; delete KNOWN_RV[key]; delete KNOWN_OBJECT[key] }
function remember(key) { KNOWN_UID[key] = UID; KNOWN_RV[key] = RV; KNOWN_OBJECT[key] = OBJECT }

function event(text, at,   key, type) {
  S = text; N = length(S); P = 1; ERR = ""; TYPE = ""; OBJECT = ""; NAME = ""; NS = ""; UID = ""; RV = ""
  value("")
  ws()
  if (ERR == "" && P <= N) ERR = "text after the object"
  if (ERR == "" && OBJECT == "") ERR = "no object"
  if (ERR != "") { say("skipped output that is not a watch event (" ERR "): " substr(text, 1, 120)); return }
  type = substr(TYPE, 2, length(TYPE) - 2)
  if (type != "ADDED" && type != "MODIFIED" && type != "DELETED") { say("skipped a watch event of type " TYPE); return }
  LAST = at
  key = NS "/" NAME
  if (LISTING) {
    # The list kubectl prints before it watches: after a restart, only what changed is news.
    LISTED[key] = 1
    if (!(key in KNOWN_UID)) emit(at, "ADDED", OBJECT)
    else if (KNOWN_UID[key] != UID) { emit(at, "DELETED", KNOWN_OBJECT[key]); emit(at, "ADDED", OBJECT) }
    else if (KNOWN_RV[key] != RV) emit(at, "MODIFIED", OBJECT)
    remember(key)
    return
  }
  emit(at, type, OBJECT)
  if (type == "DELETED") forget(key); else remember(key)
}

# kubectl logged the watch request: the list before it is complete, the watch is open.
function watching(   at, key) {
  at = stamp()
  for (key in KNOWN_UID) if (!(key in LISTED)) { emit(at, "DELETED", KNOWN_OBJECT[key]); forget(key) }
  split("", LISTED)
  if (DISCONNECTED) watch_line(at, "relisted", "", "")
  watch_line(at, "connected", "", "")
  DISCONNECTED = 0; LISTING = 0
  if (!ESTABLISHED) { ESTABLISHED = 1; printf "" > (WORK "/" RESOURCE ".established"); close(WORK "/" RESOURCE ".established") }
}

# The loop restarted kubectl: `#drainscope ended <time> <exit status>`.
function ended(at, status,   reason, since) {
  at += 0
  if (!ESTABLISHED && RESOURCE == "deployments") {
    # Optional: without it only the replicas and rollout bounds of the workloads are missing. Retried (with the
    # backoff of the loop) in case the permission is granted; said once.
    if (!OPTIONAL_SAID) say("not recording deployments (kubectl exited with status " status (DIAG != "" ? ": " DIAG : "") "); the recording lacks only the replicas and maxUnavailable of the workloads")
    OPTIONAL_SAID = 1; DIAG = ""
    return
  }
  if (!ESTABLISHED) {
    say("the watch could not start (kubectl exited with status " status (DIAG != "" ? ", see above" : "") ")")
    printf "" > (WORK "/failed"); close(WORK "/failed")
    system("kill -TERM " MAIN_PID)
    return
  }
  if (!DISCONNECTED) {
    reason = "kubectl get -w ended (exit status " status ")" (DIAG != "" ? ": " DIAG : "")
    # A clean end (status 0, nothing logged) is the server closing the watch: everything up to then arrived. Any
    # other end may follow a dead connection: the blind window starts at the last thing this watch delivered.
    since = (status != 0 || DIAG != "") ? LAST : ""
    # The loop read the clock when kubectl exited; the awk may have stamped its last lines later than that.
    if (LAST_T > at) at = LAST_T
    watch_line(at, "disconnected", reason, since)
    say("watch ended (" reason "); restarting it")
  }
  DISCONNECTED = 1; LISTING = 1; DIAG = ""
  split("", LISTED)
}

BEGIN {
  LISTING = 1; DISCONNECTED = 0; ESTABLISHED = 0; PRETTY = 0; LAST = ""; DIAG = ""; LAST_T = 0
  # With whole seconds from date, each object reads date itself: its second then bounds the arrival.
  UPTIME = MILLIS && uptime() >= 0
  if (UPTIME) { ANCHOR_U = uptime(); ANCHOR_W = date_ms() }
}
/^#drainscope ended / { ended($3, $4); next }
PRETTY && /^\}/ { event(BUFFER "}", PRETTY_AT); PRETTY = 0; next }
PRETTY && /^[ \t]/ { sub(/^[ \t]+/, ""); BUFFER = BUFFER $0; next }
/^\{$/ { PRETTY = 1; PRETTY_AT = stamp(); BUFFER = "{"; next }
/^\{/ { event($0, stamp()); next }
/^$/ { next }
/watch=true/ && /200 OK/ { watching(); next }
/^I[0-9][0-9][0-9][0-9] .*(round_trippers|loader)\.go/ { next }
{
  # What kubectl says about its end: an error line, a klog warning, or an info line such as an unexpected EOF of
  # the watch stream (said again, with the restart, when the watch ends).
  text = $0
  sub(/^[IWEF][0-9][0-9][0-9][0-9] [0-9:.]+ +[0-9]+ [^]]*\] /, "", text)
  DIAG = text
  # (an optional watch that never started says why once, when kubectl ends: see ended)
  if ($0 !~ /^I[0-9][0-9][0-9][0-9] / && !(RESOURCE == "deployments" && !ESTABLISHED)) say(text)
}
'

# One watch, restarted whenever it ends, until the stop file exists. Its output (kubectl stdout and stderr, and
# an `#drainscope ended` line per end) goes to the watch's awk.
watch_loop() {
  resource=$1
  shift
  # Ctrl-C and a TERM to the whole process group (timeout(1) sends one) must not end this loop or its awk before
  # the main shell has stopped the watches: the loop ends when the stop file says so, the awk when its input ends.
  trap '' INT TERM HUP
  delay=1
  while [ ! -e "$work/stop" ]; do
    started=$(date +%s)
    (
      trap - TERM HUP
      exec "$KUBECTL" ${kubeconfig:+--kubeconfig "$kubeconfig"} ${context:+--context "$context"} get "$resource" "$@" -w --output-watch-events -o json -v=6 2>&1
    ) &
    pid=$!
    printf '%s\n' "$pid" >"$work/$resource.pid.new" && mv "$work/$resource.pid.new" "$work/$resource.pid"
    # The main shell may have read the previous pid just before this one was written.
    [ -e "$work/stop" ] && kill "$pid" 2>/dev/null
    # (dash reports a job ended by a signal on stderr; the stop kills kubectl on purpose)
    wait "$pid" 2>/dev/null
    status=$?
    end=$(now_ms)
    # A Ctrl-C also ends kubectl, a moment before the main shell creates the stop file: wait before deciding that
    # the watch really ended, so stopping never writes a disconnect.
    sleep 1
    [ -e "$work/stop" ] && break
    printf '#drainscope ended %s %s\n' "$end" "$status"
    # Restart after 1 s; while kubectl keeps ending quickly, back off (2, 4, ... 30 s), in 1 s steps so that a
    # stop is not delayed.
    [ $(($(date +%s) - started)) -ge 30 ] && delay=1
    waited=1
    while [ "$waited" -lt "$delay" ] && [ ! -e "$work/stop" ]; do
      sleep 1
      waited=$((waited + 1))
    done
    delay=$((delay * 2))
    [ "$delay" -gt 30 ] && delay=30
  done
}

# mawk (Debian and Ubuntu awk) reads a pipe in whole blocks unless told otherwise: a line would wait, unstamped,
# until more output filled the block.
awk_flags=''
case $(awk -W version 2>&1) in *mawk*) awk_flags='-W interactive' ;; esac

start_watch() {
  resource=$1
  shift
  # The awk ignores TERM and HUP for the same reason as the loop: it ends when its input does, after the last line.
  watch_loop "$resource" "$@" | (
    trap '' TERM HUP
    # shellcheck disable=SC2086 # awk_flags is empty or two words
    exec awk $awk_flags -v RESOURCE="$resource" -v PROG="$PROG" -v WORK="$work" -v MAIN_PID="$main_pid" -v MILLIS="$millis" \
      -v DATECMD="$([ "$millis" = 1 ] && printf 'date +%%s%%3N' || printf 'date +%%s')" \
      "$AWK_PROGRAM"
  ) >"$work/$resource.lines" &
}

stopping=0
trap 'stopping=1' INT TERM HUP

if [ -n "$namespace" ]; then set -- -n "$namespace"; else set -- -A; fi
start_watch pods "$@" ${selector:+-l "$selector"}
start_watch endpointslices "$@"
start_watch events "$@"
start_watch deployments "$@"

scope=${namespace:+namespace $namespace}
printf '%s: recording %s%s of %s to %s%s; Ctrl-C stops\n' "$PROG" "${scope:-all namespaces}" "${selector:+ (pods: $selector)}" \
  "${cluster:-the current context}" "$out" "${seconds:+ for $duration}" >&2

if [ -n "$seconds" ]; then
  sleep "$seconds" &
  timer=$!
  [ "$stopping" = 1 ] || wait "$timer"
  kill "$timer" 2>/dev/null
else
  # Returns only when a trapped signal arrives: the watches never end on their own.
  while [ "$stopping" = 0 ]; do
    wait
    [ "$stopping" = 1 ] || sleep 1
  done
fi

touch "$work/stop"
for resource in pods endpointslices events deployments; do
  [ -f "$work/$resource.pid" ] && kill "$(cat "$work/$resource.pid")" 2>/dev/null
done
trap '' INT TERM HUP
wait

if [ -e "$work/failed" ]; then
  printf '%s: nothing written: a watch could not start (see above)\n' "$PROG" >&2
  exit 2
fi

write() {
  printf '%s\n' "$header"
  cat "$work/pods.lines" "$work/endpointslices.lines" "$work/events.lines" "$work/deployments.lines" | LC_ALL=C sort -s -t '"' -k4,4
}
if [ "$out" = - ]; then
  write
else
  case $out in
    *.gz) write | gzip -c >"$out" ;;
    *) write >"$out" ;;
  esac || { printf '%s: cannot write %s\n' "$PROG" "$out" >&2; exit 2; }
fi
lines=$(cat "$work/pods.lines" "$work/endpointslices.lines" "$work/events.lines" "$work/deployments.lines" | wc -l)
printf '%s: stopped; wrote %s lines after the header to %s\n' "$PROG" "$((lines + 0))" "$out" >&2
exit 0
