#!/usr/bin/env bash
# The GPU checks (issue 32), run on the device machine as one prepared command, after `bash tools/gpu/prepare.sh` here:
#   device run, carry [".whl", ".gpudata"], timeout_s 600:
#     bash tools/gpu/check.sh cuda amp resume bench kermany nih
# A task's 15 device-minutes hold one full call (a start of 1-2 min, then the 540 s budget below), or a short
# failed one and a full one: a call that stops early (install, import) leaves time to fix it and call again.
# The stages' estimates add up to more than the budget: those the budget cannot hold are skipped, named in
# gpu.md (nih, likely): give them a later task's call. Stages, in the issue's order:
#   cuda     nbdev_test --flags cuda on the notebooks with cuda cells (00_core, 08_learner, 16_bench), in parallel
#   amp      tools/gpu/amp.py: the demo in fp32, bf16 and fp16 (grad scaler), fused AdamW and fastai's Adam
#   resume   tools/gpu/resume.py: stopped after epoch 1 and --resume'd, against the uninterrupted run
#   bench    chestxr_bench --device cuda --compile: DenseNet-121 at 224 px, (a)-(f), (f) with torch.compile too
#   kermany  the real-radiograph recipe (recipes/kermany_cpu.yaml) at 224 px: wall time and held-out AUROC
#   nih      tools/gpu/nih_scale.py: cache build and one epoch on 112,120 NIH-layout rows, projected to the README's command
# Every stage is timed out at what is left of $GPU_BUDGET_S (default 540 s from the start) and skipped, saying so,
# when less than its estimate is left. Everything goes to $OUT (what a device call brings back, 8 files at most):
# gpu.md (a line per stage: passed / failed / skipped, seconds), log.txt (all output), and each stage's JSON.
# Rehearsal on a CPU (installs and paths, not CUDA): with a Python holding only the device image's packages,
#   PYV=$(python3 -c 'import platform; print(platform.python_version())') bash tools/gpu/prepare.sh && \
#   OUT=/tmp/gpu_out PYTHON=/tmp/devenv/bin/python REHEARSE=1 bash tools/gpu/check.sh cuda amp resume bench kermany nih
# REHEARSE=1 runs each stage small and on the CPU (the cuda stage: the notebooks without their cuda cells).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/gpu_out}; mkdir -p "$OUT"
PYTHON=${PYTHON:-python3}; REHEARSE=${REHEARSE:-}
T0=$(date +%s); DEADLINE=$(( T0 + ${GPU_BUDGET_S:-540} ))
W=/tmp/chestxr_gpu; mkdir -p $W/bin
export PYTHONUNBUFFERED=1 CHESTXR_HOME=$W/home MPLBACKEND=Agg HF_HUB_OFFLINE=1
say() { echo "$*" | tee -a "$OUT/gpu.md"; }
exec > >(tee -a "$OUT/log.txt") 2>&1

# packages: the carried wheels beside the image's own; chestxr from this tree; its commands as scripts
$PYTHON -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target $W/site .whl/*.whl \
  || { say "install: the wheels in .whl/ did not install (bash tools/gpu/prepare.sh here first; carry .whl)"; exit 1; }
export PYTHONPATH=$PWD:$W/site PATH=$W/bin:$W/site/bin:$PATH
$PYTHON - "$W/bin" <<'PY'
import configparser, os, sys
c = configparser.ConfigParser(); c.read('settings.ini')
for e in c['DEFAULT']['console_scripts'].split():
    name, (mod, fn) = e.split('=')[0], e.split('=')[1].split(':')
    p = os.path.join(sys.argv[1], name)
    with open(p, 'w') as f: f.write(f'#!{sys.executable}\nimport sys\nfrom {mod} import {fn}\nsys.exit({fn}())\n')
    os.chmod(p, 0o755)
PY
say "# GPU checks, $(date -u +%F\ %T) UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
say "$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"
say "$($PYTHON -c 'import sys, torch, timm, fastai, fastcore, nbdev; print(f"python {sys.version.split()[0]}, torch {torch.__version__} (CUDA {torch.version.cuda}, available {torch.cuda.is_available()}), timm {timm.__version__}, fastai {fastai.__version__}, fastcore {fastcore.__version__}, nbdev {nbdev.__version__}")' 2>&1 | tail -1)"
$PYTHON -c "import chestxr.train, chestxr.bench, chestxr.evaluate, chestxr.gradcam" || { say "import chestxr failed"; exit 1; }
DEV=cuda; [ -n "$REHEARSE" ] && DEV=cpu

stage() {   # stage NAME ESTIMATE_S COMMAND...: run it timed out at the budget's end, one line in gpu.md
  local name=$1 need=$2; shift 2
  local left=$(( DEADLINE - $(date +%s) ))
  if [ $left -lt $need ]; then say "- $name: skipped, ${left} s left of the budget, about ${need} s needed"; return; fi
  echo "== [$(( $(date +%s) - T0 )) s] $name: $*"
  local t=$(date +%s); timeout $left bash -c '"$@"' _ "$@"; local rc=$?   # bash -c: a stage may be a function
  local took=$(( $(date +%s) - t ))
  case $rc in 0) say "- $name: passed in ${took} s";; 124) say "- $name: TIMED OUT after ${took} s (the budget's end)";;
              *) say "- $name: FAILED (exit $rc) in ${took} s; log.txt has its output";; esac
}
cuda_nbs() {
  local flags=cuda; [ -n "$REHEARSE" ] && flags=""
  cd nbs; local pids=() rc=0
  for nb in 00_core 08_learner 16_bench; do nbdev_test --path $nb.ipynb ${flags:+--flags $flags} > $W/$nb.log 2>&1 & pids+=($!); done
  for i in 0 1 2; do wait ${pids[$i]} || rc=1; done
  for nb in 00_core 08_learner 16_bench; do echo "--- $nb"; tail -40 $W/$nb.log; done
  cd ..; git status --porcelain -- chestxr; return $rc
}
kermany() {
  local extra=(); [ -n "$REHEARSE" ] && extra=(--limit 300 --epochs 1 --size 64)
  chestxr_train --config recipes/kermany_cpu.yaml --root .gpudata/kermany --csv .gpudata/kermany/labels.csv --size 224 \
    --runs $W/runs --name kermany224 "${extra[@]}" || return 1
  cp $W/runs/kermany224/metrics.json $OUT/kermany_metrics.json
  $PYTHON -c "import json; m=json.load(open('$OUT/kermany_metrics.json')); print({k: round(v['auroc'], 3) for k, v in m['test_per_label'].items()}, 'held-out AUROC')" | tee -a $OUT/gpu.md
}
export -f cuda_nbs kermany; export W OUT PYTHON REHEARSE
small() { [ -n "$REHEARSE" ] && echo "$@"; }
for s in "$@"; do
  case $s in
    cuda)    stage cuda 150 cuda_nbs ;;
    amp)     stage amp 150 $PYTHON tools/gpu/amp.py --out $W/amp $(small --epochs 2 --configs no:torch,bf16:torch) ;;
    resume)  stage resume 60 $PYTHON tools/gpu/resume.py --out $W/resume $(small --epochs 2) ;;
    bench)   stage bench 180 chestxr_bench --device $DEV --out $OUT/bench.json $( [ -n "$REHEARSE" ] && echo "--quick --n_images 24 --size 64 --bs 8" || echo --compile) ;;
    kermany) stage kermany 120 kermany ;;
    nih)     stage nih 240 $PYTHON tools/gpu/nih_scale.py --out $W/nih $(small --n 3000 --patients 900 --distinct 32 --arch resnet10t --size 64) ;;
    *)       say "- $s: no such stage (cuda amp resume bench kermany nih)" ;;
  esac
  for f in $W/amp/amp.json $W/resume/resume.json $W/nih/nih.json; do [ -f $f ] && cp $f $OUT/; done
done
say "done in $(( $(date +%s) - T0 )) s"
