#!/usr/bin/env python3
"""Edit notebooks as plain text: `dump` a notebook to a percent-format .py, edit it, `load` it back.

    python tools/nbpy.py dump nbs/11_train.ipynb > /tmp/11.py     # one `# %% [code] id` header per cell
    python tools/nbpy.py load /tmp/11.py nbs/11_train.ipynb       # write the notebook back
    python tools/nbpy.py run nbs/11_train.ipynb                   # execute it in place (outputs saved), as Jupyter would
    python tools/nbpy.py time nbs/14_evaluate.ipynb               # execute it as nbdev_test does (all flags), print each cell's seconds
    python tools/nbpy.py time nbs/11_train.ipynb a40ccc8c         # … only up to the cell with that id (a quick check of one part)
    NBPY_FLAGS='slow big' NBPY_SHOW=1 python tools/nbpy.py time nbs/13_inference.ipynb   # other flags; print what cells print

`load` keeps the id and the outputs of every cell whose source did not change, so a regenerated notebook
diffs only where its source did; a new cell (header without an id) gets a fresh id and no outputs. A
markdown cell's text is written as it is, not commented. `run` executes with execnb (nbdev's own runner)
in the notebook's folder, keeping outputs, then the notebook should be cleaned with `nbdev_clean`.
"""
import json, re, secrets, sys
from pathlib import Path

HDR = re.compile(r'^# %% \[(code|markdown|raw)\](?: id=(\S+))?\s*$')


def dump(nb_path):
    nb = json.loads(Path(nb_path).read_text())
    out = []
    for c in nb['cells']:
        out.append(f"# %% [{c['cell_type']}] id={c.get('id', '')}")
        src = ''.join(c['source'])
        out.append(src)
    return '\n'.join(out) + '\n'


def _parse(text):
    cells, cur = [], None
    for line in text.split('\n'):
        m = HDR.match(line)
        if m:
            if cur: cells.append(cur)
            cur = {'type': m.group(1), 'id': m.group(2), 'lines': []}
        elif cur is not None: cur['lines'].append(line)
    if cur: cells.append(cur)
    for c in cells:
        while c['lines'] and c['lines'][-1] == '': c['lines'].pop()
        c['src'] = '\n'.join(c['lines'])
    return cells


def _source(s):
    lines = s.split('\n')
    return [l + '\n' for l in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def load(py_path, nb_path):
    nb_path = Path(nb_path)
    old = json.loads(nb_path.read_text()) if nb_path.exists() else {
        'cells': [], 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
        'nbformat': 4, 'nbformat_minor': 5}
    by_id = {c.get('id'): c for c in old['cells']}
    cells, seen = [], set()
    for p in _parse(Path(py_path).read_text()):
        cid = p['id'] if p['id'] and p['id'] not in seen else secrets.token_hex(4)
        seen.add(cid)
        prev = by_id.get(cid)
        c = {'cell_type': p['type'], 'id': cid, 'metadata': {}, 'source': _source(p['src'])}
        if p['type'] == 'code':
            same = prev is not None and ''.join(prev['source']) == p['src'] and prev['cell_type'] == 'code'
            c = {'cell_type': 'code', 'execution_count': None, 'id': cid, 'metadata': {},
                 'outputs': prev.get('outputs', []) if same else [], 'source': c['source']}
        cells.append(c)
    old['cells'] = cells
    nb_path.write_text(json.dumps(old, indent=1, ensure_ascii=False) + '\n')


def run(nb_path):
    "Execute `nb_path` in its folder and save its outputs (nbdev's flags: every cell runs, `eval: false` ones too are skipped)."
    import os
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    nb_path = Path(nb_path).resolve()
    os.chdir(nb_path.parent)
    nb = read_nb(nb_path)
    sh = CaptureShell(mpl_format='retina')
    skip = lambda c: c.cell_type != 'code' or re.search(r'^#\|\s*eval:\s*false', c.source, re.M)
    sh.run_all(nb, exc_stop=True, preproc=skip)
    write_nb(nb, nb_path)


def _flags():
    "settings.ini's `tst_flags`, and those of them `$NBPY_FLAGS` turns on (default 'slow browser', as CI)."
    import configparser, os
    ini = configparser.ConfigParser(); ini.read(Path(__file__).resolve().parent.parent/'settings.ini')
    return ini['DEFAULT'].get('tst_flags', '').split(), os.environ.get('NBPY_FLAGS', 'slow browser').split()


def time_cells(nb_path, until=None, top=15):
    "Execute `nb_path` as `nbdev_test --flags 'slow browser'` would (in its folder, nothing saved), up to the cell whose id is `until`; print each cell's seconds as it ends, then the slowest."
    import os, time
    flags, on = _flags()
    off = [f for f in flags if f not in on]
    from execnb.nbio import read_nb
    from execnb.shell import CaptureShell
    nb_path = Path(nb_path).resolve()
    os.chdir(nb_path.parent)
    sh, times = CaptureShell(), []
    for i, c in enumerate(read_nb(nb_path).cells):
        if c.cell_type != 'code' or re.search(r'^#\|\s*eval:\s*false', c.source, re.M): continue
        if any(re.search(rf'^#\|\s*{f}\s*$', c.source, re.M) for f in off): continue
        t0 = time.perf_counter(); outs = sh.run(c.source)
        if os.environ.get('NBPY_SHOW'):
            for o in outs or []:
                if o.get('output_type') == 'stream': print(''.join(o.get('text', ''))[-800:].rstrip())
        times.append((time.perf_counter() - t0, i, c.source.split('\n')[0][:70]))
        print(f'{times[-1][0]:7.1f} s  cell {i:3d}  {times[-1][2]}', flush=True)
        if sh.exc: print(f'cell {i} failed: {sh.exc!r}'); break
        if until and c.get('id') == until: break
    print(f'{sum(t for t, *_ in times):.0f} s in all')
    for t, i, first in sorted(times, reverse=True)[:top]: print(f'{t:7.1f} s  cell {i:3d}  {first}')


if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    if cmd == 'dump': sys.stdout.write(dump(*args))
    elif cmd == 'load': load(*args)
    elif cmd == 'run': run(*args)
    elif cmd == 'time': time_cells(*args)
    else: sys.exit(__doc__)
