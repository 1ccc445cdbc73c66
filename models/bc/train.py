#!/usr/bin/env python3
"""Behaviour cloning of the oracle on 64x64 third-camera images, exported to ONNX.

Run with Debian's Python (it sees apt's torch, onnx and numpy):

    /usr/bin/python3 models/bc/train.py --data models/bc/data/oracle \\
        --rung bc-d001:1:500 --rung bc-d002:2:800 --rung bc-d005:5:1200 \\
        --rung bc-d010:10:1500 --rung bc-d025:25:2000 --rung bc-d250:250:3000

Each --rung NAME:DEMOS:STEPS trains one checkpoint on the first DEMOS successful oracle
episodes per task (nested subsets, in seed order) for STEPS optimiser steps and writes
models/bc/NAME/{model.onnx,manifest.json,golden.json,train-log.json} (and the torch weights to
models/bc/data/checkpoints/, not committed). Training is deterministic: the same data and
command give a byte-identical model.onnx. Extra --data folders (e.g. DAgger
rollouts from generate-demos.ts --dagger) add all their rows to rungs named in --dagger-rungs.

Model: a small CNN (4 stride-2 convs with GroupNorm, flattened 4x4 map) on the image, concatenated with the
proprioceptive state (xyz, gripper, and the tool's rotation matrix computed in the graph from the
Euler angles, which are degenerate for a top-down tool) and the task one-hot, then an MLP that
predicts an H-step action chunk: 6 normalised deltas (MSE) and a gripper logit (BCE).
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 64
ANGLES = (3, 4, 5)
PIXEL_MEAN, PIXEL_STD = 0.5, 0.25


def load_dataset(folder):
    """Reads one generate-demos.ts folder into numpy arrays (images stay uint8)."""
    header = json.load(open(os.path.join(folder, "header.json")))
    n = header["rows"]
    read = lambda name, dtype, shape: np.fromfile(os.path.join(folder, name), dtype=dtype).reshape(shape)
    return {
        "header": header,
        "images": read("images.u8", np.uint8, (n, SIZE, SIZE, 3)),
        "states": read("states.f32", np.float32, (n, 7)),
        "actions": read("actions.f32", np.float32, (n, 7)),
        "tasks": read("tasks.u8", np.uint8, (n,)),
    }


def select_rows(ds, demos_per_task, learner_rows):
    """Row indices of the first `demos_per_task` successful oracle episodes of each task (all learner-driven rows if asked)."""
    taken, rows, eps = {}, [], []
    for ep in ds["header"]["episodes"]:
        if ep["driver"] == "learner":
            if learner_rows:
                rows.append(np.arange(ep["start"], ep["start"] + ep["length"]))
                eps.append(ep)
            continue
        if not ep["success"] or taken.get(ep["scene"], 0) >= demos_per_task:
            continue
        taken[ep["scene"]] = taken.get(ep["scene"], 0) + 1
        rows.append(np.arange(ep["start"], ep["start"] + ep["length"]))
        eps.append(ep)
    return rows, eps, taken


def chunk_targets(actions, episode_rows, horizon):
    """For each row, the actions at t..t+H-1 of its episode, padded with the episode's last action."""
    out = []
    for rows in episode_rows:
        a = actions[rows]
        idx = np.minimum(np.arange(len(rows))[:, None] + np.arange(horizon)[None, :], len(rows) - 1)
        out.append(a[idx])
    return np.concatenate(out)


class BCPolicy(nn.Module):
    def __init__(self, tasks, horizon, width=32, hidden=256):
        super().__init__()
        self.horizon = horizon
        gn = lambda c: nn.GroupNorm(8, c)
        self.conv = nn.Sequential(  # 64 -> 32 -> 16 -> 8 -> 4
            nn.Conv2d(3, width, 5, stride=2, padding=2), gn(width), nn.ReLU(),
            nn.Conv2d(width, width, 3, stride=2, padding=1), gn(width), nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), gn(2 * width), nn.ReLU(),
            nn.Conv2d(2 * width, width, 3, stride=2, padding=1), gn(width), nn.ReLU(),
        )
        state_features = 3 + 9 + 1
        self.head = nn.Sequential(
            nn.Linear(width * 16 + state_features + tasks, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, horizon * 7),
        )

    @staticmethod
    def state_features(state):
        """xyz and gripper as given (already normalised), plus the rotation matrix Rz(yaw) Ry(pitch) Rx(roll)."""
        r, p, y = state[:, 3], state[:, 4], state[:, 5]
        cr, sr, cp, sp, cy, sy = torch.cos(r), torch.sin(r), torch.cos(p), torch.sin(p), torch.cos(y), torch.sin(y)
        rot = torch.stack([
            cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
            sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
            -sp, cp * sr, cp * cr,
        ], dim=1)
        return torch.cat([state[:, 0:3], rot, state[:, 6:7]], dim=1)

    def forward(self, image, state, task):
        x = torch.cat([self.conv(image).flatten(1), self.state_features(state), task], dim=1)
        return self.head(x).reshape(-1, self.horizon, 7)


def random_shift(images, pad, gen):
    """Shifts each image by up to `pad` pixels (edge padding, then a random crop)."""
    b, c, h, w = images.shape
    padded = F.pad(images, (pad, pad, pad, pad), mode="replicate")
    dx = torch.randint(0, 2 * pad + 1, (b,), generator=gen)
    dy = torch.randint(0, 2 * pad + 1, (b,), generator=gen)
    return torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(b)])


def train_rung(name, demos, steps, datasets, args):
    started = time.time()
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    images, states, targets, tasks, episodes = [], [], [], [], []
    for i, ds in enumerate(datasets):
        rows, eps, taken = select_rows(ds, demos if i == 0 else 0, learner_rows=i > 0 and name in args.dagger_rungs)
        if i == 0 and any(taken.get(s, 0) < demos for s in ds["header"]["tasks_scenes"]):
            raise SystemExit(f"{name}: asked for {demos} demos per task, have {taken}")
        if not rows:
            continue
        flat = np.concatenate(rows)
        images.append(ds["images"][flat])
        states.append(ds["states"][flat])
        tasks.append(ds["tasks"][flat])
        targets.append(chunk_targets(ds["actions"], rows, args.horizon))
        episodes += eps
    images, states, tasks, targets = map(np.concatenate, (images, states, tasks, targets))
    n = len(states)
    vocab = [t["instruction"] for t in datasets[0]["header"]["tasks"]]

    state_mean = states.mean(0)
    state_std = np.maximum(states.std(0), 1e-2)
    state_mean[list(ANGLES)] = 0.0  # angles go raw into the in-graph rotation matrix
    state_std[list(ANGLES)] = 1.0
    flat_targets = targets.reshape(-1, 7)
    action_mean = flat_targets.mean(0)
    action_std = np.maximum(flat_targets.std(0), 1e-3)
    action_mean[6], action_std[6] = 0.0, 1.0  # the gripper is a logit

    t_images = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous()  # uint8 NCHW
    t_states = torch.from_numpy((states - state_mean) / state_std).float()
    t_tasks = F.one_hot(torch.from_numpy(tasks).long(), len(vocab)).float()
    norm_targets = (targets - action_mean) / action_std
    t_targets = torch.from_numpy(norm_targets).float()

    model = BCPolicy(len(vocab), args.horizon)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 100) * 0.5 * (1 + math.cos(math.pi * s / steps)))
    log = []
    model.train()
    for step in range(steps):
        idx = torch.randint(0, n, (args.batch,), generator=gen)
        img = (t_images[idx].float() / 255.0 - PIXEL_MEAN) / PIXEL_STD
        img = random_shift(img, args.shift, gen) if args.shift > 0 else img
        out = model(img, t_states[idx], t_tasks[idx])
        tgt = t_targets[idx]
        mse = F.mse_loss(out[..., :6], tgt[..., :6])
        bce = F.binary_cross_entropy_with_logits(out[..., 6], tgt[..., 6])
        loss = mse + args.gripper_weight * bce
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == steps - 1:
            log.append({"step": step, "loss": round(loss.item(), 5), "mse": round(mse.item(), 5), "bce": round(bce.item(), 5)})
            print(f"{name} step {step}/{steps} loss {loss.item():.4f} (mse {mse.item():.4f} bce {bce.item():.4f}) {time.time() - started:.0f}s", flush=True)
    train_seconds = time.time() - started

    out_dir = os.path.join(args.out, name)
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    dummy = (torch.zeros(1, 3, SIZE, SIZE), torch.zeros(1, 7), torch.zeros(1, len(vocab)))
    torch.onnx.export(
        model, dummy, os.path.join(out_dir, "model.onnx"), opset_version=17,
        input_names=["image", "state", "task"], output_names=["action"],
        dynamic_axes={"image": {0: "batch"}, "state": {0: "batch"}, "task": {0: "batch"}, "action": {0: "batch"}},
    )
    fl = lambda a: [round(float(v), 6) for v in a]
    manifest = {
        "format": "gauntlet.onnx-policy",
        "version": 1,
        "name": name,
        "model": "model.onnx",
        "action": {"kind": "ee-delta", "layout": datasets[0]["header"]["actionNames"]},
        "inputs": [
            {"role": "image", "name": "image", "dtype": "float32", "shape": [1, 3, SIZE, SIZE], "camera": "third",
             "layout": "NCHW", "channels": "RGB", "resize": "area", "scale": 255, "mean": [PIXEL_MEAN] * 3, "std": [PIXEL_STD] * 3},
            {"role": "state", "name": "state", "dtype": "float32", "shape": [1, 7], "mean": fl(state_mean), "std": fl(state_std)},
            {"role": "task", "name": "task", "dtype": "float32", "shape": [1, len(vocab)], "key": "instruction", "vocabulary": vocab},
        ],
        "output": {"name": "action", "dtype": "float32", "shape": [1, args.horizon, 7], "chunk": args.horizon,
                   "execute": args.execute, "mean": fl(action_mean), "std": fl(action_std),
                   "gripper": {"index": 6, "threshold": 0.5}},
        "about": {
            "method": "behaviour cloning of the privileged oracle",
            "demosPerTask": demos,
            "episodes": len(episodes),
            "rows": n,
            "steps": steps,
            "batch": args.batch,
            "parameters": params,
            "trainSeconds": round(train_seconds, 1),
            "dagger": name in args.dagger_rungs and len(datasets) > 1,
            "finalLoss": log[-1],
        },
    }
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    write_golden(model, manifest, vocab, out_dir)
    weights = os.path.join(HERE, "data", "checkpoints")
    os.makedirs(weights, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(weights, f"{name}.pt"))  # not committed: data/ is ignored
    with open(os.path.join(out_dir, "train-log.json"), "w") as f:
        json.dump({"name": name, "log": log, "trainSeconds": round(train_seconds, 1)}, f)
        f.write("\n")
    size = os.path.getsize(os.path.join(out_dir, "model.onnx"))
    print(f"{name}: {demos} demos/task, {n} rows, {steps} steps, {params} params, {train_seconds:.0f}s, model.onnx {size / 1024:.0f} KiB", flush=True)


def golden_observation():
    """The synthetic 128x128 observation of onnx-policy.test.ts: r = 7i mod 256, g = 2 * row, b = 90."""
    i = np.arange(128 * 128)
    rgb = np.stack([(i * 7) % 256, (i // 128) * 2, np.full_like(i, 90)], axis=1).reshape(128, 128, 3)
    state = np.array([0.25, 0.0, 0.15, 0.0, math.pi / 2, 0.0, 1.0], dtype=np.float32)
    return rgb, state


def write_golden(model, manifest, vocab, out_dir):
    """Torch's actions for the golden observation, so a test can check ONNX export and JS preprocessing against training."""
    rgb, state = golden_observation()
    small = np.floor(rgb.reshape(64, 2, 64, 2, 3).mean(axis=(1, 3)) + 0.5)  # resizeArea for an exact 2x shrink
    image = (torch.from_numpy(small.astype(np.float32)).permute(2, 0, 1)[None] / 255.0 - PIXEL_MEAN) / PIXEL_STD
    inp = {i["role"]: i for i in manifest["inputs"]}
    st = (torch.from_numpy(state) - torch.tensor(inp["state"]["mean"])) / torch.tensor(inp["state"]["std"])
    task = F.one_hot(torch.tensor([0]), len(vocab)).float()
    with torch.no_grad():
        raw = model(image, st[None].float(), task)[0].numpy()
    out = manifest["output"]
    actions = raw * np.array(out["std"]) + np.array(out["mean"])
    prob = 1 / (1 + np.exp(-raw[:, 6]))
    actions[:, 6] = (prob >= 0.5).astype(np.float64)
    golden = {
        "observation": {"image": "128x128 RGBA: r = 7i mod 256, g = 2 * row, b = 90, a = 255", "state": [float(v) for v in state], "instruction": vocab[0]},
        "actions": [[round(float(v), 7) for v in a] for a in actions[: out["execute"]]],
        "gripperProbability": [round(float(p), 6) for p in prob[: out["execute"]]],
    }
    with open(os.path.join(out_dir, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", action="append", required=True, help="generate-demos.ts output folder; the first is the oracle data")
    ap.add_argument("--rung", action="append", required=True, help="NAME:DEMOS_PER_TASK:STEPS")
    ap.add_argument("--dagger-rungs", default="", help="comma-separated rung names that also train on the extra --data folders")
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--horizon", type=int, default=4)
    ap.add_argument("--execute", type=int, default=4)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--shift", type=int, default=3)
    ap.add_argument("--gripper-weight", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    args.dagger_rungs = set(filter(None, args.dagger_rungs.split(",")))
    datasets = [load_dataset(d) for d in args.data]
    for ds in datasets:
        ds["header"]["tasks_scenes"] = [t["scene"] for t in ds["header"]["tasks"]]
    for spec in args.rung:
        name, demos, steps = spec.split(":")
        train_rung(name, int(demos), int(steps), datasets, args)


if __name__ == "__main__":
    main()
