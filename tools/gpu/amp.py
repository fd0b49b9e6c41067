"""On a GPU: the demo trained in each precision, in one process, through `chestxr.train.train` (the CLI's path).

fp32 (`no`), bf16, and fp16 with its grad scaler (as a T4 trains), each with the fused `TorchAdamW`
(`--opt torch`, the default) and fastai's `Adam` (`--opt fastai`). Per run: the training loss at the first
and last epoch, non-finite losses, the steps the grad scaler skipped (and when), validation AUROC against
fp32's, wall time. Writes amp.json and prints a table; exits 1 when a check fails.

    python tools/gpu/amp.py --out DIR [--epochs 14] [--tol 0.03] [--configs no:torch,bf16:torch,...]

Research software, not a medical device.
"""
import argparse, json, math, sys, time
from pathlib import Path
from chestxr.config import demo_config
from chestxr.train import train
from chestxr.run import Run, FILES
import pandas as pd, torch
from fastai.callback.core import Callback

class AmpWatch(Callback):
    "Every training step, over all the fits of a run: loss finite? step skipped by the grad scaler? the scale."
    order = 11   # after fastai's MixedPrecision (10): its `skipped` is set by then
    def __init__(self): self.steps, self.skipped, self.nonfinite, self.scales = 0, [], 0, []
    def after_batch(self):
        if not self.training: return
        self.steps += 1
        if not math.isfinite(self.loss.item()): self.nonfinite += 1
        mp = getattr(self.learn, 'mixed_precision', None)
        if mp is not None and getattr(mp, 'skipped', False): self.skipped.append(self.steps)
        sc = getattr(self.learn, 'scaler', None)
        if sc is not None and sc.is_enabled(): self.scales.append(sc.get_scale())

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True); p.add_argument('--epochs', type=int, default=14)
    p.add_argument('--tol', type=float, default=0.03, help='largest |valid AUROC - fp32 valid AUROC| accepted')
    p.add_argument('--configs', default='no:torch,bf16:torch,bf16:fastai,fp16:torch,fp16:fastai')
    a = p.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    rows = []
    for c in a.configs.split(','):
        mp, opt = c.split(':')
        w = AmpWatch(); t0 = time.time()
        cfg = demo_config(mixed_precision=mp, opt=opt, epochs=a.epochs, runs=str(out/'runs'), name=f'amp_{mp}_{opt}')
        run = train(cfg, cbs=[w], progress=False)
        r = Run(run); h, m, card = pd.read_csv(r.path/FILES['history']), r.metrics(), r.card()
        rows.append({'precision': mp, 'opt': opt, 'seconds': round(time.time() - t0, 1), 'steps': w.steps,
                     'train_loss_first': h.train_loss.iloc[0], 'train_loss_last': h.train_loss.iloc[-1],
                     'valid_auroc_last': h.valid_auroc.iloc[-1], 'val_auroc_mean': m['val_auroc_mean'],
                     'test_auroc_mean': m.get('test_auroc_mean'), 'nonfinite': w.nonfinite, 'skipped': w.skipped,
                     'scale_first': w.scales[0] if w.scales else None, 'scale_last': w.scales[-1] if w.scales else None,
                     'trained_with': card.get('trained_with')})
        print(json.dumps(rows[-1]), flush=True)
    df = pd.DataFrame(rows)
    ref = df[df.precision == 'no'].val_auroc_mean
    fails = []
    for r in rows:
        name = f"{r['precision']}/{r['opt']}"
        if r['nonfinite']: fails.append(f"{name}: {r['nonfinite']} non-finite losses")
        if not r['train_loss_last'] < r['train_loss_first']: fails.append(f"{name}: training loss did not fall")
        late = [s for s in r['skipped'] if s > 0.1*r['steps']]
        if late: fails.append(f"{name}: the scaler skipped steps after the first 10 %: {late[:10]}")
        if len(ref) and abs(r['val_auroc_mean'] - ref.iloc[0]) > a.tol:
            fails.append(f"{name}: validation AUROC {r['val_auroc_mean']:.3f}, fp32 {ref.iloc[0]:.3f} (tolerance {a.tol})")
    res = {'device': torch.cuda.get_device_name() if torch.cuda.is_available() else 'cpu', 'epochs': a.epochs, 'tol': a.tol,
           'runs': rows, 'fails': fails}
    (out/'amp.json').write_text(json.dumps(res, indent=1, default=str))
    cols = ['precision', 'opt', 'seconds', 'steps', 'train_loss_first', 'train_loss_last', 'val_auroc_mean', 'nonfinite', 'scale_last']
    print(f"{res['device']}: the demo, {a.epochs} epochs per run\n{df[cols].round(4).to_string(index=False)}")
    print('skipped steps:', {f"{r['precision']}/{r['opt']}": r['skipped'] for r in rows})
    print('\n'.join(fails) or f'amp: all checks passed (AUROC within {a.tol} of fp32, losses finite and falling, skips only early)')
    sys.exit(1 if fails else 0)

if __name__ == '__main__': main()
