#!/usr/bin/env python3
"""Replays every episode of a `gauntlet dataset` through the world model and writes what the model
showed, as a dataset of the same layout: the first frame is the simulator's, every later frame is
the model's prediction from its own earlier predictions (rounded to bytes, as the runtime feeds
them back) and its own state estimate, driven by the recorded actions. Labels stay the simulator's
true success and progress, so a judge trained on these frames learns to read the outcome from the
pictures it will be shown in closed loop, not from the simulator's sharper ones.

    /usr/bin/python3 models/judge/replay_frames.py --data models/world-model/data --model models/world-model --out models/world-model/data-replayed
"""
import argparse
import json
import os
import shutil
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "world-model"))
import wm_data  # noqa: E402
from export import weights_from_onnx  # noqa: E402
from wm_model import WorldModel  # noqa: E402


def load_model(folder):
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    about = manifest.get("about", {})
    model = WorldModel(warp=about.get("warp", False), state_action=about.get("stateAction", False))
    missing, unexpected = model.load_state_dict(weights_from_onnx(os.path.join(folder, manifest["files"]["model"])), strict=False)
    if missing or unexpected:
        raise SystemExit(f"{folder}: weights do not fit wm_model.WorldModel (missing {missing}, unexpected {unexpected})")
    return model.eval(), manifest


@torch.no_grad()
def replay(model, manifest, episodes, batch=64):
    """episodes: list of (frames uint8 [T+1, 64, 64, 3], actions [T, 7], state0 [7]) -> predicted frames uint8 [T+1, 64, 64, 3] each."""
    a_mean, a_std = (torch.tensor(manifest["action"][k]) for k in ("mean", "std"))
    s_mean, s_std = (torch.tensor(manifest["state"][k]) for k in ("mean", "std"))
    ctx = manifest["context"]
    offsets = ctx["historyIndex"] if "historyIndex" in ctx else list(range(-ctx["frames"], 0))
    out = [None] * len(episodes)
    for lo in range(0, len(episodes), batch):
        group = episodes[lo:lo + batch]
        steps = max(len(a) for _, a, _ in group)
        history = [[torch.from_numpy(f[0]).permute(2, 0, 1).float() / 255.0] for f, _, _ in group]
        state = torch.stack([(torch.from_numpy(s) - s_mean) / s_std for _, _, s in group]).float()
        shown = [[f[0]] for f, _, _ in group]
        for t in range(steps):
            live = [i for i, (_, a, _) in enumerate(group) if t < len(a)]
            frames = torch.stack([torch.stack([history[i][max(0, len(history[i]) + o)] for o in offsets]) for i in live])
            acts = torch.stack([(torch.from_numpy(group[i][1][t]) - a_mean) / a_std for i in live]).float()[:, None]
            pred, next_state = model(frames, acts, state[live])
            pred_bytes = (pred[:, 0].clamp(0, 1) * 255).round()
            for k, i in enumerate(live):
                history[i].append(pred_bytes[k] / 255.0)
                shown[i].append(pred_bytes[k].permute(1, 2, 0).byte().numpy())
            state[live] = next_state
        for k, s in enumerate(shown):
            out[lo + k] = np.stack(s)
        print(f"replayed {min(lo + batch, len(episodes))}/{len(episodes)} episodes", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    model, manifest = load_model(args.model)
    index = json.load(open(os.path.join(args.data, "index.json")))
    if index.get("format") != "gauntlet-dataset":
        raise SystemExit(f"{args.data}/index.json: expected format gauntlet-dataset, got {index.get('format')}")
    episodes = []
    for ep in index["episodes"]:
        d = os.path.join(args.data, ep["dir"])
        episodes.append((np.load(os.path.join(d, "frames.npy"))[:, 0], np.load(os.path.join(d, "actions.npy")), np.load(os.path.join(d, "states.npy"))[0]))
    predicted = replay(model, manifest, episodes)
    shutil.rmtree(args.out, ignore_errors=True)
    for ep, frames in zip(index["episodes"], predicted):
        src, dst = os.path.join(args.data, ep["dir"]), os.path.join(args.out, ep["dir"])
        os.makedirs(dst)
        np.save(os.path.join(dst, "frames.npy"), frames[:, None])
        for name in ("actions", "states", "success", "progress"):
            shutil.copy(os.path.join(src, f"{name}.npy"), os.path.join(dst, f"{name}.npy"))
    index["image"]["source"] = f"world model {manifest['name']} replaying the recorded actions from the first simulator frame ({os.path.relpath(args.model)})"
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}: {len(predicted)} episodes, {sum(len(p) for p in predicted)} frames in {time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
