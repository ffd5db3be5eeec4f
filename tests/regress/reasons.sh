#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain --format reasons and reasons-json against --format json of
# the same run (tests/regress/reasonscheck.py): the K contributions of the
# adverse sign per row, largest first, with their values and SEs; groups
# as one reason; the tie flag; bad options.
. "$srcdir/tests/regress/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
CHECK="python3 $srcdir/tests/regress/reasonscheck.py"
RUN="--rows 0:12 --samples 64"

expect_exit 0 -- explain $RUN --format json
cp "$T/out" "$T/all.json"
expect_exit 0 -- explain $RUN --format reasons
cp "$T/out" "$T/r.csv"
[ "$(head -1 "$T/r.csv")" = "row,output,method,adverse,reason,feature,value,contribution,stderr,tie,imputed" ] && pass || fail "reasons header"
$CHECK "$T/all.json" "$T/r.csv" 4 lower && pass || fail "reasons csv"
expect_exit 0 -- explain $RUN --format reasons-json --reasons 6 --adverse higher
cp "$T/out" "$T/r.json"
$CHECK "$T/all.json" "$T/r.json" 6 higher && pass || fail "reasons json, higher"
[ "$(wc -l <"$T/r.json")" -eq 12 ] && pass || fail "one JSON line per row"

# Groups (one-hot style prefixes) are one reason each.
expect_exit 0 -- explain $RUN --groups auto --format json
cp "$T/out" "$T/g.json"
grep -q '"groups":\[' "$T/g.json" && pass || fail "no groups in the JSON"
expect_exit 0 -- explain $RUN --groups auto --format reasons --reasons 2
cp "$T/out" "$T/g.csv"
$CHECK "$T/g.json" "$T/g.csv" 2 lower && pass || fail "group reasons"

# tie: 1 exactly when the 95% interval overlaps the next adverse one's.
python3 - "$T/all.json" "$T/r.csv" <<'PY' && pass || fail "tie flags"
import csv, json, sys
recs = {r["row"]: r for r in map(json.loads, open(sys.argv[1]))}
for r in csv.DictReader(open(sys.argv[2])):
    f = [x for x in recs[int(r["row"])]["features"] if x["attribution"] < 0]
    f.sort(key=lambda x: x["attribution"])
    i = int(r["reason"]) - 1
    want = i + 1 < len(f) and -f[i]["attribution"] - 1.96 * f[i]["stderr"] <= \
        -f[i + 1]["attribution"] + 1.96 * f[i + 1]["stderr"]
    if int(r["tie"]) != int(want):
        sys.exit("row %s reason %s: tie %s" % (r["row"], r["reason"], r["tie"]))
PY

# A deterministic method: no stderr, no ties.
expect_exit 0 -- explain --rows 0:3 --method ig --format reasons
awk -F, 'NR > 1 && ($9 != "" || $10 != 0) { bad = 1 } END { exit bad }' "$T/out" && pass || fail "ig reasons have SEs"

# Bad options.
expect_exit 2 -- explain --format reasons --reasons 0
expect_err "--reasons: 0 is out of range (1 to 1000)"
expect_exit 2 -- explain --format reasons --reasons x
expect_err "--reasons: 'x' is not a whole number"
expect_exit 2 -- explain --format reasons --adverse up
expect_err "unknown direction 'up'"
expect_exit 2 -- explain --format json --reasons 3
expect_err "--reasons and --adverse go with --format reasons"
expect_empty_out

finish
