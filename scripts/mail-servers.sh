#!/usr/bin/env bash
# A real mail loop for the tests, on loopback: OpenSMTPD (SMTP in) → Dovecot LMTP → Maildir → Dovecot IMAP/POP3.
# Every address is a mailbox, and every mailbox's password is "secret" (log in with the full address).
#   scripts/mail-servers.sh start DIR   starts both servers in DIR and writes DIR/env (ports, exported variables)
#   scripts/mail-servers.sh stop DIR    stops them
set -euo pipefail
cmd=${1:?usage: mail-servers.sh start|stop DIR}
dir=${2:?usage: mail-servers.sh start|stop DIR}

# shellcheck source=scripts/ports.sh
. "$(dirname "$0")/ports.sh"

wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

stop() {
  local master=
  [ -f "$dir/run/master.pid" ] && master=$(cat "$dir/run/master.pid")
  [ -n "$master" ] && kill "$master" 2>/dev/null || true
  [ -f "$dir/smtpd.pid" ] && kill "$(cat "$dir/smtpd.pid")" 2>/dev/null || true
  pkill -f "smtpd -f $dir/smtpd.conf" 2>/dev/null || true
  # Dovecot takes a moment to close its clients; wait, so a following start finds the ports free.
  for _ in $(seq 50); do
    [ -n "$master" ] && kill -0 "$master" 2>/dev/null || break
    sleep 0.1
  done
  return 0
}

case $cmd in
stop)
  stop
  ;;
start)
  mkdir -p "$dir/mail" "$dir/run"
  # Dovecot reads mail as nobody: it must be able to pass through the (often 0700 temporary) folder.
  chmod 755 "$dir"
  chmod 777 "$dir/mail"
  imap=$(free_port); pop3=$(free_port); lmtp=$(free_port); smtp=$(free_port)
  cat >"$dir/dovecot.conf" <<CONF
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = $dir/run
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
default_internal_user = nobody
default_login_user = nobody
pop3_uidl_format = %08Xu%08Xv
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=$dir/mail/%Lu
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop3
  }
  inet_listener pop3s {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
}
CONF
  cat >"$dir/smtpd.conf" <<CONF
smtp max-message-size 150M
listen on 127.0.0.1 port $smtp
action "to_dovecot" lmtp "127.0.0.1:$lmtp" rcpt-to virtual { "@" = nobody }
match from any for any action "to_dovecot"
CONF
  chmod 600 "$dir/smtpd.conf"
  # Daemons get no terminal or pipe of ours: a caller reading our output to its end must not wait for them.
  dovecot -c "$dir/dovecot.conf" </dev/null >/dev/null 2>>"$dir/dovecot.log"
  if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
    # OpenSMTPD keeps one control socket and one queue per machine (/run/smtpd.sock, /var/spool/smtpd), so a
    # second instance (another test run, a system one) would refuse to start: ours gets private ones.
    unshare -m --propagation private bash -c \
      "mount -t tmpfs -o mode=0755 none /run && mount -t tmpfs -o mode=0711 none /var/spool/smtpd && exec smtpd -f '$dir/smtpd.conf'" \
      </dev/null >/dev/null 2>"$dir/smtpd.log"
  else
    smtpd -f "$dir/smtpd.conf" </dev/null >/dev/null 2>"$dir/smtpd.log"
  fi
  pgrep -f "smtpd -f $dir/smtpd.conf" | head -n 1 >"$dir/smtpd.pid" || true
  wait_port "$imap" && wait_port "$smtp" && wait_port "$pop3" || { echo "mail servers did not start; see $dir/*.log" >&2; stop; exit 1; }
  cat >"$dir/env" <<ENV
export FRONTDESK_TEST_MAIL_DIR=$dir
export FRONTDESK_TEST_IMAP_PORT=$imap
export FRONTDESK_TEST_POP3_PORT=$pop3
export FRONTDESK_TEST_SMTP_PORT=$smtp
ENV
  echo "IMAP 127.0.0.1:$imap  POP3 127.0.0.1:$pop3  SMTP 127.0.0.1:$smtp  ($dir)"
  ;;
*)
  echo "usage: mail-servers.sh start|stop DIR" >&2
  exit 2
  ;;
esac
