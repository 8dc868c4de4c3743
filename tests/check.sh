# Shared by the shell test scripts: `check NAME COMMAND...` runs the command, counts it as passed
# when it succeeds, else prints NAME with the start of its output. REQUIRES: $TMP is a directory.
pass=0
fail=0
check() {
  local name=$1
  shift
  if "$@" >"$TMP/out" 2>"$TMP/err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name"
    sed 's/^/  out: /' "$TMP/out" | head -20
    sed 's/^/  err: /' "$TMP/err" | head -20
  fi
}
