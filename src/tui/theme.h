/* SPDX-License-Identifier: ISC */
/*
 * Themes: colour roles mapped to terminal colours, with one palette per
 * colour tier (256, 16 and 8 colours, and monochrome attributes). Themes
 * are read from `key = value` files (themes/NAME.theme); the four shipped ones
 * are also built in, so a missing or malformed file falls back to them.
 */
#ifndef GS_THEME_H
#define GS_THEME_H

#include "core/error.h"
#include "tui/grid.h"

/* Colour tiers, from most colours to none. */
enum gs_tier {
	GS_TIER_256,		/* xterm 256 colours */
	GS_TIER_16,		/* 16 ANSI colours */
	GS_TIER_8,		/* 8 ANSI colours, bright ones by bold */
	GS_TIER_MONO,		/* attributes only */
	GS_TIER_COUNT
};

/* How one role is drawn. */
struct gs_style {
	int	fg;		/* colour 0..255, -1 for the terminal's own */
	int	bg;		/* background colour, -1 for the terminal's own */
	int	attr;		/* GS_ATTR_* */
};

/* Every role of one tier. */
struct gs_palette {
	enum gs_tier	 tier;				/* which tier this is */
	struct gs_style	 role[GS_ROLE_COUNT];		/* plain roles */
	struct gs_style	 heat[GS_HEAT_STEPS];		/* heat map, negative to positive */
	struct gs_style	 swarm[GS_SWARM_STEPS];		/* feature value, low to high */
	struct gs_style	 grey[GS_GREY_STEPS];		/* dark to light */
};

struct gs_theme {
	char		 name[64];			/* "default", or the file's stem */
	struct gs_palette pal[GS_TIER_COUNT];		/* one palette per tier */
};

/* The built-in theme names, NULL-terminated: default, light, cb, mono. */
extern const char *const theme_builtin_names[];

/* The text of built-in theme name (the file shipped as themes/NAME.theme), or NULL. */
const char	*theme_builtin_text(const char *name);

/* Fill th with the built-in default theme. */
void		 theme_default(struct gs_theme *th);

/*
 * Parse theme text (what a .theme file holds); src names it in messages.
 * On failure th holds the default theme and err says "src:line: what".
 * Errors: GS_EPARSE.
 */
int		 theme_parse(struct gs_theme *th, const char *text,
		    const char *src, struct gs_error *err);

/*
 * Load a theme by name or path: a path (it contains '/' or ends in
 * ".theme") is read; a name is looked up as NAME.theme in
 * $XDG_CONFIG_HOME/gshap/themes (or ~/.config/gshap/themes), then the
 * installed themes, then among the built-in ones. On failure th holds the
 * default theme. Errors: GS_EIO, GS_EPARSE (file:line), GS_EINVAL (no such
 * theme).
 */
int		 theme_load(struct gs_theme *th, const char *name,
		    struct gs_error *err);

/* The style of role (with a step for scale roles) in pal. */
void		 palette_style(const struct gs_palette *pal, int role, int shade,
		    struct gs_style *out);

/* The tier for a terminal with this many colours (0 or 1: monochrome). */
enum gs_tier	 theme_tier(int colors);

#endif
