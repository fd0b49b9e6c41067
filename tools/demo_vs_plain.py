#!/usr/bin/env python3
"""The demo's main job (`chestxr_train`, no argument) side by side with a plain PyTorch training loop, in one run
(issue "fast to test", item 5): the ratio travels between machines, the seconds do not.

    python tools/demo_vs_plain.py                          # the plain loop, then chestxr_train (this checkout)
    python tools/demo_vs_plain.py --before /tmp/before     # and chestxr_train from another checkout (PYTHONPATH=DIR)

Each side runs as its own fresh process, on the same demo images and their 128-px cache (built first, not
timed), and is timed from start to exit, imports included:

- plain: timm's resnet10t (1 channel, 14 outputs), torch's AdamW and OneCycleLR (lr 3e-3, wd 1e-2), 14 epochs of
  batches of 32, BCE with the same capped neg/pos weights, no augmentation, fp32 in PyTorch's default memory
  format; the validation split scored after each epoch (scikit-learn's AUROC) and the test split at the end.
  The textbook loop, on images read once into memory.
- chestxr_train: the command as the README shows it, with --runs in a temporary folder (its whole job:
  the table, the split, the loaders (no augmentation, as the demo's config: 09_config), each epoch's checkpoint and history, the best
  epoch's weights, test predictions, the model card, the leaderboard).

Each line: seconds, the ratio to the plain loop, and the test macro AUROC.
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

def plain(epochs:int=14, bs:int=32, lr:float=3e-3, seed:int=42):
    import numpy as np, torch, timm
    from PIL import Image
    from sklearn.metrics import roc_auc_score
    from chestxr.config import demo_config
    from chestxr.dataset import data_for, labels_for
    cfg = demo_config()
    df = data_for(cfg, progress=False); labels = labels_for(cfg, df)
    torch.manual_seed(seed); np.random.seed(seed)
    def load(split):
        d = df[df.split == split]
        x = torch.from_numpy(np.stack([np.asarray(Image.open(f).convert('L')) for f in d.cache_path])).float().div_(255)[:, None]
        return (x - .449)/.226, torch.from_numpy(d[labels].to_numpy(dtype=np.float32))
    (xt, yt), (xv, yv), (xs, ys) = load('train'), load('valid'), load('test')
    pos = yt.nanmean(0).clamp(1e-3, 1 - 1e-3)
    pos_weight = ((1 - pos)/pos).clamp(max=50.)
    model = timm.create_model('resnet10t', pretrained=False, num_classes=len(labels), in_chans=1, drop_rate=.2)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-2)
    steps = epochs*((len(xt) + bs - 1)//bs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    lossf = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    def predict(x):
        model.eval()
        with torch.no_grad(): return torch.cat([model(x[i:i + 64]).sigmoid() for i in range(0, len(x), 64)]).numpy()
    def auroc(p, y): return float(np.mean([roc_auc_score(y[:, j], p[:, j]) for j in range(y.shape[1]) if 0 < y[:, j].sum() < len(y)]))
    for ep in range(epochs):
        model.train(); t0 = time.time()
        for idx in torch.randperm(len(xt)).split(bs):
            loss = lossf(model(xt[idx]), yt[idx])
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        print(f"plain epoch {ep + 1}/{epochs}: valid_auroc {auroc(predict(xv), yv.numpy()):.4f} ({time.time() - t0:.0f} s)", flush=True)
    print(json.dumps({'test_auroc_mean': auroc(predict(xs), ys.numpy())}))

def timed(cmd, env=None):
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    dt = time.time() - t0
    if out.returncode: sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return dt, out.stdout

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--plain', action='store_true', help='(internal) run the plain loop in this process')
    ap.add_argument('--before', help="a checkout of chestxr whose chestxr_train to time too (PYTHONPATH=DIR)")
    a = ap.parse_args()
    if a.plain: plain(); sys.exit()
    from chestxr.config import demo_config
    from chestxr.dataset import data_for
    data_for(demo_config(), progress=False)   # the demo and its cache, built once, before anything is timed
    rows = []
    tp, out = timed([sys.executable, __file__, '--plain'])
    rows.append(('plain PyTorch loop (fp32)', tp, json.loads(out.splitlines()[-1])['test_auroc_mean']))
    def chestxr_train(name, pythonpath=None):
        runs = tempfile.mkdtemp()
        env = {**os.environ, **({'PYTHONPATH': pythonpath} if pythonpath else {})}
        t, out = timed(['chestxr_train', '--runs', runs], env)
        line = next(l for l in out.splitlines() if l.startswith('val_auroc_mean='))
        how = next((l.split('training images, ')[-1] for l in out.splitlines() if ' training images' in l), '')
        rows.append((f"chestxr_train{name}" + (f" ({how})" if how and 'training images' not in how else ''), t,
                     float(dict(kv.split('=') for kv in line.split())['test_auroc_mean'])))
    if a.before: chestxr_train(f" from {a.before}", a.before)
    chestxr_train('')
    print(f"{'':58s} {'seconds':>8s} {'÷ plain':>8s} {'test AUROC':>11s}")
    for name, t, auc in rows: print(f"{name:58s} {t:8.0f} {t/tp:8.2f} {auc:11.3f}")
