"""Resident memory after each epoch of a training run (issue "flat memory"), with or without `TrimMemory`:

    python tools/memory_per_epoch.py --config recipes/kermany_cpu.yaml --root DIR --csv DIR/labels.csv --epochs 5
    python tools/memory_per_epoch.py --config recipes/kermany_cpu.yaml --root DIR --csv DIR/labels.csv --epochs 5 --no_trim
    python tools/memory_per_epoch.py --demo --epochs 6           # the CPU-sized demo run

Each epoch's line is printed as it ends (RSS in MB, read after `TrimMemory` has run); `--no_trim` replaces
`chestxr.train.trim_memory` with a no-op for the run, which is how the figures "without" in the session
notes were made (on 2 cores, the README's 5,216 films: 1,300, 1,459, 1,699, 1,833, 2,032 MB without;
980, 981 MB with). Runs go to a temporary folder unless --runs is given."""
import argparse, os, tempfile, time
import psutil
from fastai.callback.core import Callback
import chestxr.train as ct
from chestxr.config import make_config, demo_config

class RSS(Callback):
    order = 100   # after TrimMemory (99)
    def before_fit(self): self.rss = []
    def after_epoch(self):
        self.rss.append(psutil.Process().memory_info().rss/2**20)
        print(f"epoch {len(self.rss)}: RSS {self.rss[-1]:.0f} MB", flush=True)

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--config'); ap.add_argument('--root'); ap.add_argument('--csv')
    ap.add_argument('--demo', action='store_true'); ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--runs', default=None); ap.add_argument('--no_trim', action='store_true')
    a = ap.parse_args()
    runs = a.runs or tempfile.mkdtemp()
    over = dict(epochs=a.epochs, runs=runs, name=f"mem{'-notrim' if a.no_trim else ''}-{time.time():.0f}")
    if a.demo: cfg = demo_config(**over)
    else: cfg = make_config(a.config, **{k: v for k, v in dict(root=a.root, csv=a.csv).items() if v}, **over)
    if a.no_trim: ct.trim_memory = lambda: None   # what TrimMemory calls
    print(f"RSS at start {psutil.Process().memory_info().rss/2**20:.0f} MB; trim after each epoch: {not a.no_trim}", flush=True)
    cb = RSS()
    ct.train(cfg, cbs=[cb], progress=False)
    print('RSS per epoch (MB):', [round(r) for r in cb.rss])
