# SPDX-License-Identifier: ISC
# Shared by the tests that run gshap in a real terminal: a private tmux
# server whose socket lives in $T, and checks that read its screen. Source
# it after lib.sh. Set SCROLLBACK=N before checks to read N lines above the
# pane too, and WAIT (seconds) for the default wait.
#
# A check that fails makes every later wait short (2 s): when the program
# under test has died, the rest of the test fails in seconds, not in an
# hour of 30-second waits.
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed"; exit 77; }

TM="tmux -S $T/tmux -f /dev/null"
unset TMUX
trap '$TM kill-server 2>/dev/null; rm -rf "$T"' EXIT
: "${WAIT:=30}"
: "${SCROLLBACK:=0}"
wait_cap=

# start WIDTH HEIGHT COMMAND: a fresh session running COMMAND; skip when
# tmux cannot start one.
start() {
	$TM new-session -d -x "$1" -y "$2" "$3" ||
	    { echo "tmux cannot start a session"; exit 77; }
}
# fresh: the old server gone, since a new session asked of a server that
# is shutting down fails.
fresh() {
	$TM kill-server 2>/dev/null
	n=0
	while $TM ls >/dev/null 2>&1 && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	rm -f "$T/tmux"
}
screen() { $TM capture-pane -p -S "-$SCROLLBACK" 2>/dev/null; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
	s=${2:-$WAIT}
	[ -n "$wait_cap" ] && [ "$s" -gt "$wait_cap" ] && s=$wait_cap
	i=0
	while [ "$i" -lt "$((s * 10))" ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# check TEXT [SECONDS]: pass when the screen shows TEXT in time.
check() {
	if wait_for "$1" "$2"; then pass; else
		wait_cap=2
		fail "the screen lacks '$1'"; screen | grep -v "^$" | tail -24
	fi
}
# check_not TEXT: the screen does not show TEXT (after a moment).
check_not() {
	sleep 0.3
	if screen | grep -qF -- "$1"; then
		fail "the screen shows '$1'"; screen | grep -v "^$" | tail -24
	else pass; fi
}
keys() { $TM send-keys "$@"; }
