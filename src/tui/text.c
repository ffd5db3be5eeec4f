/* SPDX-License-Identifier: ISC */
/*
 * Text output through the renderer: the options the front ends share,
 * choosing UTF-8 and colour for an output, the chart under
 * `gshap explain --format text`, and --dump-screen (a view rendered at a
 * given size with no terminal, for scripts and golden-file tests).
 */
#include <langinfo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "core/xmalloc.h"
#include "session/svg.h"
#include "tui/teachdata.h"
#include "tui/theme.h"
#include "tui/tui.h"

/* Largest --dump-screen. */
#define TEXT_MAX_W	1000
#define TEXT_MAX_H	1000

void
tui_opts_default(struct gs_tui_opts *t)
{
	memset(t, 0, sizeof *t);
	t->view = GS_VIEW_BAR;
	t->color = GS_COLOR_AUTO;
	t->k = 10;
}

int
tui_opts_parse(struct gs_tui_opts *t, const char *opt, const char *arg,
    struct gs_error *err)
{
	char	*end, list[256];
	long	 w, h;

	if (strcmp(opt, "view") == 0) {
		if (render_view_parse(arg, &t->view) != 0)
			return (gs_error_set(err, GS_EINVAL, "--view: unknown "
			    "view '%s' (%s)", arg, render_view_list(list,
			    sizeof list)));
		t->view_set = 1;
		return (0);
	}
	if (strcmp(opt, "dump-screen") == 0) {
		w = strtol(arg, &end, 10);
		if (end == arg || (*end != 'x' && *end != 'X'))
			goto bad_size;
		arg = end + 1;
		h = strtol(arg, &end, 10);
		if (end == arg || *end != '\0' || w < 1 || h < 1 ||
		    w > TEXT_MAX_W || h > TEXT_MAX_H)
			goto bad_size;
		t->dump_w = (int)w;
		t->dump_h = (int)h;
		return (0);
	}
	if (strcmp(opt, "ascii") == 0) {
		t->ascii = 1;
		return (0);
	}
	if (strcmp(opt, "stack") == 0) {
		t->stack = 1;
		return (0);
	}
	if (strcmp(opt, "color") == 0) {
		if (strcmp(arg, "auto") == 0)
			t->color = GS_COLOR_AUTO;
		else if (strcmp(arg, "never") == 0)
			t->color = GS_COLOR_NEVER;
		else if (strcmp(arg, "always") == 0)
			t->color = GS_COLOR_ALWAYS;
		else
			return (gs_error_set(err, GS_EINVAL, "--color: '%s' is "
			    "not auto, never or always", arg));
		return (0);
	}
	if (strcmp(opt, "theme") == 0) {
		t->theme = arg;
		return (0);
	}
	return (gs_error_set(err, GS_EINVAL, "unknown option --%s", opt));
bad_size:
	return (gs_error_set(err, GS_EINVAL, "--dump-screen: '%s' is not "
	    "WIDTHxHEIGHT (1x1 to %dx%d)", arg, TEXT_MAX_W, TEXT_MAX_H));
}

int
tui_wanted(const struct gs_tui_opts *t)
{
	return (t->view_set || t->dump_w > 0);
}

const char *
tui_theme_name(const struct gs_tui_opts *t)
{
	const char	*e;

	if (t->theme != NULL)
		return (t->theme);
	if ((e = getenv("GSHAP_THEME")) != NULL && *e != '\0')
		return (e);
	return (NULL);
}

int
tui_color_on(const struct gs_tui_opts *t, int fd)
{
	const char	*nc;

	if (t->color == GS_COLOR_ALWAYS)
		return (1);
	if (t->color == GS_COLOR_NEVER)
		return (0);
	if ((nc = getenv("NO_COLOR")) != NULL && *nc != '\0')
		return (0);
	return (isatty(fd));
}

int
tui_locale_utf8(void)
{
	const char	*cs = nl_langinfo(CODESET);

	if (cs == NULL || strcmp(cs, "UTF-8") != 0)
		return (0);
	return (wcwidth(0x2588) == 1);
}

/* UTF-8 drawing: not --ascii, and a locale that can (tui_locale_utf8). */
static int
text_utf8(const struct gs_tui_opts *t)
{
	return (!t->ascii && tui_locale_utf8());
}

/*
 * The palette for colour output, or NULL. A theme that cannot be loaded
 * is said once on stderr, with colour or without (a --theme that names
 * nothing is a mistake either way), and the default is used.
 */
static const struct gs_palette *
text_palette(const struct gs_tui_opts *t, int fd, struct gs_theme *th)
{
	static int	 warned;
	struct gs_error	 err;
	const char	*name = tui_theme_name(t);

	if (name == NULL)
		theme_default(th);
	else if (theme_load(th, name, &err) != 0) {
		if (!warned)
			fprintf(stderr, "gshap: --theme: %s (using the "
			    "default theme)\n", err.msg);
		warned = 1;
		theme_default(th);
	}
	if (!tui_color_on(t, fd))
		return (NULL);
	return (&th->pal[GS_TIER_256]);
}

/* Columns of the terminal on fd, or 80. */
static int
text_width_of(int fd)
{
	struct winsize	ws;

	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return (ws.ws_col > TEXT_MAX_W ? TEXT_MAX_W : ws.ws_col);
	return (80);
}

void
tui_chart(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex, const struct gs_tui_opts *t,
    enum gs_view view, int width)
{
	tui_chart_many(f, info, &ex, 1, t, view, width);
}

void
tui_chart_many(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *const *many, size_t n,
    const struct gs_tui_opts *t, enum gs_view view, int width)
{
	const struct gs_explanation *ex = many[0];
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_caps		 caps;
	struct gs_grid		 g;
	struct gs_theme		 th;
	struct gs_tui_opts	 def;
	const struct gs_palette	*pal;
	struct gs_tui_feats	 tf;
	int			 rows;

	if (n == 0 || ex->d == 0)
		return;
	if (t == NULL) {
		tui_opts_default(&def);
		t = &def;
	}
	memset(&src, 0, sizeof src);
	memset(&caps, 0, sizeof caps);
	src.model = info->model;
	src.data = info->data != NULL ? info->data : "";
	src.output = info->output;
	src.baseline_desc = info->baseline_desc;
	src.names = info->names;
	src.ex = ex;
	src.row = ex->row;
	src.many = many;
	src.nmany = n;
	render_opts_default(&o);
	o.view = view;
	o.frame = 0;
	o.k = t->k;
	o.stack = t->stack;
	/* Groups played as players (exact, ...) are shown as groups. */
	o.groups = (t->groups || (method_info(ex->method)->takes &
	    GS_TAKES_GROUPS)) && ex->groups != NULL && ex->gphi != NULL;
	/* An encoding's features: one bar each, labelled with the level. */
	tui_feats_src(&tf, &src, info, &o.groups);
	caps.utf8 = text_utf8(t);
	pal = text_palette(t, fileno(f), &th);
	caps.color = pal != NULL;
	/* Render into a grid tall enough, then print only the rows used. */
	rows = render_body_rows(&src, &o);
	grid_init(&g, width > 0 ? width : text_width_of(fileno(f)), rows,
	    !caps.utf8);
	g.h = render_body(&g, &src, &o, &caps);
	grid_write(f, &g, pal);
	g.h = rows;
	grid_free(&g);
	tui_feats_clear(&tf);
}

void
tui_feats_src(struct gs_tui_feats *tf, struct gs_render_src *src,
    const struct gs_export_info *info, int *groups)
{
	char	buf[160];
	size_t	k;

	memset(tf, 0, sizeof *tf);
	src->s = info->s;
	if (src->ex == NULL)
		return;
	export_features(&tf->fs, info, src->ex);
	src->imputed = tf->fs.imputed;
	if (!tf->fs.grouped)
		return;
	tf->labels = xcalloc(tf->fs.n + 1, sizeof *tf->labels);
	for (k = 0; k < tf->fs.n; k++)
		tf->labels[k] = xstrdup(features_label(&tf->fs.rows[k], buf,
		    sizeof buf));
	src->glabels = (const char *const *)tf->labels;
	if (groups != NULL)
		*groups = 1;
}

void
tui_feats_clear(struct gs_tui_feats *tf)
{
	size_t	k;

	for (k = 0; tf->labels != NULL && k < tf->fs.n; k++)
		free(tf->labels[k]);
	free(tf->labels);
	features_clear(&tf->fs);
	memset(tf, 0, sizeof *tf);
}

void
tui_export(FILE *f, enum gs_format fmt, const struct gs_export_info *info,
    const struct gs_explanation *ex, const struct gs_tui_opts *t)
{
	export_explanation(f, fmt, info, ex);
	if (fmt != GS_FORMAT_TEXT || ex->d == 0)
		return;
	tui_chart(f, info, ex, t, GS_VIEW_BAR, 0);
	fputc('\n', f);
}

void
tui_rows_add(struct gs_tui_rows *r, const struct gs_explanation *ex)
{
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
	}
	r->v[r->n] = xcalloc(1, sizeof *r->v[r->n]);
	cache_result_set(r->v[r->n++], ex);
}

void
tui_rows_free(struct gs_tui_rows *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		cache_result_clear(r->v[i]);
		free(r->v[i]);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/*
 * The teaching view's data for the first kept row into td: its input read
 * again, the explainer of the rows. Returns -1 (err) only when it cannot
 * start; a view that refuses keeps its reason in td->msg.
 */
static int
text_teach(struct gs_teachdata *td, const struct gs_tui_opts *t,
    const struct gs_session *s, const struct gs_tui_rows *r,
    struct gs_error *err)
{
	const struct gs_explanation *ex = &r->v[0]->ex;
	struct gs_teach_in	 in;
	struct gs_error		 e2;
	double			*x, *scale, mean;
	size_t			 i;

	if (r->e == NULL || r->opts == NULL)
		return (gs_error_set(err, GS_EINVAL, "--view %s: no explainer "
		    "to compute it with", render_view_name(t->view)));
	x = xcalloc(ex->d > 0 ? ex->d : 1, sizeof *x);
	scale = xcalloc(ex->d > 0 ? ex->d : 1, sizeof *scale);
	if (dataset_row(s->data, &s->sel, ex->row, r->impute, x, err) != 0) {
		free(x);
		free(scale);
		return (-1);
	}
	for (i = 0; i < ex->d; i++) {
		dataset_column_stats(s->data, s->sel.cols[i], &mean, &scale[i]);
		if (!isfinite(scale[i]) || scale[i] <= 0)
			scale[i] = 1;
	}
	memset(&in, 0, sizeof in);
	in.model = s->model;
	in.output = s->output;
	in.opts = r->opts;
	in.bl = r->bl;
	in.nz = r->nz;
	/* The exact view plays the groups given (--groups) as players. */
	in.groups = t->groups || t->view == GS_VIEW_EXACT ? r->groups : NULL;
	in.e = r->e;
	in.ex = ex;
	in.x = x;
	in.row = ex->row;
	in.bidx = 0;
	in.scale = scale;
	in.pair = r->pair;
	in.model_b = r->model_b;
	(void)teachdata_compute(td, t->view, &in, &e2);
	free(x);
	free(scale);
	return (0);
}

int
tui_dump(FILE *f, const struct gs_tui_opts *t, const struct gs_session *s,
    const struct gs_export_info *info, const struct gs_tui_rows *r,
    struct gs_error *err)
{
	const struct gs_explanation **many;
	const struct gs_shape	*sh;
	struct gs_export_info	 fi;
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_caps		 caps;
	struct gs_grid		 g;
	struct gs_theme		 th;
	struct gs_teachdata	 td;
	struct gs_tui_feats	 tf;
	const struct gs_palette	*pal;
	long long		 dims[GS_MAX_DIMS];
	char			 la[64], lb[64];
	size_t			 i;
	int			 k;

	if (r->n == 0)
		return (gs_error_set(err, GS_EINVAL, "--dump-screen: no row "
		    "was explained"));
	if (t->view == GS_VIEW_COMPARE && r->n < 2)
		return (gs_error_set(err, GS_EINVAL, "--view compare needs two "
		    "rows (--rows A:B with B = A + 2)"));
	many = xcalloc(r->n, sizeof *many);
	for (i = 0; i < r->n; i++)
		many[i] = &r->v[i]->ex;
	memset(&src, 0, sizeof src);
	src.model = info->model;
	src.model_b = r->pair != NULL ? r->model_b : NULL;
	src.data = info->data;
	src.output = info->output;
	src.baseline_desc = r->v[0]->ex.baseline_desc;
	src.names = info->names;
	src.nrows = s->data != NULL ? s->data->nrows : 0;
	src.ex = many[0];
	src.row = many[0]->row;
	src.many = many;
	src.nmany = r->n;
	sh = model_input_shape(s->model);
	for (k = 0; k < sh->ndim && k < GS_MAX_DIMS; k++)
		dims[k] = (long long)sh->d[k];
	image_shape(dims, sh->ndim, many[0]->d, &src.img_c, &src.img_h,
	    &src.img_w);
	/* compare: the first row against the second. */
	if (r->n >= 2) {
		src.other = many[1];
		snprintf(la, sizeof la, "row %zu", many[0]->row);
		snprintf(lb, sizeof lb, "row %zu", many[1]->row);
		src.label = la;
		src.other_label = lb;
	}
	memset(&td, 0, sizeof td);
	if (render_view_teach(t->view)) {
		if (text_teach(&td, t, s, r, err) != 0) {
			free(many);
			return (-1);
		}
		teachdata_src(&td, &src);
	}
	render_opts_default(&o);
	o.view = t->view;
	o.k = t->k;
	o.stack = t->stack;
	o.cursor = 0;
	/* Groups played as players (exact, ...) are shown as groups. */
	o.groups = (t->groups || (method_info(src.ex->method)->takes &
	    GS_TAKES_GROUPS)) && src.ex->groups != NULL &&
	    src.ex->gphi != NULL;
	fi = *info;
	fi.s = s;
	fi.impute = r->impute;
	tui_feats_src(&tf, &src, &fi, &o.groups);
	o.feature = (size_t)(render_feature_at(&src, &o, 0) >= 0 ?
	    render_feature_at(&src, &o, 0) : 0);
	o.step = td.have_trace ? td.trace.n - 1 : 0;
	caps.utf8 = text_utf8(t);
	caps.term = 0;
	pal = text_palette(t, fileno(f), &th);
	caps.color = pal != NULL;
	grid_init(&g, t->dump_w, t->dump_h, !caps.utf8);
	render_screen(&g, &src, &o, &caps);
	grid_write(f, &g, pal);
	grid_free(&g);
	tui_feats_clear(&tf);
	teachdata_clear(&td);
	free(many);
	return (0);
}
