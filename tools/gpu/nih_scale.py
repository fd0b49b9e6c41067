"""NIH ChestX-ray14 at its real size, from phantoms: how long the README's NIH command would take on this machine.

Writes an NIH folder in its real layout (Data_Entry_2017.csv with 112,120 rows of 30,805 patients,
train_val_list.txt, test_list.txt, images_001..012/images/*.png), its PNGs 1024² phantoms hard-linked from
`--distinct` rendered ones; times the image cache build at `--size` (every file decoded and resized, as for
the real set), then one epoch of `chestxr_train --source nih` from that cache, and projects the README's
command (`--arch densenet121 --size 224 --epochs 8`, one frozen epoch first) from the two. Writes nih.json.

    python tools/gpu/nih_scale.py --out DIR [--n 112120] [--distinct 512] [--arch densenet121] [--size 224]

Research software, not a medical device.
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path
import pandas as pd
from chestxr.demo import sample_demo_table, write_nih_csv
from chestxr.sources import load_nih
from chestxr.image import cache_images
from chestxr.bench import make_sources
from chestxr.run import FILES

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True); ap.add_argument('--n', type=int, default=112_120)
    ap.add_argument('--patients', type=int, default=30_805); ap.add_argument('--distinct', type=int, default=512)
    ap.add_argument('--arch', default='densenet121'); ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--bs', type=int, default=64)
    a = ap.parse_args()
    out = Path(a.out); root, cache = out/'NIH', out/'cache'
    t0 = time.time()
    meta = sample_demo_table(n_images=a.n, n_patients=a.patients, seed=0, prevalence='nih')
    write_nih_csv(meta, root/'Data_Entry_2017.csv')
    for split, fn in (('train', 'train_val_list.txt'), ('test', 'test_list.txt')):
        (root/fn).write_text('\n'.join(meta['Image Index'][meta.split == split]) + '\n')
    src = make_sources(out/'distinct', n=a.distinct)
    per = -(-a.n//12)
    for i, name in enumerate(meta['Image Index']):
        d = root/f'images_{i//per + 1:03d}'/'images'
        if i % per == 0: d.mkdir(parents=True, exist_ok=True)
        os.link(src.path[i % a.distinct], d/name)
    t_write = time.time() - t0
    df = load_nih(root)
    t0 = time.time(); cache_images(df, a.size, cache, progress=False); t_cache = time.time() - t0
    print(f'{len(df):,} images in the NIH layout ({t_write:.0f} s to write); cache at {a.size} px: {t_cache:.0f} s '
          f'({len(df)/t_cache:.0f} images/s, {os.cpu_count()} cores)', flush=True)
    cmd = ['chestxr_train', '--source', 'nih', '--root', str(root), '--cache', str(cache), '--arch', a.arch, '--no-pretrained',
           '--size', str(a.size), '--bs', str(a.bs), '--freeze_epochs', '0', '--epochs', '1', '--runs', str(out/'runs'), '--name', 'nih1']
    t0 = time.time(); p = subprocess.run(cmd, capture_output=True, text=True); t_run = time.time() - t0
    print(p.stdout[-3000:], p.stderr[-3000:], sep='\n')
    res = {'rows': len(df), 'write_s': t_write, 'cache_s': t_cache, 'command': ' '.join(cmd), 'exit': p.returncode, 'run_s': t_run}
    if p.returncode == 0:
        h = pd.read_csv(out/'runs'/'nih1'/FILES['history'])
        res['history'] = h.to_dict('records')
        # the README's command: 1 frozen epoch (cheaper: no backbone gradients; counted as a full one) + 8, each counted with its start and evaluation
        res['projected_readme_s'] = t_cache + 9*t_run
        print(f"one epoch + validation + test, from the cache: {t_run:.0f} s; the README's NIH command (9 epochs) projected: "
              f"{res['projected_readme_s']/60:.0f} min including the cache build (upper bound: evaluation counted each epoch)")
    (out/'nih.json').write_text(json.dumps(res, indent=1, default=str))
    sys.exit(p.returncode)

if __name__ == '__main__': main()
