"""Resume on the device it runs on: the demo trained uninterrupted, and again stopped after epoch 1 (as a kill
would: `CHESTXR_STOP_AFTER=checkpoint:1`) then `--resume`d, through the `chestxr_train` command as a user runs it.

Prints each epoch's validation loss and AUROC side by side and the largest difference; writes resume.json.
On a CPU the two runs must agree exactly (11_train and 20_faults test that); on CUDA, cuDNN's autotuned
kernels are not bit-reproducible, so the script reports the differences and checks them against `--tol`.

    python tools/gpu/resume.py --out DIR [--epochs 4] [--tol 0.02] [-- extra chestxr_train options]

Research software, not a medical device.
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path
import pandas as pd
from chestxr.core import STOP_EXIT
from chestxr.run import Run, FILES

def sh(args, env=None):
    t0 = time.time()
    p = subprocess.run(['chestxr_train', *args], capture_output=True, text=True, env={**os.environ, **(env or {})})
    print(f"$ {' '.join(['chestxr_train', *args])}  -> exit {p.returncode} in {time.time() - t0:.0f} s", flush=True)
    return p

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True); ap.add_argument('--epochs', type=int, default=4)
    ap.add_argument('--tol', type=float, default=0.02, help='largest per-epoch |difference| of validation loss and AUROC accepted')
    ap.add_argument('extra', nargs='*', help='more chestxr_train options (after --)')
    a = ap.parse_args()
    runs = Path(a.out)/'runs'
    base = ['--epochs', str(a.epochs), '--runs', str(runs), *a.extra]
    full = sh(base + ['--name', 'full'])
    cut = sh(base + ['--name', 'cut'], env={'CHESTXR_STOP_AFTER': 'checkpoint:1'})
    res = sh(['--resume', str(runs/'cut')])
    fails = [f'{n}: exit {p.returncode}, not {w}\n{p.stdout[-1500:]}{p.stderr[-1500:]}'
             for n, p, w in (('uninterrupted', full, 0), ('stopped', cut, STOP_EXIT), ('resumed', res, 0)) if p.returncode != w]
    out = {'fails': fails}
    if not fails:
        hf, hr = (pd.read_csv(runs/n/FILES['history']) for n in ('full', 'cut'))
        cols = ['valid_loss', 'valid_auroc']
        diff = (hf[cols] - hr[cols]).abs()
        print(pd.concat([hf[['epoch'] + cols].add_suffix('_full'), hr[cols].add_suffix('_resumed'), diff.add_suffix('_diff')], axis=1).round(5).to_string(index=False))
        mf, mr = Run(runs/'full').metrics(), Run(runs/'cut').metrics()
        out.update(epochs=len(hf), max_diff=diff.max().to_dict(), epoch1_diff=diff.iloc[0].to_dict(),
                   test_auroc=(mf.get('test_auroc_mean'), mr.get('test_auroc_mean')))
        if len(hf) != len(hr): fails.append(f'{len(hf)} epochs uninterrupted, {len(hr)} resumed')
        if diff.max().max() > a.tol: fails.append(f'resumed run differs by {diff.max().max():.4f} > {a.tol}')
    (Path(a.out)/'resume.json').write_text(json.dumps(out, indent=1, default=str))
    print('\n'.join(fails) or f"resume: the resumed run matches the uninterrupted one within {a.tol} (largest difference {max(out['max_diff'].values()):.2g})")
    sys.exit(1 if fails else 0)

if __name__ == '__main__': main()
