"""Reads a `gauntlet dataset` folder (index.json + per-episode .npy files) into flat numpy arrays.

Shared by the world-model and judge training scripts; run with Debian's /usr/bin/python3.
"""
import json
import os

import numpy as np


def is_held_out(seed):
    """Episodes whose seed ends in 9 are held out of training (about 10%), for the training-time figures."""
    return seed % 10 == 9


def load(folder):
    """All episodes, concatenated: frames uint8 [N, H, W, 3] (view 0), states, success, progress per frame;
    actions float32 [N, 7] (the action taken from that frame, zeros on each episode's last frame);
    `episode` [N] and `t` [N] locate each frame; `episodes` is the index entries in order."""
    index = json.load(open(os.path.join(folder, "index.json")))
    if index.get("format") != "gauntlet-dataset":
        raise SystemExit(f"{folder}/index.json: expected format gauntlet-dataset, got {index.get('format')}")
    parts = {k: [] for k in ("frames", "actions", "states", "success", "progress", "episode", "t")}
    for i, ep in enumerate(index["episodes"]):
        d = os.path.join(folder, ep["dir"])
        frames = np.load(os.path.join(d, "frames.npy"))[:, 0]
        actions = np.load(os.path.join(d, "actions.npy"))
        n = len(frames)
        if len(actions) != n - 1:
            raise SystemExit(f"{d}: {n} frames but {len(actions)} actions (expected {n - 1})")
        parts["frames"].append(frames)
        parts["actions"].append(np.concatenate([actions, np.zeros((1, 7), np.float32)]))
        parts["states"].append(np.load(os.path.join(d, "states.npy")))
        parts["success"].append(np.load(os.path.join(d, "success.npy")))
        parts["progress"].append(np.load(os.path.join(d, "progress.npy")))
        parts["episode"].append(np.full(n, i, np.int32))
        parts["t"].append(np.arange(n, dtype=np.int32))
    data = {k: np.concatenate(v) for k, v in parts.items()}
    data["index"] = index
    data["episodes"] = index["episodes"]
    data["start"] = np.concatenate([[0], np.cumsum([e["steps"] + 1 for e in index["episodes"]])[:-1]]).astype(np.int64)
    return data


def held_out_mask(data):
    """True for frames of held-out episodes."""
    held = np.array([is_held_out(e["seed"]) for e in data["episodes"]])
    return held[data["episode"]]
