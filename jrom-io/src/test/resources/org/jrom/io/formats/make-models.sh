#!/bin/bash
# How the model files of this folder were written, each by the last jrom commit that wrote its
# format (docs/formats.md, "Versions"), and the answers that jrom gave for them (*.query.json).
# Run from the repository root of a clone; it builds each old launcher in a detached worktree.
#   1.0  ca74e71  (the parent of d80dc90, which introduced 1.1)
#   1.1  70a9a71  (the parent of 66258b1, which introduced 1.2)
#   1.2  838f190  (the parent of 57df1bb, which introduced 2.0)
#   2.0  e0900c4  (the parent of 441d53d, which introduced 2.1)
# 2.0-elasticity.jrom was written at a38086f (format 2.0): jrom demo elasticity --blocks 2 --resolution 4.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
jar() { # commit -> path of its launcher (JARS=DIR: already built there as COMMIT.jar)
    if [ -n "${JARS:-}" ]; then echo "$JARS/$1.jar"; return; fi
    local wt=$work/wt-$1
    git worktree add --detach "$wt" "$1" >/dev/null
    (cd "$wt" && ./mvnw -B -q -o package -DskipTests -Dspotless.check.skip=true -pl jrom-cli -am)
    cp "$wt/jrom-cli/target/jrom.jar" "$work/$1.jar"
    git worktree remove --force "$wt"
    echo "$work/$1.jar"
}
demo() { # jar, out dir
    java -jar "$1" demo thermal-block --blocks 2x2 --resolution 4 --training 30 --test 5 --uq-samples 50 --out "$2" >/dev/null
}
MU_BLOCK='diffusion=0.3,0.5,0.7,0.9'
MU_SNAP='a=1.7;b=0.35'

# snapshots u(x; a, b) = sin(a pi x) + b x^2 on 30 points, 12 parameters on a 4 x 3 grid
python3 - "$work" <<'PY'
import sys, numpy as np
d = sys.argv[1]
x = np.linspace(0, 1, 30)
rows = [(a, b) for a in (1.0, 1.5, 2.0, 2.5) for b in (0.0, 0.5, 1.0)]
np.save(d + "/u.npy", np.stack([np.sin(a * np.pi * x) + b * x**2 for a, b in rows], axis=1))
with open(d + "/params.csv", "w") as f:
    f.write("a, b\n" + "".join(f"{a}, {b}\n" for a, b in rows))
PY

j=$(jar ca74e71); demo "$j" "$work/m10"; cp "$work/m10/model.jrom" "$here/1.0-thermal-block.jrom"
java -jar "$j" query "$here/1.0-thermal-block.jrom" --mu "$MU_BLOCK" --json > "$here/1.0-thermal-block.query.json"

# 1.1: the thermal block exported as a jrom-affine/1 manifest plus a primal-dual output (a dual section)
j=$(jar 70a9a71); java -jar "$j" demo thermal-block --blocks 2x2 --resolution 4 --export "$work/ex11" >/dev/null
python3 - "$work/ex11" <<'PY'
import sys, json, numpy as np
d = sys.argv[1]
m = json.load(open(d + "/manifest.json"))
np.save(d + "/L.npy", np.linspace(0.0, 1.0, 49))
m["outputs"].append({"name": "probe", "vector": "L.npy", "method": "primal-dual"})
json.dump(m, open(d + "/manifest.json", "w"), indent=2)
PY
java -jar "$j" build --from "$work/ex11/manifest.json" --training 30 --test 5 --uq-samples 50 --tol 1e-4 \
    --out "$work/b11" >/dev/null
cp "$work/b11/model.jrom" "$here/1.1-primal-dual.jrom"
java -jar "$j" query "$here/1.1-primal-dual.jrom" --mu "$MU_BLOCK" --json > "$here/1.1-primal-dual.query.json"

j=$(jar 838f190); demo "$j" "$work/m12"; cp "$work/m12/model.jrom" "$here/1.2-thermal-block.jrom"
java -jar "$j" query "$here/1.2-thermal-block.jrom" --mu "$MU_BLOCK" --json > "$here/1.2-thermal-block.query.json"
java -jar "$j" build --snapshots "$work/u.npy" --params "$work/params.csv" --method rbf --out "$work/r12" >/dev/null
cp "$work/r12/model.jrom" "$here/1.2-rbf.jrom"
java -jar "$j" query "$here/1.2-rbf.jrom" --mu "$MU_SNAP" --json > "$here/1.2-rbf.query.json"

j=$(jar e0900c4); demo "$j" "$work/m20"; cp "$work/m20/model.jrom" "$here/2.0-thermal-block.jrom"
java -jar "$j" query "$here/2.0-thermal-block.jrom" --mu "$MU_BLOCK" --json > "$here/2.0-thermal-block.query.json"
java -jar "$j" build --snapshots "$work/u.npy" --params "$work/params.csv" --method gp --out "$work/r20" >/dev/null
cp "$work/r20/model.jrom" "$here/2.0-gp.jrom"
java -jar "$j" query "$here/2.0-gp.jrom" --mu "$MU_SNAP" --json > "$here/2.0-gp.query.json"
rm -rf "$work"
