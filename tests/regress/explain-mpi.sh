#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain --mpi under mpirun with 2 ranks writes exactly what one
# process writes for the same seed. Skipped (77) when gshap was built
# without MPI or mpirun is missing.
. "$srcdir/tests/regress/lib.sh"

if "$GSHAP" explain --mpi --row 0 2>&1 >/dev/null | grep -q "built without MPI"; then
	echo "built without MPI"; exit 77
fi
command -v mpirun >/dev/null 2>&1 || { echo "no mpirun"; exit 77; }
# Open MPI refuses root unless told; CI runs as root in a container.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_rmaps_base_oversubscribe=1
MPI="mpirun -n 2 --oversubscribe"

for fmt in csv json; do
	for args in "--all --samples 50" "--rows 3:40 --method ig --steps 16" \
	    "--rows 0:7 --noise 10% --samples 30 --seed 5 --threads 2"; do
		# shellcheck disable=SC2086
		"$GSHAP" explain $args --format $fmt --threads 1 >"$T/one" 2>"$T/err1"
		# shellcheck disable=SC2086
		$MPI "$GSHAP" explain --mpi $args --format $fmt >"$T/two" 2>"$T/err2"
		if [ -s "$T/one" ] && cmp -s "$T/one" "$T/two"; then pass; else
			fail "mpirun -n 2 differs for: $args --format $fmt"
			head -3 "$T/err2"
		fi
	done
done
# An error on every rank: one message per rank, exit status 1.
$MPI "$GSHAP" explain --mpi --baseline nonsense >"$T/out" 2>"$T/err"
[ $? -ne 0 ] && pass || fail "error under MPI exited 0"
expect_err "unknown baseline 'nonsense'"

finish
