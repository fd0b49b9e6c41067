"""Start-up times of the light path, measured side by side in one run (the issue asks for before/after):

    python tools/startup.py [--n 5]

(a) `import chestxr.inference` in a fresh interpreter; (b) `chestxr_app` from the shell until its page answers
on 127.0.0.1; (c) which heavy modules (fastai.learner, chestxr.train, chestxr.demo, chestxr.sources) the import
pulled in. Prints medians in seconds."""
import argparse, os, socket, statistics, subprocess, sys, time, urllib.request

def import_time():
    code = ("import time,sys; t=time.perf_counter(); import chestxr.inference; "
            "print(time.perf_counter()-t); print(' '.join(m for m in ['fastai.learner','chestxr.train','chestxr.demo',"
            "'chestxr.sources','fastai.vision.all'] if m in sys.modules))")
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

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=5); a = ap.parse_args()
    imp = [import_time() for _ in range(a.n)]
    app = [app_time() for _ in range(a.n)]
    print(f"import chestxr.inference: median {statistics.median(t for t, _ in imp):.2f} s over {a.n}; heavy modules: {imp[0][1] or 'none'}")
    print(f"chestxr_app until its page answers: median {statistics.median(app):.2f} s over {a.n}")
