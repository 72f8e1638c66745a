# Shared by scripts/start.sh (sourced). Runs the code-server that scripts/setup-e2e.sh installed,
# with every file it writes kept under one state folder (never in ~/.config or ~/.local).
#   cs_prepare STATE_DIR            make STATE_DIR/{user-data,extensions,xdg-*}, write settings if absent
#   cs_install_vsix STATE_DIR VSIX  install (or replace) an extension package
#   cs_start STATE_DIR PORT FOLDER LOG  start the server in the background, in its own process group (sets CS_PID)
#   cs_stop                         end that process group
#   cs_wait_healthy PORT [SECONDS]  wait until the server answers /healthz

E2E_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E2E_ROOT="$(cd "$E2E_LIB_DIR/../.." && pwd)"
CODE_SERVER_BIN="$E2E_ROOT/.e2e/code-server/node_modules/.bin/code-server"

cs_env() {
  local state="$1"
  export XDG_CONFIG_HOME="$state/xdg-config" XDG_DATA_HOME="$state/xdg-data"
}

cs_prepare() {
  local state="$1"
  mkdir -p "$state/user-data/User" "$state/extensions" "$state/xdg-config" "$state/xdg-data"
  [[ -f "$state/user-data/User/settings.json" ]] || cp "$E2E_LIB_DIR/settings.json" "$state/user-data/User/settings.json"
  [[ -f "$state/config.yaml" ]] || printf 'auth: none\ncert: false\n' >"$state/config.yaml"
}

cs_common_args() {
  local state="$1"
  printf '%s\n' --config "$state/config.yaml" --user-data-dir "$state/user-data" \
    --extensions-dir "$state/extensions" --disable-telemetry --disable-update-check
}

cs_install_vsix() {
  local state="$1" vsix="$2"
  local args; mapfile -t args < <(cs_common_args "$state")
  (cs_env "$state"; "$CODE_SERVER_BIN" "${args[@]}" --force --install-extension "$vsix")
}

cs_start() {   # cs_start STATE PORT FOLDER LOGFILE -> sets CS_PID
  local state="$1" port="$2" folder="$3" logfile="$4"
  local args; mapfile -t args < <(cs_common_args "$state")
  # setsid: its own process group, so cs_stop can end the server together with its helpers.
  (cs_env "$state"; exec setsid "$CODE_SERVER_BIN" "${args[@]}" --auth none --bind-addr "127.0.0.1:$port" \
    --disable-workspace-trust --disable-getting-started-override "$folder") >"$logfile" 2>&1 &
  CS_PID=$!
}

cs_stop() {   # ends the process group cs_start made: TERM, then KILL after 5 s
  [[ -n "${CS_PID:-}" ]] || return 0
  kill -TERM -- "-$CS_PID" 2>/dev/null || return 0
  local i
  for ((i = 0; i < 20; i++)); do kill -0 -- "-$CS_PID" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
}

cs_wait_healthy() {
  local port="$1" secs="${2:-60}" i
  for ((i = 0; i < secs * 4; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
    [[ -n "${CS_PID:-}" ]] && ! kill -0 "$CS_PID" 2>/dev/null && return 1
    sleep 0.25
  done
  return 1
}
