/* SPDX-License-Identifier: ISC */
/*
 * write: the last explanation to a file in the format its name ends in:
 * FILE.svg a figure (bar, waterfall, force or heat), FILE.csv, FILE.json
 * or FILE.txt as export writes them. Written whole or not at all.
 */
#include <stdio.h>
#include <string.h>

#include "core/afile.h"
#include "repl/repl.h"
#include "session/export.h"
#include "session/png.h"
#include "session/svg.h"

/* The format a file name asks for, or -1. */
static int
cmd_write_format(const char *path)
{
	static const struct {
		const char	*ext;
		enum gs_format	 fmt;
	} ext[] = { { ".svg", GS_FORMAT_SVG }, { ".png", GS_FORMAT_PNG },
	    { ".csv", GS_FORMAT_CSV },
	    { ".json", GS_FORMAT_JSON }, { ".jsonl", GS_FORMAT_JSON },
	    { ".txt", GS_FORMAT_TEXT } };
	size_t	i, len = strlen(path), n;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		n = strlen(ext[i].ext);
		if (len > n && strcmp(path + len - n, ext[i].ext) == 0)
			return ((int)ext[i].fmt);
	}
	return (-1);
}

/* write: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_write_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_export_info	 info;
	struct gs_svg_opts	 so;
	const char		*path = a->argv[0];
	struct gs_afile		 af;
	struct gs_error		 err;
	int			 fmt;

	svg_opts_default(&so);
	if ((fmt = cmd_write_format(path)) < 0) {
		repl_error(r, "write: %s: name the file FILE.svg or FILE.png (a "
		    "figure), .csv, .json or .txt", path);
		return (CMD_ERROR);
	}
	if (a->argc > 1 && ((fmt != GS_FORMAT_SVG && fmt != GS_FORMAT_PNG) ||
	    svg_figure_parse(a->argv[1], &so.figure, &err) != 0)) {
		repl_error(r, "write: %s", fmt != GS_FORMAT_SVG && fmt !=
		    GS_FORMAT_PNG ? "a figure (bar, waterfall, force, heat) is "
		    "for FILE.svg or FILE.png" : err.msg);
		return (CMD_ERROR);
	}
	if (fmt == GS_FORMAT_PNG && !png_available()) {
		repl_error(r, "write: %s", png_unavailable());
		return (CMD_ERROR);
	}
	if (a->opt['p'] != NULL && svg_palette_parse(a->opt['p'],
	    &so.palette, &err) != 0) {
		repl_error(r, "write: -p: %s", err.msg);
		return (CMD_ERROR);
	}
	if (r->nlast == 0) {
		repl_error(r, "write: nothing to write yet (explain a row "
		    "first)");
		return (CMD_ERROR);
	}
	so.k = r->set.topk;
	svg_image_shape(r->s.model, r->last[0].ex.d, &so);
	memset(&info, 0, sizeof info);
	info.model = model_name(r->s.model);
	info.data = r->s.data->name;
	info.output = model_output_name(r->s.model, r->s.output);
	info.names = r->s.names;
	info.s = &r->s;
	info.impute = r->set.impute;
	info.baseline_desc = r->last[0].ex.baseline_desc;
	info.svg = &so;
	if (afile_open(&af, path, &err) != 0) {
		repl_error(r, "write: %s", err.msg);
		return (CMD_ERROR);
	}
	export_begin(af.f, (enum gs_format)fmt);
	export_explanation(af.f, (enum gs_format)fmt, &info, &r->last[0].ex);
	if (afile_commit(&af, &err) != 0) {
		repl_error(r, "write: %s", err.msg);
		return (CMD_ERROR);
	}
	fprintf(r->out, "wrote row %zu to %s\n", r->last[0].ex.row, path);
	return (CMD_OK);
}

const struct cmd_entry cmd_write_entry = {
	.name = "write",
	.options = "p:",
	.lower = 1,
	.upper = 2,
	.usage = "[-p screen|print] FILE [bar|waterfall|force|heat]",
	.summary = "write the last explanation as a figure or a file",
	.help =
	    "Writes the row of the last explain in the format its name ends\n"
	    "in: FILE.svg a figure (bar by default, or waterfall, force, heat\n"
	    "for image inputs) with 95% error bars, top-k rows as on screen,\n"
	    "-p print for colours that stay apart in greyscale; FILE.png\n"
	    "the same figure as an image at twice the size (a gshap built\n"
	    "with cairo); FILE.csv, FILE.json or FILE.txt as export writes\n"
	    "them. The file is replaced whole, or left as it was when\n"
	    "writing fails.\n",
	.complete = "file word:bar|waterfall|force|heat",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_write_exec
};
