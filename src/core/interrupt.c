/* SPDX-License-Identifier: ISC */
/*
 * The interrupt handlers: one flag holding the signal, one hook, and a
 * small stack of the handlers they replaced.
 */
#include <signal.h>
#include <string.h>

#include "core/interrupt.h"

/* Most nested interrupt_install calls. */
#define INTERRUPT_DEPTH	8

static const int interrupt_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define INTERRUPT_NSIG	(sizeof interrupt_signals / sizeof interrupt_signals[0])

static volatile sig_atomic_t interrupt_sig;	/* the signal that came, or 0 */
static void (*volatile interrupt_fn)(void *);	/* the hook, or NULL */
static void *volatile interrupt_arg;		/* its argument */
static struct sigaction interrupt_old[INTERRUPT_DEPTH][INTERRUPT_NSIG];
static int interrupt_depth;			/* installs not restored */

/* The handler: record the signal, run the hook. */
static void
interrupt_on_signal(int sig)
{
	void	(*fn)(void *) = interrupt_fn;

	interrupt_sig = sig;
	if (fn != NULL)
		fn(interrupt_arg);
}

void
interrupt_install(int flags)
{
	struct sigaction	sa;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = interrupt_on_signal;
	if (flags & INTERRUPT_RESTART)
		sa.sa_flags = SA_RESTART;
	interrupt_sig = 0;
	for (i = 0; i < INTERRUPT_NSIG; i++)
		sigaction(interrupt_signals[i], &sa, interrupt_depth <
		    INTERRUPT_DEPTH ? &interrupt_old[interrupt_depth][i] : NULL);
	interrupt_depth++;
}

void
interrupt_restore(void)
{
	size_t	i;

	if (interrupt_depth == 0)
		return;
	interrupt_depth--;
	if (interrupt_depth >= INTERRUPT_DEPTH)
		return;
	for (i = 0; i < INTERRUPT_NSIG; i++)
		sigaction(interrupt_signals[i],
		    &interrupt_old[interrupt_depth][i], NULL);
}

int
interrupt_pending(void)
{
	return (interrupt_sig);
}

void
interrupt_clear(void)
{
	interrupt_sig = 0;
}

int
interrupt_status(void)
{
	return (128 + (interrupt_sig != 0 ? interrupt_sig : SIGINT));
}

void
interrupt_set_hook(void (*fn)(void *), void *arg)
{
	/* The handler reads fn first: clear it while arg changes. */
	interrupt_fn = NULL;
	interrupt_arg = arg;
	interrupt_fn = fn;
}

int
interrupt_cancelled(void *arg)
{
	(void)arg;
	return (interrupt_sig != 0);
}

const char *
interrupt_name(int sig)
{
	switch (sig) {
	case SIGTERM:
		return ("terminated");
	case SIGHUP:
		return ("hung up");
	default:
		return ("interrupted");
	}
}
