/* SPDX-License-Identifier: ISC */
/*
 * The views, one row each, in tab order: an X-macro list (Redis's
 * commands.def). render.h makes enum gs_view from the first column,
 * render-int.h declares each row's functions and render.c makes the view
 * class table from the rows, so the three cannot drift apart. To add a
 * view: its row here and its file render-<view>.c (listed in local.mk)
 * with the draw function the row names; its key, tab, help line, hints,
 * --view name and the CLI's list come from the row. The explaining views
 * come first, then the teaching views (GS_VIEW_TEACH), each group one run
 * of rows.
 *
 * Columns: ID (GS_VIEW_ID), name, tab title, short tab title, key, help
 * words, smallest width and height, flags, key hints, draw function,
 * rows of the body in text output (render_body_default: k + 12).
 * No include guard: each includer defines GS_VIEW_ROW first.
 */

/* Signed bars sorted by |phi|. */
GS_VIEW_ROW(BAR, "bar", "Bar", "Bar", '1', "bar", 40, 12, 0,
    RENDER_HINTS_EXPLAIN, render_bar, render_bar_rows)
/* From the base up to f(x). */
GS_VIEW_ROW(WATERFALL, "waterfall", "Waterfall", "Fall", '2', "waterfall",
    50, 14, 0, RENDER_HINTS_EXPLAIN, render_waterfall, render_body_default)
/* shap's force plot. */
GS_VIEW_ROW(FORCE, "force", "Force", "Force", '3', "force", 60, 16, 0,
    RENDER_HINTS_EXPLAIN, render_force, render_body_default)
/* Beeswarm over many rows. */
GS_VIEW_ROW(SUMMARY, "summary", "Summary", "Swarm", '4', "summary", 50, 14,
    GS_VIEW_MANY, RENDER_HINTS_EXPLAIN, render_summary, render_body_default)
/* Mean |phi| over many rows. */
GS_VIEW_ROW(IMPORTANCE, "importance", "Importance", "Imp", '5',
    "importance", 40, 12, GS_VIEW_MANY, RENDER_HINTS_EXPLAIN,
    render_importance, render_body_default)
/* Image inputs: input and attribution maps. */
GS_VIEW_ROW(HEAT, "heat", "Heat", "Heat", '6', "heat", 40, 16, 0,
    RENDER_HINTS_EXPLAIN, render_heat, render_heat_body_rows)
/* Feature value against phi, one feature. */
GS_VIEW_ROW(DEPENDENCE, "dependence", "Dependence", "Dep", '7',
    "dependence", 50, 16, GS_VIEW_MANY, RENDER_HINTS_EXPLAIN,
    render_dependence, render_body_default)
/* Two explanations side by side. */
GS_VIEW_ROW(COMPARE, "compare", "Compare", "Cmp", '8', "compare", 60, 12, 0,
    RENDER_HINTS_EXPLAIN, render_compare, render_body_default)
/* Exact Shapley values beside the estimate. */
GS_VIEW_ROW(EXACT, "exact", "Exact", "Exact", '9', "exact vs estimate", 50,
    12, GS_VIEW_TEACH, RENDER_HINTS_TEACH, render_exact, render_body_default)
/* Quality metrics of the explanation. */
GS_VIEW_ROW(METRICS, "metrics", "Metrics", "Qual", 'M',
    "quality metrics view", 60, 16, GS_VIEW_TEACH, RENDER_HINTS_TEACH,
    render_metrics, render_body_default)
/* f and a gradient along one baseline's path. */
GS_VIEW_ROW(PATH, "path", "Path", "Path", 'A',
    "path view: f and the gradient along alpha", 60, 16, GS_VIEW_TEACH,
    " ?:help q:quit [ ]:row j/k:feature f/b:baseline row Tab:view "
    "1-9:view :baseline-row N", render_path, render_body_default)
/* Gradient SHAP's samples one by one. */
GS_VIEW_ROW(TRACE, "trace", "Trace", "Trace", 'T',
    "trace view: Gradient SHAP's samples one by one", 60, 16, GS_VIEW_TEACH,
    " ?:help q:quit [ ]:row j/k:feature f/b:step F:end B:start Tab:view "
    "1-9:view", render_trace, render_body_default)
/* The estimate +- SE against samples. */
GS_VIEW_ROW(CONVERGENCE, "convergence", "Convergence", "Conv", 'V',
    "convergence view: estimate +- SE against samples", 60, 14,
    GS_VIEW_TEACH, RENDER_HINTS_TEACH, render_convergence,
    render_body_default)
/* Model A against model B with the same draws (--compare-model). */
GS_VIEW_ROW(MODELS, "models", "Models", "A/B", 'W',
    "models view: model A against model B, same draws (D: rows by "
    "disagreement)", 60, 12, GS_VIEW_TEACH | GS_VIEW_PAIR,
    " ?:help q:quit [ ]:row j/k:feature D:rows by disagreement Tab:view "
    "1-9:view", render_models,
    render_body_default)
