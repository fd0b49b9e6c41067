#!/usr/bin/env python3
"""Side by side on the CPU: a training step of the demo's network in the default memory format and channels-last.

    cd /tmp && OMP_NUM_THREADS=1 python /work/main/tools/channels_last_cpu.py

resnet10t, a batch of 32 one-channel 128-px images, forward + backward + AdamW step, alternating the two formats
twice, seconds per batch. A candidate for CPU training (the demo, CI), measured, not adopted yet.
"""
import time, torch
from chestxr.model import ChestNet

torch.manual_seed(0)
x = torch.randn(32, 1, 128, 128)
for cl in [False, True, False, True]:
    m = ChestNet('resnet10t', 14, pretrained=False)
    xx = x
    if cl: m, xx = m.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(m.parameters())
    for _ in range(2): m(xx).sum().backward()   # warm-up
    t0 = time.time()
    for _ in range(6): opt.zero_grad(); m(xx).sum().backward(); opt.step()
    print(f"channels_last={cl}: {(time.time() - t0)/6:.3f} s per batch")
