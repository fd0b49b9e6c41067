"""CLAHE: OpenCV's (chestxr's `apply_clahe`) against scikit-image's `equalize_adapthist`, side by side.

Needs scikit-image, which chestxr does not require: `pip install scikit-image`, then `python tools/clahe_bench.py`.
Prints the milliseconds per image of each and their ratio at 224 and 1024 px.
"""
import time
import numpy as np, cv2
from skimage import exposure

def per_call(f, k):
    f(); t0 = time.perf_counter()
    for _ in range(k): f()
    return (time.perf_counter() - t0)/k

rng = np.random.default_rng(0)
for n in (224, 1024):
    a = (rng.random((n, n))*60 + np.linspace(0, 180, n)[None]).astype(np.uint8)   # a low-contrast gradient with noise
    c = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    tc, ts = per_call(lambda: c.apply(a), 20), per_call(lambda: exposure.equalize_adapthist(a, clip_limit=0.01), 5)
    print(f"{n} px: opencv {tc*1e3:.2f} ms, scikit-image {ts*1e3:.1f} ms, scikit-image/opencv {ts/tc:.0f}x")
