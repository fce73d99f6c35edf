# Finding and installing the tools the project's scripts need; sourced by test.sh and bench/run.sh.

is_root() { [ "$(id -u)" = 0 ]; }

APT_UPDATED=""
# apt_install PACKAGE... : as root, with apt-get, without starting any service the packages ship.
apt_install() {
  local created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # Without this, mariadb-server's postinst starts a system-wide server on port 3306.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  local rc=0
  {
    if [ -z "$APT_UPDATED" ]; then
      apt-get update && APT_UPDATED=1
    fi &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
  } || rc=$?
  if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
  return "$rc"
}

# find_tool NAME... : prints the first NAME found in MARIADB_BIN_DIR (only there, when set), else in
# PATH and the usual sbin/bin directories.
find_tool() {
  local dirs name dir
  if [ -n "${MARIADB_BIN_DIR:-}" ]; then
    dirs="$MARIADB_BIN_DIR"
  else
    dirs="${PATH:-}:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/local/mysql/bin"
  fi
  for name in "$@"; do
    local IFS=':'
    for dir in $dirs; do
      if [ -n "$dir" ] && [ -f "$dir/$name" ] && [ -x "$dir/$name" ]; then
        printf '%s\n' "$dir/$name"
        return 0
      fi
    done
  done
  return 1
}

mariadb_present() {
  find_tool mariadbd mysqld > /dev/null &&
    find_tool mariadb-install-db mysql_install_db > /dev/null &&
    find_tool mariadb mysql > /dev/null
}
