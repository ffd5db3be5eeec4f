/* SPDX-License-Identifier: ISC */
/*
 * Interrupts: SIGINT, SIGTERM and SIGHUP only record which signal came
 * and call one hook (lua.c's laction: arming a Lua hook is the one thing
 * a handler may do besides setting a flag). Long loops poll
 * interrupt_cancelled, a gs_cancel_fn; the front end then stops cleanly
 * (whole records written) and exits with interrupt_status(), 128 plus the
 * signal. The one set of handlers in gshap; the explorer's fatal-signal
 * handlers, which only give the terminal back, are not interrupts.
 */
#ifndef GS_INTERRUPT_H
#define GS_INTERRUPT_H

/* interrupt_install: restart interrupted system calls (the REPL). */
#define INTERRUPT_RESTART	0x1

/*
 * Catch SIGINT, SIGTERM and SIGHUP, keeping the handlers there were;
 * calls nest (the REPL, then its explorer), each interrupt_restore
 * putting back what its interrupt_install replaced. Clears the flag.
 */
void	interrupt_install(int flags);
void	interrupt_restore(void);

/* The signal that came (SIGINT, SIGTERM, SIGHUP) since the last clear, or 0. */
int	interrupt_pending(void);

/* Forget it (a Ctrl-C at the prompt, a command that handled it). */
void	interrupt_clear(void);

/*
 * The exit status for the signal that came: 128 + its number (130 for
 * Ctrl-C); 130 when none came.
 */
int	interrupt_status(void);

/*
 * Call fn(arg) from the handler too (NULL: nothing). fn must be
 * async-signal-safe: script_interrupt, which arms a Lua hook, is.
 */
void	interrupt_set_hook(void (*fn)(void *), void *arg);

/* A gs_cancel_fn: whether an interrupt came. arg is unused. */
int	interrupt_cancelled(void *arg);

/* A name for the signal ("interrupted", "terminated", "hung up"). */
const char *interrupt_name(int sig);

#endif
