#!/usr/bin/env python3
"""The evidence behind `recipes/kermany_cpu.yaml`: each choice switched on or off, scored on the VALIDATION split only.

    python tools/kermany_ablation.py --data ../shared/realdata/kermany --runs /tmp/kermany_ablation --epochs 6
    python tools/kermany_ablation.py --data ... --runs ... --only base,clahe      # some variants
    python tools/kermany_ablation.py --data ... --runs ... --table                # the table of what has run

Every variant is the recipe with one change, trained by `chestxr_train` from the shell (as a user would), on the
recipe's patient-wise split (the same seed: the same patients in train, valid and held-out test). The table holds,
per variant and finding, the validation AUROC and AUPRC with 95 % CIs over 1,000 patient-bootstrap draws, the paired
patient-bootstrap difference of macro AUROC against `base` (B - A, its CI and p), and the wall time. Held-out test
figures are NOT read here: choices are made on validation, the held-out patients are scored once, by the recipe's
own run. A variant whose run folder is complete is not trained again (stop and rerun at will).
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path
import numpy as np, pandas as pd

RECIPE = Path(__file__).resolve().parent.parent/'recipes'/'kermany_cpu.yaml'
VARIANTS = {   # name: (what it changes, extra chestxr_train options)
    'base': ('the recipe as it is', []),
    'defaults': ("chestxr's pretrained-model defaults: 1 frozen epoch, body at lr/100", ['--freeze_epochs', '1', '--lr_mult', '100']),
    'norm_backbone': ("ImageNet's statistics instead of the training images' own", ['--norm', 'backbone']),
    'clahe': ('CLAHE, clip limit 2', ['--clahe', '2']),
    'no_aug': ('no augmentation', ['--rotate', '0', '--zoom', '1', '--lighting', '0']),
    'strong_aug': ('stronger augmentation: rotate 12, zoom 1.2, lighting 0.3, crop 0.75', ['--rotate', '12', '--zoom', '1.2', '--lighting', '0.3', '--crop_scale', '0.75']),
    'focal': ('focal loss (gamma 2) instead of BCE', ['--loss', 'focal']),
    'no_weights': ('no class weights', ['--class_weights', 'none']),
    'lr_1e-3': ('learning rate 1e-3 instead of 3e-3', ['--lr', '1e-3']),
    'size_96': ('96 px instead of 128', ['--size', '96']),
    'resnet18': ('resnet18 instead of resnet10t', ['--arch', 'resnet18']),
}

def run_variant(name, data, runs, epochs, log):
    "Train one variant with chestxr_train; return its run folder."
    folder = Path(runs)/name
    if (folder/'metrics.json').exists(): return folder
    if folder.exists():   # an interrupted variant: continue it
        cmd = ['chestxr_train', '--resume', str(folder)]
    else:
        cmd = ['chestxr_train', '--config', str(RECIPE), '--root', str(data), '--csv', str(Path(data)/'labels.csv'),
               '--runs', str(runs), '--name', name, '--top_k', '1000'] + (['--epochs', str(epochs)] if epochs else []) + VARIANTS[name][1]
    t0 = time.time()
    with open(log, 'a') as f:
        f.write(f"$ {' '.join(cmd)}\n"); f.flush()
        subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, check=True)
    (folder/'wall_s.txt').write_text(f'{time.time() - t0:.0f}\n')
    return folder

def table(runs, names, n_boot=1000):
    "The validation table of every variant that has run: per finding AUROC/AUPRC with CIs, and macro AUROC against base."
    from sklearn.metrics import roc_auc_score, average_precision_score
    from chestxr.metrics import per_label, bootstrap_ci, paired_bootstrap, macro_mean
    def preds(n):
        d = pd.read_csv(Path(runs)/n/'predictions'/'valid.csv').sort_values('path').reset_index(drop=True)
        labels = [c[len('target_'):] for c in d.columns if c.startswith('target_')]
        return d, labels
    rows, base = [], None
    if (Path(runs)/'base'/'metrics.json').exists(): base = preds('base')[0]
    for n in names:
        if not (Path(runs)/n/'metrics.json').exists(): continue
        d, labels = preds(n)
        p, t, pid = d[labels].to_numpy(), d[[f'target_{l}' for l in labels]].to_numpy(), d.patient_id.astype(str).to_numpy()
        row = {'variant': n, 'change': VARIANTS[n][0], 'n_valid': len(d), 'patients': len(set(pid))}
        for score, key in ((roc_auc_score, 'auroc'), (average_precision_score, 'auprc')):
            v = per_label(score, p, t); lo, hi = bootstrap_ci(p, t, score, patient_ids=pid, n_boot=n_boot)
            for j, l in enumerate(labels): row.update({f'{l}_{key}': v[j], f'{l}_{key}_lo': lo[j], f'{l}_{key}_hi': hi[j]})
            row.update({f'macro_{key}': macro_mean(v), f'macro_{key}_lo': lo[-1], f'macro_{key}_hi': hi[-1]})
        if base is not None and n != 'base':
            if not base.path.equals(d.path): raise SystemExit(f"{n}: its validation images differ from base's (another split?)")
            pb = paired_bootstrap(base[labels].to_numpy(), p, t, patient_ids=pid, n_boot=n_boot)
            row.update({'d_macro_auroc': pb['diff'].iat[-1], 'd_lo': pb['lo'].iat[-1], 'd_hi': pb['hi'].iat[-1], 'p': pb['p'].iat[-1]})
        h = pd.read_csv(Path(runs)/n/'history.csv')
        row.update({'epochs': int(h.epoch.max()), 'best_epoch': int(h.loc[h.valid_auroc.idxmax(), 'epoch']),
                    'wall_s': float((Path(runs)/n/'wall_s.txt').read_text()) if (Path(runs)/n/'wall_s.txt').exists() else np.nan})
        rows.append(row)
    return pd.DataFrame(rows)

def markdown(tbl):
    "The table as markdown: one row per variant, CIs in parentheses."
    c = lambda r, k: f"{r[k]:.3f} ({r[k + '_lo']:.3f}–{r[k + '_hi']:.3f})"
    head = '| variant | change | Pneumonia AUROC | Bacterial AUROC | Viral AUROC | macro AUROC | macro AUPRC | Δ macro AUROC vs base (95% CI, p) | best epoch | wall |\n|' + '---|'*10
    lines = [head]
    for _, r in tbl.iterrows():
        d = '–' if 'd_macro_auroc' not in r or not np.isfinite(r.get('d_macro_auroc', np.nan)) else \
            f"{r.d_macro_auroc:+.3f} ({r.d_lo:+.3f} to {r.d_hi:+.3f}, " + ('p < 0.001' if r.p == 0 else f'p = {r.p:.3f}') + ')'
        lines.append(f"| {r.variant} | {r.change} | {c(r, 'Pneumonia_auroc')} | {c(r, 'Bacterial_auroc')} | {c(r, 'Viral_auroc')} | "
                     f"{c(r, 'macro_auroc')} | {c(r, 'macro_auprc')} | {d} | {r.best_epoch} of {r.epochs} | {r.wall_s/60:.1f} min |")
    return '\n'.join(lines) + '\n'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True, help='a folder laid out as ../shared/realdata/kermany')
    ap.add_argument('--runs', required=True, help='where the variants\' run folders go')
    ap.add_argument('--epochs', type=int, default=None, help="epochs per variant (default: the recipe's)")
    ap.add_argument('--only', default=None, help='comma-separated variants (default: all)')
    ap.add_argument('--table', action='store_true', help='only write the table of the variants that have run')
    a = ap.parse_args()
    names = a.only.split(',') if a.only else list(VARIANTS)
    bad = [n for n in names if n not in VARIANTS]
    if bad: sys.exit(f"kermany_ablation: unknown variant(s) {bad}; choose among {list(VARIANTS)}")
    Path(a.runs).mkdir(parents=True, exist_ok=True)
    if not a.table:
        for n in names:
            print(f"[{time.strftime('%H:%M:%S')}] {n}: {VARIANTS[n][0]}", flush=True)
            run_variant(n, a.data, a.runs, a.epochs, Path(a.runs)/'train.log')
    tbl = table(a.runs, names)
    tbl.to_csv(Path(a.runs)/'ablation.csv', index=False)
    (Path(a.runs)/'ablation.md').write_text(markdown(tbl))
    print(markdown(tbl))
