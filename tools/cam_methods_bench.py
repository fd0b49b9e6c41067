"""Localization of each CAM method on a demo model: train the demo config for EPOCHS epochs, then score every method's
heatmaps of the test phantoms against their boxes (pointing game and IoU, all findings and focal ones), beside the centre
baseline. A measurement, not a test.

Usage: OMP_NUM_THREADS=1 python tools/cam_methods_bench.py [EPOCHS]   (default 6; about 8 minutes on 2 CPU cores)
"""
import time, tempfile, sys, numpy as np, pandas as pd, json
from pathlib import Path
from PIL import Image
from chestxr.core import NIH_LABELS
from chestxr.sources import load_nih_boxes
from chestxr.train import train, demo_config, table_for, load_config
from chestxr.run import Run
from chestxr.image import read_xray, resize_gray, model_input
from chestxr.gradcam import gradcam, localization_scores, cam_maps
ep = int(sys.argv[1]) if len(sys.argv) > 1 else 6
t0=time.time()
tmp = Path(tempfile.mkdtemp())
run = train(demo_config(root=str(tmp/'demo'), runs=str(tmp/'runs'), cache=str(tmp/'cache'), epochs=ep), progress=False)
print('trained', time.time()-t0, json.loads((run/'metrics.json').read_text())['test_auroc_mean'])
model, card = Run(run).load_model()
df = table_for(load_config(run))
test = df[df.split == 'test']
boxes = load_nih_boxes(tmp/'demo'); boxes = boxes[boxes.image_id.isin(test.image_id)]
for meth in ['gradcam', 'gradcam++', 'hirescam', 'eigencam']:
    cams = {}
    t1=time.time()
    for img_id, g in boxes.groupby('image_id'):
        img = read_xray(test.path[test.image_id == img_id].iloc[0])
        x = model_input(resize_gray(img, card['input_size']), card)
        for label in g.label.unique():
            cam = cam_maps(model, x, NIH_LABELS.index(label), meth)[0].numpy()
            cams[(img_id, label)] = np.asarray(Image.fromarray((cam*255).astype(np.uint8)).resize(img.shape[::-1], Image.Resampling.BILINEAR))/255.
    loc = localization_scores(cams, boxes)
    area = (boxes.w*boxes.h).groupby(boxes.label).mean()/float(Image.open(test.path.iloc[0]).size[0])**2
    focal = area.index[area < .1]
    f = loc.loc[focal, ['pointing', 'pointing_centre', 'iou', 'iou_centre']].mean()
    print(meth, f'{time.time()-t1:.0f}s', 'all', loc.loc['all', ['pointing', 'pointing_centre', 'iou', 'iou_centre']].round(3).to_dict(), 'focal', f.round(3).to_dict(), flush=True)
print('total', time.time()-t0)
