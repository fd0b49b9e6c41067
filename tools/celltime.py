"""Time each code cell of one notebook, as nbdev_test would run it (all flags' cells included): where a notebook's time goes.

Usage, from nbs/: OMP_NUM_THREADS=1 python ../tools/celltime.py 11_train.ipynb [STOP_CELL_ID]
(one compute thread, as CI runs two notebooks side by side; stops after the cell whose id is STOP_CELL_ID, or at the first error)."""
import sys, time, json, os
from execnb.nbio import read_nb
from execnb.shell import CaptureShell
from nbdev.process import NBProcessor
nb_path = sys.argv[1]
os.chdir(os.path.dirname(os.path.abspath(nb_path)))
nb = read_nb(os.path.basename(nb_path))
sh = CaptureShell()
for i, c in enumerate(nb.cells):
    if c.cell_type != 'code': continue
    src = c.source
    first = src.split('\n')[0]
    if 'nbdev_export' in src or '#| eval: false' in src: continue
    t = time.time()
    sh.run(src)
    dt = time.time() - t
    err = sh.exc
    print(f"{dt:7.1f}s cell {i} {first[:70]!r}" + (f" ERROR {err!r}"[:300] if err else ''), flush=True)
    if err: break
    if len(sys.argv) > 2 and c.id == sys.argv[2]: break
