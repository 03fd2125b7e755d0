#!/usr/bin/env bash
# A private Docker engine and a loopback OCI registry for the build-push tests, the bench and the demo.
#
#   bash scripts/ci/docker.sh start   # installs what is missing (Debian packages), starts both, prints env
#   bash scripts/ci/docker.sh env     # prints the env of the running pair (exit 1 if not running)
#   bash scripts/ci/docker.sh stop    # stops both and removes their state
#   eval "$(bash scripts/ci/docker.sh start)"   # export DOCKER_HOST and ECR_REGISTRY_* into this shell
#
# The engine listens only on its own unix socket, with no iptables, no bridge and the vfs storage driver, so
# it runs inside an unprivileged-looking sandbox and never touches the machine's own Docker. The registry binds
# 127.0.0.1 with htpasswd auth for user AWS, standing in for ECR (GetAuthorizationToken hands out AWS:<password>).
# `start` is idempotent and returns at once when both already answer; concurrent callers are serialised.
# Printed variables: DOCKER_HOST, ECR_REGISTRY_URL, ECR_REGISTRY_USER, ECR_REGISTRY_PASSWORD,
# ECR_REGISTRY_STORAGE (the registry's storage directory, for tests that count blobs).
set -euo pipefail

DIR="${ECS_DEPLOY_DOCKER_DIR:-/tmp/ecs-deploy-actions-docker}"
ENV_FILE="$DIR/env"
PACKAGES=(docker.io docker-registry apache2-utils)

log() { echo "docker.sh: $*" >&2; }

# dockerd and apt-get need root. As root (this machine, containers) they run as they are; elsewhere (a hosted
# runner's user with passwordless sudo) through `sudo -n`, with the engine's socket given to the caller's
# group so the docker client needs no sudo. Without either, `start` says what to install and stops.
if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  SUDO=(none)
fi
as_root() {
  if [[ ${SUDO[0]:-} == none ]]; then
    log "needs root or passwordless sudo for: $*"
    exit 1
  fi
  "${SUDO[@]}" "$@"
}

# A pid file names a live process of the expected program (a pid left from an earlier boot may be reused).
alive() {
  [[ -f "$1" ]] || return 1
  local pid
  pid=$(cat "$1")
  # /proc, not kill -0: a dockerd started under sudo belongs to root, and kill -0 on it fails for us.
  [[ -n "$pid" && -d /proc/$pid ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$2"
}

running() {
  [[ -f "$ENV_FILE" ]] || return 1
  alive "$DIR/docker.pid" dockerd && alive "$DIR/registry.pid" docker-registry || return 1
  # shellcheck disable=SC1090
  (source "$ENV_FILE" && docker version --format '{{.Server.Version}}' >/dev/null 2>&1 &&
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$ECR_REGISTRY_URL/v2/")" == 401 ]])
}

install_missing() {
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v docker >/dev/null || need+=(docker.io)
  command -v docker-registry >/dev/null || need+=(docker-registry)
  command -v htpasswd >/dev/null || need+=(apache2-utils)
  command -v curl >/dev/null || need+=(curl)
  [[ ${#need[@]} -eq 0 ]] && return 0
  if [[ ${SUDO[0]:-} == none ]]; then
    log "missing: ${need[*]}; install them: sudo apt-get update && sudo apt-get install -y ${PACKAGES[*]} curl"
    exit 1
  fi
  log "installing ${need[*]} (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
}

wait_for() {
  local what=$1 tries=$2
  shift 2
  for ((i = 0; i < tries; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  log "$what did not come up; its log:"
  tail -n 30 "$DIR/$what.log" >&2 || true
  return 1
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

stop_pid() {
  local file=$1
  alive "$file" "$2" || return 0
  local pid
  pid=$(cat "$file")
  # dockerd may run as root under sudo: signal it the same way (kill -0 tells only "gone" apart here).
  local signal=(kill)
  [[ $2 == dockerd && ${SUDO[0]:-} != none ]] && signal=("${SUDO[@]}" kill)
  "${signal[@]}" "$pid" 2>/dev/null || true
  for ((i = 0; i < 80; i++)); do [[ -d /proc/$pid ]] || return 0; sleep 0.25; done
  "${signal[@]}" -9 "$pid" 2>/dev/null || true
}

do_stop() {
  stop_pid "$DIR/registry.pid" docker-registry
  stop_pid "$DIR/docker.pid" dockerd
  # The engine's state belongs to root when it ran under sudo.
  if [[ -d $DIR ]]; then
    rm -rf "$DIR" 2>/dev/null || { [[ ${SUDO[0]:-} != none ]] && "${SUDO[@]}" rm -rf "$DIR"; } || true
  fi
}

do_start() {
  if running; then
    cat "$ENV_FILE"
    return 0
  fi
  install_missing
  # Leftovers of a pair that half died are cleared before starting afresh.
  do_stop
  mkdir -p "$DIR"/{data,exec,registry}
  local port password
  port=$(free_port)
  password=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
  htpasswd -Bbn AWS "$password" >"$DIR/htpasswd" 2>/dev/null
  cat >"$DIR/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
auth:
  htpasswd:
    realm: simulated-ecr
    path: $DIR/htpasswd
YAML
  local engine=(setsid dockerd)
  # Not root: the engine runs under sudo and hands its socket to this user's group.
  [[ $(id -u) -ne 0 ]] && engine=(as_root setsid dockerd --group "$(id -gn)")
  "${engine[@]}" --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
    -H "unix://$DIR/docker.sock" --data-root "$DIR/data" --exec-root "$DIR/exec" \
    --pidfile "$DIR/docker.pid" >"$DIR/dockerd.log" 2>&1 </dev/null 9>&- &
  setsid docker-registry serve "$DIR/registry.yml" >"$DIR/registry.log" 2>&1 </dev/null 9>&- &
  echo $! >"$DIR/registry.pid"
  cat >"$ENV_FILE" <<ENV
export DOCKER_HOST=unix://$DIR/docker.sock
export ECR_REGISTRY_URL=http://127.0.0.1:$port
export ECR_REGISTRY_USER=AWS
export ECR_REGISTRY_PASSWORD=$password
export ECR_REGISTRY_STORAGE=$DIR/registry
ENV
  wait_for dockerd 160 env DOCKER_HOST="unix://$DIR/docker.sock" docker version --format '{{.Server.Version}}'
  wait_for registry 80 sh -c "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/v2/ | grep -q 401"
  log "dockerd on unix://$DIR/docker.sock, registry on http://127.0.0.1:$port (user AWS)"
  cat "$ENV_FILE"
}

main() {
  local cmd=${1:-start}
  mkdir -p "$(dirname "$DIR")"
  case $cmd in
    start | stop)
      # One caller at a time: jest runs test files in parallel and several may ask for the pair at once.
      exec 9>"$DIR.lock"
      flock 9
      if [[ $cmd == start ]]; then do_start; else do_stop; fi
      ;;
    env)
      running && cat "$ENV_FILE"
      ;;
    *)
      log "usage: $0 start|env|stop"
      exit 2
      ;;
  esac
}

main "$@"
