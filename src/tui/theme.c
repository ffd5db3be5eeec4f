/* SPDX-License-Identifier: ISC */
/*
 * Theme files: parsing `role = FG[/BG] [attributes]` lines in sections for
 * the colour tiers, deriving the tiers a file leaves out (256 -> 16 by
 * nearest colour, 16 -> 8 with bold for bright), the built-in themes, and
 * finding a theme by name.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/theme.h"

#ifndef GSHAP_THEMEDIR
#define GSHAP_THEMEDIR "/usr/local/share/gshap/themes"
#endif

/* Largest theme file read. */
#define THEME_MAX_SIZE	65536

/* Theme keys: the plain roles in enum order (NULL: not settable). */
static const char *const theme_role_names[GS_ROLE_COUNT] = {
	NULL, "positive", "negative", "positive_alt", "negative_alt",
	"positive_soft", "negative_soft", "axis", "grid", "value", "label",
	"marker", "warning", "title", "tab", "tab_active", "highlight",
	"heat", "swarm", NULL
};
_Static_assert(GS_ROLE_COUNT == 20, "theme_role_names out of step with enum gs_role");

static const char *const theme_ansi_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"brightblack", "brightred", "brightgreen", "brightyellow",
	"brightblue", "brightmagenta", "brightcyan", "brightwhite"
};

static const char *const theme_section_names[GS_TIER_COUNT] = {
	"256", "16", "8", "mono"
};

/* The default theme: shap's colours on a dark or any background. */
static const char theme_text_default[] =
"# gshap theme \"default\": shap's red (+) and blue (-) on the terminal's\n"
"# own background. A line is ROLE = FG[/BG] [bold dim reverse underline];\n"
"# FG and BG are default, 0-255, #rrggbb or an ANSI name (red, brightred,\n"
"# ...). heat takes 11 colours (negative to positive), swarm 7 (low to\n"
"# high feature value). Sections [16], [8] and [mono] are used on\n"
"# terminals with fewer colours; a tier left out is derived.\n"
"positive      = 197\n"
"negative      = 33\n"
"positive_alt  = 161\n"
"negative_alt  = 26\n"
"positive_soft = 211\n"
"negative_soft = 117\n"
"axis          = 244\n"
"grid          = 240\n"
"value         = 246\n"
"label         = default\n"
"marker        = default bold\n"
"warning       = 214\n"
"title         = default reverse\n"
"tab           = default\n"
"tab_active    = default bold reverse\n"
"highlight     = default reverse\n"
"heat          = 24 25 67 117 189 255 224 216 167 124 52\n"
"swarm         = 33 26 98 127 163 198 197\n"
"\n"
"[16]\n"
"positive      = brightred\n"
"negative      = brightblue\n"
"positive_alt  = red\n"
"negative_alt  = blue\n"
"positive_soft = red\n"
"negative_soft = cyan\n"
"axis          = default\n"
"grid          = brightblack\n"
"value         = brightblack\n"
"warning       = yellow\n"
"heat          = blue blue brightblue brightblue cyan white magenta brightred brightred red red\n"
"swarm         = brightblue blue blue magenta magenta red brightred\n"
"\n"
"[mono]\n"
"positive      = default bold\n"
"negative      = default\n"
"positive_alt  = default bold\n"
"negative_alt  = default\n"
"positive_soft = default dim\n"
"negative_soft = default dim\n"
"grid          = default dim\n"
"value         = default dim\n"
"warning       = default bold underline\n";

/* Light: darker greys and a white heat-map centre for light backgrounds. */
static const char theme_text_light[] =
"# gshap theme \"light\": for terminals with a light background.\n"
"positive      = 161\n"
"negative      = 26\n"
"positive_alt  = 125\n"
"negative_alt  = 25\n"
"positive_soft = 211\n"
"negative_soft = 110\n"
"axis          = 240\n"
"grid          = 248\n"
"value         = 242\n"
"label         = default\n"
"marker        = default bold\n"
"warning       = 130\n"
"title         = default reverse\n"
"tab           = default\n"
"tab_active    = default bold reverse\n"
"highlight     = default reverse\n"
"heat          = 17 19 25 68 153 231 217 210 167 124 88\n"
"swarm         = 26 25 61 96 132 161 160\n"
"\n"
"[16]\n"
"positive      = red\n"
"negative      = blue\n"
"positive_alt  = magenta\n"
"negative_alt  = cyan\n"
"positive_soft = brightred\n"
"negative_soft = brightblue\n"
"axis          = default\n"
"grid          = brightblack\n"
"value         = brightblack\n"
"warning       = yellow\n";

/* Colour-blind safe: orange (+) and blue (-) differ in lightness too. */
static const char theme_text_cb[] =
"# gshap theme \"cb\": colour-blind safe, orange (+) and blue (-), which\n"
"# stay apart under deutan, protan and tritan vision and in greyscale.\n"
"positive      = 214 bold\n"
"negative      = 25\n"
"positive_alt  = 172\n"
"negative_alt  = 32\n"
"positive_soft = 222\n"
"negative_soft = 110\n"
"axis          = 244\n"
"grid          = 240\n"
"value         = 246\n"
"label         = default\n"
"marker        = default bold\n"
"warning       = 226\n"
"title         = default reverse\n"
"tab           = default\n"
"tab_active    = default bold reverse\n"
"highlight     = default reverse\n"
"heat          = 24 25 67 117 189 255 223 215 208 166 130\n"
"swarm         = 25 32 67 138 172 208 214\n"
"\n"
"[16]\n"
"positive      = brightyellow\n"
"negative      = brightblue\n"
"positive_alt  = yellow\n"
"negative_alt  = blue\n"
"positive_soft = yellow\n"
"negative_soft = cyan\n"
"axis          = default\n"
"grid          = brightblack\n"
"value         = brightblack\n"
"warning       = brightyellow\n"
"heat          = blue blue brightblue brightblue cyan white yellow yellow brightyellow brightyellow brightyellow\n"
"swarm         = blue blue brightblue cyan yellow yellow brightyellow\n";

/* Monochrome: attributes only, whatever the terminal can do. */
static const char theme_text_mono[] =
"# gshap theme \"mono\": no colour at all; signs are told by bar side,\n"
"# label sign and glyphs, strength by bold and dim.\n"
"positive      = default bold\n"
"negative      = default\n"
"positive_alt  = default bold\n"
"negative_alt  = default\n"
"positive_soft = default dim\n"
"negative_soft = default dim\n"
"axis          = default\n"
"grid          = default dim\n"
"value         = default dim\n"
"label         = default\n"
"marker        = default bold\n"
"warning       = default bold underline\n"
"title         = default reverse\n"
"tab           = default\n"
"tab_active    = default bold reverse\n"
"highlight     = default reverse\n"
"heat          = default default default default default default default default default default default\n"
"swarm         = default default default default default default default\n"
"[16]\n"
"[8]\n";

const char *const theme_builtin_names[] = {
	"default", "light", "cb", "mono", NULL
};

const char *
theme_builtin_text(const char *name)
{
	if (strcmp(name, "default") == 0)
		return (theme_text_default);
	if (strcmp(name, "light") == 0)
		return (theme_text_light);
	if (strcmp(name, "cb") == 0)
		return (theme_text_cb);
	if (strcmp(name, "mono") == 0)
		return (theme_text_mono);
	return (NULL);
}

/* The RGB of xterm colour c. */
static void
theme_rgb(int c, int rgb[3])
{
	static const int ansi[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 },
		{ 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 },
		{ 0, 255, 0 }, { 255, 255, 0 }, { 92, 92, 255 },
		{ 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 }
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	int	i;

	if (c < 16) {
		for (i = 0; i < 3; i++)
			rgb[i] = ansi[c][i];
	} else if (c < 232) {
		c -= 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[(c / 6) % 6];
		rgb[2] = level[c % 6];
	} else
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
}

/* sRGB (0..255) to CIELAB (D65). */
static void
theme_lab(const int rgb[3], double lab[3])
{
	double	lin[3], xyz[3], f[3];
	static const double white[3] = { 0.95047, 1.0, 1.08883 };
	int	i;

	for (i = 0; i < 3; i++) {
		double v = rgb[i] / 255.0;
		lin[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	xyz[0] = 0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2];
	xyz[1] = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
	xyz[2] = 0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2];
	for (i = 0; i < 3; i++) {
		double t = xyz[i] / white[i];
		f[i] = t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116;
	}
	lab[0] = 116 * f[1] - 16;
	lab[1] = 500 * (f[0] - f[1]);
	lab[2] = 200 * (f[1] - f[2]);
}

/* The colour in [lo, hi) nearest to rgb in CIELAB. */
static int
theme_nearest(const int rgb[3], int lo, int hi)
{
	double	a[3], b[3], d, best = INFINITY;
	int	c, o[3], found = lo;

	theme_lab(rgb, a);
	for (c = lo; c < hi; c++) {
		theme_rgb(c, o);
		theme_lab(o, b);
		d = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) *
		    (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]);
		if (d < best) {
			best = d;
			found = c;
		}
	}
	return (found);
}

/* Parse one colour word into *c (-1 for default). */
static int
theme_colour(const char *w, int *c)
{
	char	*end;
	long	 v;
	int	 i, rgb[3];

	if (strcmp(w, "default") == 0 || strcmp(w, "-") == 0) {
		*c = -1;
		return (0);
	}
	for (i = 0; i < 16; i++) {
		if (strcmp(w, theme_ansi_names[i]) == 0) {
			*c = i;
			return (0);
		}
	}
	if (w[0] == '#' && strlen(w) == 7 && strspn(w + 1,
	    "0123456789abcdefABCDEF") == 6) {
		v = strtol(w + 1, NULL, 16);
		rgb[0] = (int)(v >> 16) & 0xff;
		rgb[1] = (int)(v >> 8) & 0xff;
		rgb[2] = (int)v & 0xff;
		*c = theme_nearest(rgb, 16, 256);
		return (0);
	}
	if (!isdigit((unsigned char)w[0]))
		return (-1);
	errno = 0;
	v = strtol(w, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0 || v > 255)
		return (-1);
	*c = (int)v;
	return (0);
}

/* Parse "FG[/BG] [attr...]" into st. */
static int
theme_value(char *v, struct gs_style *st, const char *src, size_t line,
    struct gs_error *err)
{
	char	*w, *slash, *save = NULL;
	int	 first = 1;

	st->fg = st->bg = -1;
	st->attr = 0;
	for (w = strtok_r(v, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save), first = 0) {
		if (strcmp(w, "bold") == 0)
			st->attr |= GS_ATTR_BOLD;
		else if (strcmp(w, "dim") == 0)
			st->attr |= GS_ATTR_DIM;
		else if (strcmp(w, "reverse") == 0)
			st->attr |= GS_ATTR_REVERSE;
		else if (strcmp(w, "underline") == 0)
			st->attr |= GS_ATTR_UNDERLINE;
		else if (strcmp(w, "normal") == 0)
			continue;
		else if (first) {
			if ((slash = strchr(w, '/')) != NULL)
				*slash++ = '\0';
			if (theme_colour(w, &st->fg) != 0 || (slash != NULL &&
			    theme_colour(slash, &st->bg) != 0))
				return (gs_error_set(err, GS_EPARSE, "%s:%zu: bad "
				    "colour '%s%s%s' (default, 0-255, #rrggbb or "
				    "a name such as brightred)", src, line, w,
				    slash != NULL ? "/" : "", slash != NULL ?
				    slash : ""));
		} else
			return (gs_error_set(err, GS_EPARSE, "%s:%zu: unknown "
			    "attribute '%s' (bold, dim, reverse, underline)",
			    src, line, w));
	}
	return (0);
}

/* Parse a list of n colours ("heat = 24 25 ...") into out. */
static int
theme_list(char *v, struct gs_style *out, int n, const char *key,
    const char *src, size_t line, struct gs_error *err)
{
	char	*w, *save = NULL;
	int	 i = 0, c;

	for (w = strtok_r(v, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		if (theme_colour(w, &c) != 0)
			return (gs_error_set(err, GS_EPARSE, "%s:%zu: bad colour "
			    "'%s' in %s", src, line, w, key));
		if (i < n) {
			out[i].fg = c;
			out[i].bg = -1;
			out[i].attr = 0;
		}
		i++;
	}
	if (i != n)
		return (gs_error_set(err, GS_EPARSE, "%s:%zu: %s takes %d colours, "
		    "not %d", src, line, key, n, i));
	return (0);
}

/* What a file sets in one section. */
struct theme_section {
	int	present;			/* the section appeared */
	int	role_set[GS_ROLE_COUNT];	/* role i was given */
	int	heat_set;			/* heat was given */
	int	swarm_set;			/* swarm was given */
};

/* The 16-colour version of colour c. */
static int
theme_to16(int c)
{
	int	rgb[3];

	if (c < 16)
		return (c);
	theme_rgb(c, rgb);
	return (theme_nearest(rgb, 0, 16));
}

/* The 8-colour version of st: bright colours become bold. */
static void
theme_to8(struct gs_style *st)
{
	if (st->fg >= 8) {
		st->fg -= 8;
		st->attr |= GS_ATTR_BOLD;
	}
	if (st->bg >= 8)
		st->bg -= 8;
}

/* Greys of each tier: 232..255, or the few a small palette has. */
static void
theme_greys(struct gs_palette *pal)
{
	static const int g16[4] = { 0, 8, 7, 15 };
	int	i;

	for (i = 0; i < GS_GREY_STEPS; i++) {
		pal->grey[i].bg = -1;
		pal->grey[i].attr = 0;
		switch (pal->tier) {
		case GS_TIER_256:
			pal->grey[i].fg = 232 + i;
			break;
		case GS_TIER_16:
			pal->grey[i].fg = g16[i * 4 / GS_GREY_STEPS];
			break;
		case GS_TIER_8:
			pal->grey[i].fg = i < GS_GREY_STEPS / 2 ? 0 : 7;
			break;
		default:
			pal->grey[i].fg = -1;
			pal->grey[i].attr = i < GS_GREY_STEPS / 3 ? GS_ATTR_DIM :
			    i >= 2 * GS_GREY_STEPS / 3 ? GS_ATTR_BOLD : 0;
			break;
		}
	}
}

/* Mono styles when the file gives none: from the built-in default. */
static void
theme_mono_defaults(struct gs_palette *pal)
{
	int	i;

	for (i = 0; i < GS_ROLE_COUNT; i++) {
		pal->role[i].fg = pal->role[i].bg = -1;
		pal->role[i].attr = 0;
	}
	pal->role[GS_ROLE_POSITIVE].attr = GS_ATTR_BOLD;
	pal->role[GS_ROLE_POSITIVE_ALT].attr = GS_ATTR_BOLD;
	pal->role[GS_ROLE_POSITIVE_SOFT].attr = GS_ATTR_DIM;
	pal->role[GS_ROLE_NEGATIVE_SOFT].attr = GS_ATTR_DIM;
	pal->role[GS_ROLE_GRID].attr = GS_ATTR_DIM;
	pal->role[GS_ROLE_VALUE].attr = GS_ATTR_DIM;
	pal->role[GS_ROLE_MARKER].attr = GS_ATTR_BOLD;
	pal->role[GS_ROLE_WARNING].attr = GS_ATTR_BOLD | GS_ATTR_UNDERLINE;
	pal->role[GS_ROLE_TITLE].attr = GS_ATTR_REVERSE;
	pal->role[GS_ROLE_TAB_ACTIVE].attr = GS_ATTR_BOLD | GS_ATTR_REVERSE;
	pal->role[GS_ROLE_HIGHLIGHT].attr = GS_ATTR_REVERSE;
	for (i = 0; i < GS_HEAT_STEPS; i++) {
		pal->heat[i].fg = pal->heat[i].bg = -1;
		pal->heat[i].attr = 0;
	}
	for (i = 0; i < GS_SWARM_STEPS; i++) {
		pal->swarm[i].fg = pal->swarm[i].bg = -1;
		pal->swarm[i].attr = 0;
	}
}

/* Fill the tiers a file left out (or left partly out) from the richer ones. */
static void
theme_derive(struct gs_theme *th, const struct theme_section *sec)
{
	struct gs_palette	*p16 = &th->pal[GS_TIER_16];
	struct gs_palette	*p8 = &th->pal[GS_TIER_8];
	struct gs_palette	*p256 = &th->pal[GS_TIER_256];
	int			 i;

	for (i = 0; i < GS_ROLE_COUNT; i++) {
		if (!sec[GS_TIER_16].role_set[i]) {
			p16->role[i] = p256->role[i];
			if (p16->role[i].fg >= 0)
				p16->role[i].fg = theme_to16(p16->role[i].fg);
			if (p16->role[i].bg >= 0)
				p16->role[i].bg = theme_to16(p16->role[i].bg);
		}
		if (!sec[GS_TIER_8].role_set[i]) {
			p8->role[i] = p16->role[i];
			theme_to8(&p8->role[i]);
		}
	}
	for (i = 0; i < GS_HEAT_STEPS; i++) {
		if (!sec[GS_TIER_16].heat_set)
			p16->heat[i].fg = p256->heat[i].fg < 0 ? -1 :
			    theme_to16(p256->heat[i].fg);
		if (!sec[GS_TIER_8].heat_set) {
			p8->heat[i] = p16->heat[i];
			theme_to8(&p8->heat[i]);
		}
	}
	for (i = 0; i < GS_SWARM_STEPS; i++) {
		if (!sec[GS_TIER_16].swarm_set)
			p16->swarm[i].fg = p256->swarm[i].fg < 0 ? -1 :
			    theme_to16(p256->swarm[i].fg);
		if (!sec[GS_TIER_8].swarm_set) {
			p8->swarm[i] = p16->swarm[i];
			theme_to8(&p8->swarm[i]);
		}
	}
}

/* Strip blanks at both ends of s in place. */
static char *
theme_trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return (s);
}

/* Parse text into th (already holding a start). */
static int
theme_parse_into(struct gs_theme *th, const char *text, const char *src,
    struct gs_error *err)
{
	struct theme_section	 sec[GS_TIER_COUNT];
	struct gs_palette	*pal;
	char			*copy, *line, *next, *key, *val, *eq;
	size_t			 lineno = 0;
	int			 tier = GS_TIER_256, i, role, rc = -1;

	memset(sec, 0, sizeof sec);
	sec[GS_TIER_256].present = 1;
	copy = xstrdup(text);
	for (line = copy; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		/* Comments: '#' first on a line, or alone after a blank. */
		line = theme_trim(line);
		for (eq = line; (eq = strchr(eq, '#')) != NULL; eq++) {
			if (eq == line || ((eq[-1] == ' ' || eq[-1] == '\t') &&
			    (eq[1] == ' ' || eq[1] == '\t' || eq[1] == '\0'))) {
				*eq = '\0';
				break;
			}
		}
		line = theme_trim(line);
		if (*line == '\0')
			continue;
		if (*line == '[') {
			for (i = 0; i < GS_TIER_COUNT; i++) {
				if (strlen(line) == strlen(theme_section_names[i]) +
				    2 && strncmp(line + 1, theme_section_names[i],
				    strlen(theme_section_names[i])) == 0 &&
				    line[strlen(line) - 1] == ']')
					break;
			}
			if (i == GS_TIER_COUNT) {
				gs_error_set(err, GS_EPARSE, "%s:%zu: unknown "
				    "section %s ([256], [16], [8] or [mono])",
				    src, lineno, line);
				goto out;
			}
			tier = i;
			sec[tier].present = 1;
			continue;
		}
		if ((eq = strchr(line, '=')) == NULL) {
			gs_error_set(err, GS_EPARSE, "%s:%zu: expected 'role = "
			    "colour', not '%.40s'", src, lineno, line);
			goto out;
		}
		*eq = '\0';
		key = theme_trim(line);
		val = theme_trim(eq + 1);
		pal = &th->pal[tier];
		if (strcmp(key, "name") == 0) {
			snprintf(th->name, sizeof th->name, "%s", val);
			continue;
		}
		for (role = 0; role < GS_ROLE_COUNT; role++)
			if (theme_role_names[role] != NULL &&
			    strcmp(key, theme_role_names[role]) == 0)
				break;
		if (role == GS_ROLE_COUNT) {
			gs_error_set(err, GS_EPARSE, "%s:%zu: unknown role "
			    "'%.40s'", src, lineno, key);
			goto out;
		}
		if (*val == '\0') {
			gs_error_set(err, GS_EPARSE, "%s:%zu: %s has no value",
			    src, lineno, key);
			goto out;
		}
		if (role == GS_ROLE_HEAT) {
			if (theme_list(val, pal->heat, GS_HEAT_STEPS, key, src,
			    lineno, err) != 0)
				goto out;
			sec[tier].heat_set = 1;
		} else if (role == GS_ROLE_SWARM) {
			if (theme_list(val, pal->swarm, GS_SWARM_STEPS, key,
			    src, lineno, err) != 0)
				goto out;
			sec[tier].swarm_set = 1;
		} else {
			if (theme_value(val, &pal->role[role], src, lineno,
			    err) != 0)
				goto out;
			sec[tier].role_set[role] = 1;
		}
	}
	theme_derive(th, sec);
	for (i = 0; i < GS_TIER_COUNT; i++) {
		th->pal[i].tier = i;
		theme_greys(&th->pal[i]);
	}
	rc = 0;
out:
	free(copy);
	return (rc);
}

/* A theme with every colour at the terminal's default. */
static void
theme_blank(struct gs_theme *th)
{
	int	t;

	memset(th, 0, sizeof *th);
	for (t = 0; t < GS_TIER_COUNT; t++) {
		th->pal[t].tier = t;
		theme_mono_defaults(&th->pal[t]);
		theme_greys(&th->pal[t]);
	}
	/* Mono is never derived: it starts from the default attributes. */
}

void
theme_default(struct gs_theme *th)
{
	theme_blank(th);
	if (theme_parse_into(th, theme_text_default, "default", NULL) != 0)
		theme_blank(th);
	snprintf(th->name, sizeof th->name, "default");
}

int
theme_parse(struct gs_theme *th, const char *text, const char *src,
    struct gs_error *err)
{
	theme_blank(th);
	if (theme_parse_into(th, text, src, err) != 0) {
		theme_default(th);
		return (-1);
	}
	if (th->name[0] == '\0')
		snprintf(th->name, sizeof th->name, "%s", src);
	return (0);
}

/* Read a whole file (at most THEME_MAX_SIZE) into *text; caller frees. */
static int
theme_read(const char *path, char **text, struct gs_error *err)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return (gs_error_set(err, GS_EIO, "%s: %s", path,
		    strerror(errno)));
	buf = xmalloc(THEME_MAX_SIZE + 1);
	n = fread(buf, 1, THEME_MAX_SIZE + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return (gs_error_set(err, GS_EIO, "%s: read error", path));
	}
	fclose(f);
	if (n > THEME_MAX_SIZE) {
		free(buf);
		return (gs_error_set(err, GS_ELIMIT, "%s: larger than %d bytes",
		    path, THEME_MAX_SIZE));
	}
	if (memchr(buf, '\0', n) != NULL) {
		free(buf);
		return (gs_error_set(err, GS_EPARSE, "%s: not a text file",
		    path));
	}
	buf[n] = '\0';
	*text = buf;
	return (0);
}

/* The stem of a path ("dir/cb.theme" -> "cb"). */
static void
theme_stem(const char *path, char *out, size_t size)
{
	const char	*b = strrchr(path, '/');
	size_t		 n;

	b = b != NULL ? b + 1 : path;
	n = strlen(b);
	if (n > 6 && strcmp(b + n - 6, ".theme") == 0)
		n -= 6;
	snprintf(out, size, "%.*s", (int)n, b);
}

/* Load the file at path into th. */
static int
theme_load_file(struct gs_theme *th, const char *path, struct gs_error *err)
{
	char	*text = NULL, stem[64];
	int	 rc;

	if (theme_read(path, &text, err) != 0) {
		theme_default(th);
		return (-1);
	}
	theme_stem(path, stem, sizeof stem);
	rc = theme_parse(th, text, path, err);
	if (rc == 0)
		snprintf(th->name, sizeof th->name, "%s", stem);
	free(text);
	return (rc);
}

int
theme_load(struct gs_theme *th, const char *name, struct gs_error *err)
{
	const char	*dir, *home, *text;
	char		*path = NULL;
	size_t		 n = strlen(name);
	FILE		*f;
	int		 rc;

	if (strchr(name, '/') != NULL || (n > 6 && strcmp(name + n - 6,
	    ".theme") == 0))
		return (theme_load_file(th, name, err));
	if (n == 0 || strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n) {
		theme_default(th);
		return (gs_error_set(err, GS_EINVAL, "bad theme name '%.40s'",
		    name));
	}
	/* The user's themes, then the installed ones. */
	if ((dir = getenv("XDG_CONFIG_HOME")) != NULL && *dir != '\0')
		xasprintf(&path, "%s/gshap/themes/%s.theme", dir, name);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		xasprintf(&path, "%s/.config/gshap/themes/%s.theme", home, name);
	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		free(path);
		xasprintf(&path, "%s/%s.theme", GSHAP_THEMEDIR, name);
		f = fopen(path, "r");
	}
	if (f != NULL) {
		fclose(f);
		rc = theme_load_file(th, path, err);
		free(path);
		return (rc);
	}
	free(path);
	if ((text = theme_builtin_text(name)) != NULL) {
		rc = theme_parse(th, text, name, err);
		snprintf(th->name, sizeof th->name, "%s", name);
		return (rc);
	}
	theme_default(th);
	return (gs_error_set(err, GS_EINVAL, "no theme '%s' (built in: default, "
	    "light, cb, mono)", name));
}

void
palette_style(const struct gs_palette *pal, int role, int shade,
    struct gs_style *out)
{
	out->fg = out->bg = -1;
	out->attr = 0;
	if (pal == NULL || role <= GS_ROLE_NONE || role >= GS_ROLE_COUNT)
		return;
	switch (role) {
	case GS_ROLE_HEAT:
		*out = pal->heat[shade < 0 ? 0 : shade >= GS_HEAT_STEPS ?
		    GS_HEAT_STEPS - 1 : shade];
		break;
	case GS_ROLE_SWARM:
		*out = pal->swarm[shade < 0 ? 0 : shade >= GS_SWARM_STEPS ?
		    GS_SWARM_STEPS - 1 : shade];
		break;
	case GS_ROLE_GREY:
		*out = pal->grey[shade < 0 ? 0 : shade >= GS_GREY_STEPS ?
		    GS_GREY_STEPS - 1 : shade];
		break;
	default:
		*out = pal->role[role];
		break;
	}
}

enum gs_tier
theme_tier(int colors)
{
	if (colors >= 256)
		return (GS_TIER_256);
	if (colors >= 16)
		return (GS_TIER_16);
	if (colors >= 8)
		return (GS_TIER_8);
	return (GS_TIER_MONO);
}
