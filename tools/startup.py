"""Start-up times of the light path, measured side by side in one run (the issue asks for before/after):

    python tools/startup.py [--n 5]

(a) `import chestxr.inference` in a fresh interpreter; (b) `chestxr_app` from the shell until its page answers
on 127.0.0.1; (c) which heavy modules (fastai.learner, chestxr.train, chestxr.demo, chestxr.sources, timm's
layers, torchvision, scikit-learn) the import pulled in; (d) `chestxr_predict sample one.png` from a fresh shell,
its first call (which compiles the network into a fresh $CHESTXR_HOME) and the next ones, beside
`python -c "import torch"` in the same run, so that the ratio travels between machines. Prints medians in seconds.
`PYTHONPATH=/other/checkout python tools/startup.py` measures another version of chestxr the same way."""
import argparse, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

def import_time():
    code = ("import time,sys; t=time.perf_counter(); import chestxr.inference; "
            "print(time.perf_counter()-t); print(' '.join(m for m in ['fastai.learner','chestxr.train','chestxr.demo',"
            "'chestxr.sources','fastai.vision.all','timm.layers','torchvision','sklearn'] if m in sys.modules))")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout.splitlines()
    return float(out[0]), (out[1] if len(out) > 1 else '')

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def app_time(timeout=300):
    port = free_port()
    t = time.perf_counter()
    p = subprocess.Popen(['chestxr_app', '--port', str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t < timeout:
            try:
                urllib.request.urlopen(f'http://127.0.0.1:{port}/', timeout=1).read(); return time.perf_counter() - t
            except OSError: time.sleep(0.1)
        raise TimeoutError('chestxr_app did not answer')
    finally: p.terminate(); p.wait()

def wall(cmd, env=None):
    t = time.perf_counter(); subprocess.run(cmd, check=True, capture_output=True, env=env); return time.perf_counter() - t

def predict_times(n):
    "(import torch, first chestxr_predict, median of the next n) in seconds, on the bundled sample image."
    from chestxr.inference import SAMPLE_IMAGE
    home = tempfile.mkdtemp(); env = {**os.environ, 'CHESTXR_HOME': home}
    cmd = ['chestxr_predict', 'sample', str(SAMPLE_IMAGE), '--out', os.path.join(home, 'p.csv')]
    first = wall(cmd, env)
    torch_t = statistics.median(wall([sys.executable, '-c', 'import torch']) for _ in range(n))
    return torch_t, first, statistics.median(wall(cmd, env) for _ in range(n))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=5); ap.add_argument('--no_app', action='store_true'); a = ap.parse_args()
    tt, first, later = predict_times(a.n)
    print(f"python -c 'import torch': median {tt:.2f} s; chestxr_predict sample one.png: first {first:.2f} s, then median {later:.2f} s "
          f"over {a.n} ({later/tt:.2f}× import torch)")
    imp = [import_time() for _ in range(a.n)]
    print(f"import chestxr.inference: median {statistics.median(t for t, _ in imp):.2f} s over {a.n}; heavy modules: {imp[0][1] or 'none'}")
    if not a.no_app:
        app = [app_time() for _ in range(a.n)]
        print(f"chestxr_app until its page answers: median {statistics.median(app):.2f} s over {a.n}")
