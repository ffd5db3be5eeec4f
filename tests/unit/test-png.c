/* SPDX-License-Identifier: ISC */
/*
 * PNG figures read back with cairo: the image is GS_PNG_SCALE times the
 * SVG's size, each bar's length in pixels is |phi| times one scale and
 * its colour says its sign, as in the SVG of the same explanation (one
 * layout, svg_draw, for both). Skipped (77) in a gshap built without cairo,
 * where png_write says why.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CAIRO
#include <cairo.h>
#endif

#include "session/png.h"
#include "session/svg.h"

/* A 4-feature explanation (caller clears it); phi in |phi| order. */
static void
test_explanation(struct gs_explanation *ex)
{
	static const double phi[4] = { 0.30, -0.12, 0.06, -0.015 };
	static const double val[4] = { 1, 2, 3, 4 };

	memset(ex, 0, sizeof *ex);
	ex->row = 2;
	ex->d = 4;
	ex->method = GS_METHOD_IG;
	attr_opts_default(&ex->opts);
	ex->fx = 0.6;
	ex->base = 0.375;
	ex->phi = malloc(sizeof phi);
	ex->value = malloc(sizeof val);
	memcpy(ex->phi, phi, sizeof phi);
	memcpy(ex->value, val, sizeof val);
}

#ifdef HAVE_CAIRO
/* Read a PNG from the bytes buf[0..len) (cairo's reader). */
struct test_buf {
	const unsigned char	*p;
	size_t			 left;
};

static cairo_status_t
test_read(void *closure, unsigned char *data, unsigned int len)
{
	struct test_buf	*b = closure;

	if (len > b->left)
		return (CAIRO_STATUS_READ_ERROR);
	memcpy(data, b->p, len);
	b->p += len;
	b->left -= len;
	return (CAIRO_STATUS_SUCCESS);
}

/* Whether pixel px is colour hex ("#rrggbb") within a small tolerance. */
static int
test_is(uint32_t px, const char *hex)
{
	unsigned int	r, g, b;

	if (sscanf(hex, "#%02x%02x%02x", &r, &g, &b) != 3)
		return (0);
	return (abs((int)((px >> 16) & 0xff) - (int)r) <= 2 &&
	    abs((int)((px >> 8) & 0xff) - (int)g) <= 2 &&
	    abs((int)(px & 0xff) - (int)b) <= 2);
}

/* The figure as PNG bytes (caller frees), *len of them. */
static char *
test_png(const struct gs_explanation *ex, const struct gs_svg_opts *o,
    size_t *len)
{
	static const char *names[4] = { "a", "b", "c", "d" };
	struct gs_error	 err;
	char		*buf = NULL;
	FILE		*f = open_memstream(&buf, len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(png_write(f, ex, names, "out", o, &err), 0);
	fclose(f);
	return (buf);
}
#endif

START_TEST(test_bars)
{
#ifdef HAVE_CAIRO
	struct gs_explanation	 ex;
	struct gs_svg_opts	 o;
	struct test_buf		 b;
	cairo_surface_t		*s;
	const unsigned char	*data;
	char			*png, *svg = NULL;
	size_t			 len, slen = 0;
	double			 len_px[8], scale;
	int			 w, h, stride, x, y, n, run, sign[8], pos, neg;
	int			 in_bar = 0, svg_w, svg_h;
	FILE			*f;

	test_explanation(&ex);
	svg_opts_default(&o);
	png = test_png(&ex, &o, &len);
	ck_assert_uint_gt(len, 8);
	ck_assert(memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
	b.p = (const unsigned char *)png;
	b.left = len;
	s = cairo_image_surface_create_from_png_stream(test_read, &b);
	ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	/* GS_PNG_SCALE times the SVG's width and height. */
	f = open_memstream(&svg, &slen);
	svg_write(f, &ex, (const char *const[]){ "a", "b", "c", "d" }, "out",
	    &o);
	fclose(f);
	ck_assert_int_eq(sscanf(strstr(svg, "<svg "), "<svg xmlns=\"http://"
	    "www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"", &svg_w,
	    &svg_h), 2);
	ck_assert_int_eq(w, svg_w * GS_PNG_SCALE);
	ck_assert_int_eq(h, svg_h * GS_PNG_SCALE);
	ck_assert_int_eq(w, 720 * GS_PNG_SCALE);
	/*
	 * Each bar: the longest run of its colour on any line of pixels
	 * through it (screen palette: positive #ff0051, negative #008bfb).
	 */
	data = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	n = 0;
	for (y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(data + y * stride);
		int best = 0;

		pos = neg = 0;
		for (x = 0, run = 0; x < w; x++) {
			int p = test_is(row[x], "#ff0051");
			int q = test_is(row[x], "#008bfb");
			run = p || q ? run + 1 : 0;
			pos |= p;
			neg |= q;
			if (run > best)
				best = run;
		}
		if (best > 0 && !in_bar) {
			ck_assert_int_lt(n, 8);
			len_px[n] = best;
			sign[n++] = pos ? 1 : -1;
			in_bar = 1;
		} else if (best > 0 && best > len_px[n - 1])
			len_px[n - 1] = best;
		else if (best == 0)
			in_bar = 0;
	}
	ck_assert_int_eq(n, 4);
	/* Lengths proportional to |phi| (to an anti-aliased pixel), signs. */
	scale = len_px[0] / fabs(ex.phi[0]);
	ck_assert(scale > 100);
	for (x = 0; x < 4; x++) {
		ck_assert_msg(fabs(len_px[x] - scale * fabs(ex.phi[x])) <= 2.0,
		    "bar %d: %g px, expected %g", x, len_px[x], scale *
		    fabs(ex.phi[x]));
		ck_assert_int_eq(sign[x], ex.phi[x] > 0 ? 1 : -1);
	}
	cairo_surface_destroy(s);
	free(png);
	free(svg);
	/* Every figure draws. */
	for (o.figure = GS_FIGURE_BAR; o.figure < GS_FIGURE_HEAT; o.figure++) {
		png = test_png(&ex, &o, &len);
		ck_assert(memcmp(png, "\x89PNG", 4) == 0);
		free(png);
	}
	explanation_clear(&ex);
#endif
}
END_TEST

START_TEST(test_without)
{
	struct gs_explanation	 ex;
	struct gs_error		 err;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;

	if (png_available())
		return;
	test_explanation(&ex);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(png_write(f, &ex, NULL, "out", NULL, &err), -1);
	fclose(f);
	ck_assert_int_eq(err.code, GS_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "libcairo2-dev"));
	free(buf);
	explanation_clear(&ex);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("png");
	TCase	*tc = tcase_create("png");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_bars);
	tcase_add_test(tc, test_without);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	/* Without cairo the bars are not checked: skipped, and says so. */
	if (failed == 0 && !png_available()) {
		printf("no cairo: PNG figures skipped\n");
		return (77);
	}
	return (failed == 0 ? 0 : 1);
}
