/* SPDX-License-Identifier: ISC */
/*
 * Inside the explorer: its whole state (struct explore), the worker's
 * task, and the functions its files call in each other: explore.c (state,
 * loop, status line), explore-key.c (the key table and what keys do),
 * explore-prompt.c (one-line prompts), explore-cmd.c (':' commands),
 * explore-worker.c (the background thread), explore-job.c (the
 * explainers), explore-term.c (curses, signals, drawing) and
 * explore-teach.c (the teaching views). Nothing outside src/tui/explore*.c
 * includes this.
 */
#ifndef GS_EXPLORE_INT_H
#define GS_EXPLORE_INT_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#include "data/range.h"
#include "tui/teachdata.h"
#include "tui/theme.h"
#include "tui/tui.h"

/* The control character of key c ('l' for Ctrl-L). */
#define EXPLORE_CTRL(c)		((c) & 0x1f)

/* Lines of prompt history kept. */
#define EXPLORE_HISTORY		32

/* What the worker thread is doing. */
enum explore_kind {
	TASK_NONE,
	TASK_ROW,		/* explain one data row */
	TASK_WHATIF,		/* explain the edited row */
	TASK_SUMMARY,		/* explain the summary rows */
	TASK_CLASSES,		/* explain the summary rows for every class */
	TASK_TEACH,		/* a teaching view's data (teachdata.c) */
	TASK_PAIRS		/* every row by models A and B (the models
				   view's lists) */
};

/*
 * One piece of work for the worker thread. The thread is given the task,
 * never the explorer: its inputs are set by explore_worker_start before
 * the thread starts and stay fixed until it is joined. They are copies
 * (x, opts, ex, scale), or things fixed while the explorer is open (the
 * session's model and data, the job's baseline set, noise and groups),
 * or the explainer, which the explorer replaces only after a join
 * (explore_job_explainer). The results are the task's until joined.
 */
struct explore_task {
	/* Inputs. */
	enum explore_kind	 kind;		/* what it is */
	size_t			 row;		/* the row (row, what-if, teach) */
	size_t			 first;		/* summary rows first.. */
	size_t			 last;		/* ..last - 1 */
	size_t			 d;		/* features */
	struct gs_dataset	*data;		/* the session's rows (the column statistics
					   dataset_row may use were made at open) */
	const struct gs_selection *sel;		/* its input columns */
	int			 impute;	/* fill missing cells with means */
	struct gs_explainer	*e;		/* the explainer (X->e) */
	struct gs_explainer *const *ce;		/* classes: one a class (X->ce) */
	size_t			 nc;		/* classes: how many, else 1 */
	double			*x;		/* input row (what-if, teach), owned */
	enum gs_view		 view;		/* teach: the view */
	int			 groups;	/* teach: groups as players */
	size_t			 bidx;		/* teach: the path's baseline row */
	size_t			 conv_max;	/* teach: the convergence count, 0: the method's */
	struct gs_attr_opts	 opts;		/* teach: the method's options */
	struct gs_result	*ex;		/* teach: the explanation shown, owned */
	double			*scale;		/* teach: feature sds, owned */
	struct gs_teach_in	 in;		/* teach: teachdata's inputs, pointing at the above */
	struct gs_explain_job	*pair;		/* pairs: the comparison job (X->x->pair) */
	/* The thread. */
	pthread_t		 th;		/* the thread, when threaded */
	int			 running;	/* started and not yet collected */
	int			 threaded;	/* th was started (else the work ran inline) */
	atomic_int		 done;		/* set by the worker at the end */
	atomic_int		 cancel;	/* set by the UI to stop it */
	atomic_size_t		 progress;	/* rows done (summary) */
	/* Results. */
	struct gs_teachdata	 teach;		/* teach: the result */
	struct gs_cmp_summary	 sum;		/* pairs: the rows compared */
	size_t			 failed;	/* pairs: rows that could not be */
	char			 pairs_err[GS_ERROR_MSG_SIZE]; /* pairs: the first one's why */
	char			 pairs_how[128]; /* pairs: the draws, in words */
	struct gs_result	**res;		/* results, one per row (classes: row-major
					   by class), or NULL; owned */
	char			**err;		/* error messages per row, owned */
	int			 rc;		/* 0, or -1 with err[0] */
};

/* Prompt kinds. */
enum explore_prompt {
	PROMPT_NONE,
	PROMPT_FIND,		/* '/' a feature */
	PROMPT_ROW,		/* 'g' a row */
	PROMPT_VALUE,		/* 'i' a value for the cursor feature */
	PROMPT_COMMAND,		/* ':' a command line */
	PROMPT_WRITE,		/* 'w' a file to write the view to */
	PROMPT_REPORT		/* 'R' a file to write the HTML report to */
};

/* The explorer's whole state. */
struct explore {
	const struct gs_explore	*x;		/* what it works on */
	struct gs_tui_opts	 t;		/* options */
	struct gs_render_opts	 ro;		/* how views are drawn */
	struct gs_caps		 caps;		/* what the terminal can show */
	struct gs_theme		 theme;		/* colours */
	enum gs_tier		 tier;		/* colour tier in use */
	int			 can_color;	/* colours may be used at all */
	int			 force_ascii;	/* 'u' */
	int			 utf8_ok;	/* the locale can draw Unicode */
	struct gs_grid		 g;		/* the screen */
	SCREEN			*scr;		/* the curses screen */
	struct gs_attr_opts	 opts;		/* method options (class changes) */
	struct gs_explainer	*e;		/* the explainer */
	struct gs_groups	 autog;		/* groups made here when none given */
	struct gs_tui_feats	 feats;		/* the drawn row's features (explore_src) */
	size_t			 nrows;		/* dataset rows */
	size_t			 d;		/* features */
	size_t			 k;		/* model outputs */
	struct gs_result	**cache;	/* per row, or NULL */
	char			**rowerr;	/* per row: why it failed, or NULL */
	size_t			 row;		/* current row */
	long			 cursor;	/* cursor row in the bar order */
	double			*sd;		/* per feature: standard deviation */
	struct gs_range		*ranges;	/* per feature: what the data held, or NULL */
	double			*xedit;		/* the edited input, or NULL */
	char			 whatif_desc[160]; /* "f = a -> b" */
	struct gs_result	*whatif;	/* explanation of xedit, or NULL */
	int			 whatif_stale;	/* xedit changed since */
	long			 pinned;	/* reference row for compare, -1 */
	struct gs_explainer	*alt_e;		/* ':compare' explainer, or NULL */
	struct gs_baseline	 alt_bl;	/* its own baseline set, when it has one */
	struct gs_result	*alt;		/* its explanation of alt_row, or NULL */
	size_t			 alt_row;	/* the row alt explains */
	char			 alt_label[96];	/* what it is ("method ig") */
	int			 stack;		/* 'K': the importance view stacks every class */
	struct gs_explainer	**ce;		/* stack: an explainer a class (k), owned */
	struct gs_result	**ccache;	/* stack: row r for class c at c * nrows + r,
					   or NULL; owned */
	size_t			 sfirst;	/* summary rows first.. */
	size_t			 slast;		/* ..last - 1 */
	int			 summary_off;	/* the user cancelled the summary */
	long			 row_off;	/* the row whose explaining the user
					   cancelled (not started again), -1 */
	struct gs_teachdata	 teach;		/* the teaching view's data */
	int			 teach_off;	/* the user cancelled computing it */
	size_t			 bidx;		/* path view: the baseline row */
	size_t			 conv_max;	/* convergence: refined count (r), 0: the method's */
	struct gs_cmp_summary	 pairs;		/* models view: every row by A and B,
					   once pairs_done */
	int			 pairs_done;	/* pairs holds every row */
	int			 pairs_off;	/* the user cancelled computing it */
	size_t			*pairs_worst;	/* pairs.n indices, disagree most first */
	size_t			*pairs_same;	/* agreeing predictions, other reasons */
	size_t			 npairs_same;	/* how many */
	size_t			 pairs_failed;	/* rows that could not be compared */
	char			 pairs_err[GS_ERROR_MSG_SIZE]; /* the first one's why */
	char			 pairs_how[128]; /* the draws, in words */
	char			 pairs_msg[160]; /* why there is no list (yet) */
	int			 pair_hooked;	/* x->pair polls the task's cancel */
	gs_cancel_fn		 pair_cancel;	/* what it polled before, or NULL */
	void			*pair_cancel_arg; /* passed to pair_cancel */
	struct explore_task	 task;		/* the worker's task */
	enum gs_view		 prev_view;	/* for Esc */
	int			 help;		/* the help overlay is open */
	int			 help_top;	/* its first line */
	enum explore_prompt	 prompt;	/* open prompt, or NONE */
	char			 input[256];	/* prompt text */
	char			*hist[EXPLORE_HISTORY]; /* prompt history, owned */
	int			 nhist;		/* entries */
	int			 hpos;		/* browsing position */
	char			 find[128];	/* last search */
	char			 status[256];	/* message for the last line */
	int			 status_warn;	/* it is an error */
	int			 quit;		/* leave the loop (1), reopen (2) */
	int			 dirty;		/* redraw */
};


/* explore.c */
void	explore_status(struct explore *X, int warn, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	explore_result_free(struct gs_result *res);
void	explore_flush(struct explore *X);
void	explore_revert(struct explore *X);
void	explore_goto(struct explore *X, long r);
void	explore_src(struct explore *X, struct gs_render_src *src,
	    const struct gs_explanation ***many, char *la, char *lb,
	    size_t lsize);

/* explore-key.c */
void	explore_key_press(struct explore *X, int isfn, wint_t ch);
void	explore_key_help(struct explore *X);
void	explore_key_find(struct explore *X, int dir);
void	explore_key_whatif(struct explore *X, int set, double v);
void	explore_key_stack(struct explore *X);
void	explore_key_stack_free(struct explore *X);
int	explore_key_check(struct gs_error *err);

/* explore-prompt.c */
const char *explore_prompt_label(struct explore *X);
void	explore_prompt_open(struct explore *X, enum explore_prompt p,
	    const char *init);
void	explore_prompt_key(struct explore *X, int isfn, wint_t ch);

/* explore-cmd.c */
void	explore_cmd_run(struct explore *X, const char *line);
void	explore_cmd_read(struct explore *X);
void	explore_cmd_write(struct explore *X, const char *path);
/*
 * Write the HTML report (session/report.c) on the row shown, a what-if
 * edit included, to path; 0, or -1 with the status line saying why.
 */
int	explore_cmd_report(struct explore *X, const char *path);
void	explore_cmd_alt_update(struct explore *X);

/* explore-worker.c */
int	explore_worker_cancelled(void *arg);
void	explore_worker_start(struct explore *X, enum explore_kind kind,
	    size_t first, size_t last);
void	explore_worker_join(struct explore *X);
void	explore_worker_cancel(struct explore *X);
void	explore_worker_stop(struct explore *X);
void	explore_worker_schedule(struct explore *X);
void	explore_worker_pairs_clear(struct explore *X);

/* explore-job.c */
const struct gs_groups *explore_job_groups(const struct explore *X);
int	explore_job_explainer(struct explore *X, struct gs_error *err);
int	explore_job_compare(struct explore *X, const char *what,
	    const char *spec, struct gs_error *err);
int	explore_job_pair_hook(struct explore *X, int on,
	    struct gs_error *err);

/* explore-term.c */
void	explore_term_signals(int on);
int	explore_term_sigint(void);
int	explore_term_sigterm(void);
int	explore_term_start(struct explore *X, struct gs_error *err);
int	explore_term_start_bench(struct explore *X, const char *term,
	    FILE *out, FILE *in, int w, int h);
void	explore_term_end(struct explore *X);
void	explore_term_draw(struct explore *X);

/* explore-teach.c */
void	explore_teach_work(struct explore_task *tk);
void	explore_teach_start(struct explore *X);
void	explore_teach_join(struct explore *X);
int	explore_teach_valid(const struct explore *X);
void	explore_teach_src(struct explore *X, struct gs_render_src *src);
void	explore_teach_progress(const struct explore *X, char *msg,
	    size_t size);
void	explore_teach_step(struct explore *X, int dir);
void	explore_teach_refine(struct explore *X);
void	explore_teach_conv_multi(struct explore *X);
void	explore_teach_baseline_row(struct explore *X, const char *arg);

#endif /* GS_EXPLORE_INT_H */
