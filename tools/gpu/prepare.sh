#!/usr/bin/env bash
# Here, before the device calls of the GPU checks (tools/gpu/check.sh): what the GPU machine lacks, in the repo's
# ignored folders (.gitignore) that a `run` call carries.
#   .whl/      wheels (Python 3.12 as on the device, x86-64) of the packages chestxr and nbdev import that the machine's image
#              does not have (fastai, fastcore, nbdev, IPython for execnb, fasthtml for fastprogress…), at the
#              versions this checkout's .venv holds (`bash tools/gpu/check.sh` rehearses with them on a CPU: see there).
#   .gpudata/  the real radiographs (../shared/realdata/kermany, CC BY 4.0, Kermany et al. 2018), which a
#              device call does not otherwise see.
# Usage: bash tools/gpu/prepare.sh       (then: carry [".whl", ".gpudata"]; about 55 MB together)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
PYV=${PYV:-3.12}   # the device's Python; PYV=<this Python's version, e.g. 3.11.7> for a rehearsal here (tools/gpu/check.sh)
mkdir -p .whl .gpudata; { git check-ignore -q .whl && git check-ignore -q .gpudata; } || { echo "prepare: .whl/ and .gpudata/ must be ignored (.gitignore)"; exit 1; }
# The image has torch, torchvision, timm, numpy, pandas, scikit-learn, scipy, matplotlib, seaborn, pillow, opencv,
# safetensors, accelerate, requests, pyyaml, psutil, tqdm, rich, six, typer, uvloop, httpx, jinja2, packaging, build
# (/work/.library/device/KINDS.md). The rest of what `import chestxr.train, chestxr.bench, nbdev` needs:
PKGS="fastai fastcore fasttransform plum-dispatch beartype fastprogress fastdownload
      nbdev execnb ghapi fastgit astunparse asttokens watchdog
      ipython ipython_pygments_lexers traitlets jedi parso matplotlib-inline pexpect ptyprocess prompt_toolkit
      wcwidth stack_data executing pure_eval
      python-fasthtml fastlite apswutils apsw starlette uvicorn itsdangerous python-multipart beautifulsoup4 soupsieve
      oauthlib python-dotenv httptools websockets watchfiles"
rm -rf .whl; mkdir -p .whl
plat=""; for p in manylinux_2_39 manylinux_2_35 manylinux_2_34 manylinux_2_31 manylinux_2_28 manylinux_2_27 manylinux_2_24 \
                  manylinux_2_17 manylinux2014 manylinux_2_5 manylinux1; do plat="$plat --platform ${p}_x86_64"; done
specs=""
for p in $PKGS; do
  v=$($PY -m pip show "$p" 2>/dev/null | awk '/^Version:/{print $2}')
  [ -n "$v" ] || { echo "prepare: $p is not installed in $PY's environment (pip install -e '.[dev]' first)"; exit 1; }
  specs="$specs $p==$v"
done
$PY -m pip download -q --no-deps --only-binary=:all: --python-version $PYV --implementation cp $plat -d .whl $specs
echo "prepare: $(ls .whl | wc -l) wheels, $(du -sh .whl | cut -f1), in .whl/"
rm -rf .gpudata; mkdir -p .gpudata
cp -r ../shared/realdata/kermany .gpudata/kermany
echo "prepare: the Kermany films ($(find .gpudata/kermany -name '*.jpeg' | wc -l) images, $(du -sh .gpudata | cut -f1)) in .gpudata/kermany"
echo "prepare: what travels: $(( ($(git ls-files -z | xargs -0 du -cb | tail -1 | cut -f1) + $(du -sb .whl .gpudata | awk '{s+=$1} END {print s}'))/1048576 )) MiB of 64"
