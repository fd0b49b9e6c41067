#!/usr/bin/env python3
"""The demo's cross-site table: runs trained on demo phantoms in the NIH layout, the CheXpert layout and both,
each evaluated on the NIH, CheXpert and MIMIC layouts (other patients in each; MIMIC never trained on).

    python tools/cross_site_demo.py --out /tmp/xsite [--n 800] [--epochs 8]

Run it from outside the checkout (or with the package installed) on an idle machine; it prints the table and
writes `cross_site.csv` and `figures/cross_site.png` into the runs folder. The figures are synthetic: they show
the pipeline (relabelling, official test splits, external evaluation), not how models transfer between real
hospitals.
"""
import argparse, dataclasses, time
from pathlib import Path
from chestxr.config import demo_config
from chestxr.demo import make_demo
from chestxr.train import train
from chestxr.evaluate import evaluate_run, cross_site

p = argparse.ArgumentParser()
p.add_argument('--out', required=True, help='a folder for the demos and the runs')
p.add_argument('--n', type=int, default=800, help='phantoms per training layout (MIMIC gets half)')
p.add_argument('--epochs', type=int, default=8)
a = p.parse_args()
out = Path(a.out); t0 = time.time()
nih = make_demo(out/'demo-nih', n_images=a.n, size=128, seed=0, progress=False)
cx = make_demo(out/'demo-chexpert', n_images=a.n, size=128, seed=1, layout='chexpert', progress=False)
mm = make_demo(out/'demo-mimic', n_images=a.n//2, size=128, seed=2, layout='mimic', progress=False)
base = demo_config(epochs=a.epochs, runs=str(out/'runs'), cache=str(out/'cache'))
runs = [train(dataclasses.replace(base, name='nih', source='nih', root=str(nih)), progress=False),
        train(dataclasses.replace(base, name='chexpert', source='chexpert', root=str(cx)), progress=False),
        train(dataclasses.replace(base, name='nih+chexpert', source='nih+chexpert', root=f'nih={nih},chexpert={cx}'), progress=False)]
for r in runs: evaluate_run(r, n_boot=200, progress=False)   # calibration and thresholds on each run's own valid split
xs = cross_site(runs, {'nih': str(nih), 'chexpert': str(cx), 'mimic': str(mm)}, n_boot=500)
print(xs[['run', 'test', 'n_labels', 'n_images', 'auroc', 'auroc_lo', 'auroc_hi', 'auprc']].round(3).to_string(index=False))
print(f"{time.time() - t0:.0f} s; table and heatmap in {out/'runs'}")
