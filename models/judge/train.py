#!/usr/bin/env python3
"""Trains the success/progress judge on `gauntlet dataset` frames labelled by the simulator's true predicates.

    /usr/bin/python3 models/judge/train.py --data models/world-model/data --steps 1500

Model: the 64x64 third-camera frame (RGB in [0, 1]) is folded space-to-depth and goes through four
strided convolutions to a 4x4 map; the flattened map and the instruction (a bag of words over the
training instructions' vocabulary; `--condition task`: the task one-hot instead) feed an MLP with
two outputs: the success logit and the progress (a sigmoid, 0..1).
Success frames are rare (the simulator ends an episode at its first success frame), so batches
draw half of their rows from success frames; frames are shifted by up to 2 pixels and sometimes
blurred, because in closed loop the judge scores the world model's (smoother) predictions; with
`--replayed DIR` (replay_frames.py) it also trains on the world model's own replays of the training
episodes, labelled by the simulator's outcome.
Episodes whose seed ends in 9 are held out: balanced accuracy, ECE and a reliability table on
them go into the manifest's `about` and the model card. `gauntlet validate` re-measures them on
fresh simulator seeds.
"""
import argparse
import json
import math
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "world-model"))
import wm_data  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
SIZE = 64


def space_to_depth(x):
    b, c, h, w = x.shape
    return x.reshape(b, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4).reshape(b, c * 4, h // 2, w // 2)


class Judge(nn.Module):
    def __init__(self, conditions, width=32):
        super().__init__()
        gn = lambda c: nn.GroupNorm(8, c)
        self.conv = nn.Sequential(  # 32 -> 16 -> 8 -> 4
            nn.Conv2d(12, width, 3, padding=1), gn(width), nn.SiLU(),
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), gn(2 * width), nn.SiLU(),
            nn.Conv2d(2 * width, 2 * width, 3, stride=2, padding=1), gn(2 * width), nn.SiLU(),
            nn.Conv2d(2 * width, width, 3, stride=2, padding=1), gn(width), nn.SiLU(),
        )
        self.head = nn.Sequential(nn.Linear(width * 16 + conditions, 128), nn.SiLU(), nn.Linear(128, 2))

    def forward(self, frame, condition):
        """frame [B, 3, 64, 64] in [0, 1]; condition [B, C] (instruction bag of words, or task one-hot) -> success logit [B, 1], progress [B, 1]."""
        x = self.conv(space_to_depth(frame * 2 - 1)).flatten(1)
        out = self.head(torch.cat([x, condition], dim=1))
        return out[:, 0:1], torch.sigmoid(out[:, 1:2])


def augment(img, gen):
    """Random shift by up to 2 pixels (edge padding) and, for a third of the rows, a 3x3 box blur."""
    b = img.shape[0]
    padded = F.pad(img, (2, 2, 2, 2), mode="replicate")
    dx = torch.randint(0, 5, (b,), generator=gen)
    dy = torch.randint(0, 5, (b,), generator=gen)
    img = torch.stack([padded[i, :, dy[i]:dy[i] + SIZE, dx[i]:dx[i] + SIZE] for i in range(b)])
    blur = F.avg_pool2d(F.pad(img, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
    pick = (torch.rand(b, generator=gen) < 1 / 3).float()[:, None, None, None]
    return pick * blur + (1 - pick) * img


def calibration(prob, label, bins=10):
    """Balanced accuracy at 0.5, ECE over equal-width bins, and the reliability table."""
    pred = prob >= 0.5
    pos, neg = label, ~label
    tpr = float((pred & pos).sum() / max(pos.sum(), 1))
    tnr = float((~pred & neg).sum() / max(neg.sum(), 1))
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (prob >= lo) & ((prob < hi) if b < bins - 1 else (prob <= hi))
        if m.sum() == 0:
            continue
        conf, acc = float(prob[m].mean()), float(label[m].mean())
        ece += m.sum() / len(prob) * abs(conf - acc)
        table.append({"bin": [lo, hi], "count": int(m.sum()), "meanPredicted": round(conf, 4), "fractionPositive": round(acc, 4)})
    return {"balancedAccuracy": round((tpr + tnr) / 2, 4), "truePositiveRate": round(tpr, 4), "trueNegativeRate": round(tnr, 4),
            "positives": int(pos.sum()), "negatives": int(neg.sum()), "ece": round(float(ece), 4), "reliability": table}


def instruction_words(text):
    """As the runtime splits them (judge.ts instructionWords): lower case, on anything but letters and digits."""
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def conditioning(episodes, condition, names):
    """Per episode: the bag of words of its instruction over `names` (the vocabulary), or its task's one-hot over `names` (the tasks)."""
    if condition == "instruction":
        rows = [[1.0 if w in set(instruction_words(e["instruction"])) else 0.0 for w in names] for e in episodes]
    else:
        rows = [[1.0 if e["taskIndex"] == k else 0.0 for k in range(len(names))] for e in episodes]
    return torch.tensor(rows)


def labelled_frames(data, condition, names):
    """A dataset's frames [N, 3, 64, 64] uint8, conditioning rows, labels, and which rows train (not held out)."""
    return {
        "frames": torch.from_numpy(data["frames"]).permute(0, 3, 1, 2).contiguous(),
        "condition": conditioning(data["episodes"], condition, names)[torch.from_numpy(data["episode"]).long()],
        "success": torch.from_numpy(data["success"].astype(np.float32)),
        "progress": torch.from_numpy(data["progress"].astype(np.float32)),
        "trained": torch.from_numpy(~wm_data.held_out_mask(data)),
    }


@torch.no_grad()
def held_out_figures(model, part):
    """Calibration and progress error on a source's held-out frames."""
    rows = torch.nonzero(~part["trained"])[:, 0]
    outs = [model(part["frames"][r].float() / 255.0, part["condition"][r]) for r in rows.split(256)]
    prob = torch.sigmoid(torch.cat([o[0] for o in outs])[:, 0]).numpy()
    prog = torch.cat([o[1] for o in outs])[:, 0].numpy()
    figures = calibration(prob, part["success"][rows].numpy() > 0.5)
    figures["progressMae"] = round(float(np.abs(prog - part["progress"][rows].numpy()).mean()), 4)
    return figures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(HERE, "..", "world-model", "data"))
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--condition", choices=["instruction", "task"], default="instruction", help="what the judge reads besides the frame: the instruction's bag of words, or the task type's one-hot")
    ap.add_argument("--replayed", action="append", default=[], help="a dataset of world-model replays (replay_frames.py) whose frames join the training, labelled by the simulator's outcome; repeatable")
    args = ap.parse_args()
    started = time.time()
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    data = wm_data.load(args.data)
    tasks = data["index"]["tasks"]
    vocabulary = sorted({w for e in data["episodes"] for w in instruction_words(e["instruction"])})
    names = vocabulary if args.condition == "instruction" else tasks
    held = wm_data.held_out_mask(data)
    parts = [labelled_frames(data, args.condition, names)] + [labelled_frames(wm_data.load(d), args.condition, names) for d in args.replayed]
    frames, condition, success, progress, trained = (torch.cat([p[k] for p in parts]) for k in ("frames", "condition", "success", "progress", "trained"))
    train_pos = torch.nonzero(trained & (success > 0.5))[:, 0]
    train_neg = torch.nonzero(trained & (success < 0.5))[:, 0]
    print(f"{len(frames)} frames ({len(parts)} source(s)): {len(train_pos)} success / {len(train_neg)} other in training, {held.sum()} simulator frames held out", flush=True)

    model = Judge(len(names))
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 100) * 0.5 * (1 + math.cos(math.pi * s / args.steps)))
    log = []
    for step in range(args.steps):
        half = args.batch // 2
        rows = torch.cat([train_pos[torch.randint(0, len(train_pos), (half,), generator=gen)],
                          train_neg[torch.randint(0, len(train_neg), (args.batch - half,), generator=gen)]])
        img = augment(frames[rows].float() / 255.0, gen)
        logit, prog = model(img, condition[rows])
        bce = F.binary_cross_entropy_with_logits(logit[:, 0], success[rows])
        mse = F.mse_loss(prog[:, 0], progress[rows])
        loss = bce + mse
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == args.steps - 1:
            log.append({"step": step, "bce": round(float(bce), 5), "progressMse": round(float(mse), 5)})
            print(f"step {step}/{args.steps} bce {float(bce):.4f} progress mse {float(mse):.4f} {time.time() - started:.0f}s", flush=True)
    train_seconds = time.time() - started

    model.eval()
    # Balanced sampling shifts the prior to 50% success; the logit is used as trained (threshold 0.5),
    # so the held-out calibration below says honestly how far it is from the true frequencies.
    held_out = held_out_figures(model, parts[0])
    held_out["episodes"] = int(sum(wm_data.is_held_out(e["seed"]) for e in data["episodes"]))
    print(f"held out: balanced accuracy {held_out['balancedAccuracy']:.3f}, ECE {held_out['ece']:.3f}, progress MAE {held_out['progressMae']:.3f}", flush=True)
    replayed_held_out = [held_out_figures(model, p) for p in parts[1:]]
    for d, r in zip(args.replayed, replayed_held_out):
        print(f"held out, {d}: balanced accuracy {r['balancedAccuracy']:.3f}, ECE {r['ece']:.3f}", flush=True)

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "judge.onnx")
    torch.onnx.export(model, (torch.rand(1, 3, SIZE, SIZE), torch.zeros(1, len(names))), path, opset_version=17,
                      input_names=["frame", args.condition], output_names=["success_logit", "progress"],
                      dynamic_axes={k: {0: "batch"} for k in ("frame", args.condition, "success_logit", "progress")})
    manifest = {
        "format": "gauntlet-judge", "version": 1, "name": "judge-64",
        "image": {"width": SIZE, "height": SIZE, "channels": 3, "views": ["third"], "range": [0, 1]},
        **({"vocabulary": vocabulary} if args.condition == "instruction" else {"tasks": tasks}),
        "files": {"model": "judge.onnx"},
        "inputs": {"frame": {"name": "frame", "shape": [-1, 3, SIZE, SIZE], "dtype": "float32"},
                   args.condition: {"name": args.condition, "shape": [-1, len(names)], "dtype": "float32"}},
        "outputs": {"success": {"name": "success_logit", "shape": [-1, 1], "dtype": "float32"},
                    "progress": {"name": "progress", "shape": [-1, 1], "dtype": "float32"}},
        "threshold": 0.5,
        "about": {"data": f"{len(data['episodes'])} simulator episodes (gauntlet dataset, seeds from {data['index']['seed']})",
                  "parameters": params, "steps": args.steps, "batch": args.batch,
                  "replayed": [os.path.relpath(d) for d in args.replayed],
                  "trainSeconds": round(train_seconds, 1), "heldOut": held_out,
                  **({"heldOutReplayed": replayed_held_out} if args.replayed else {})},
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.2f} MB, {params} parameters) in {train_seconds:.0f}s", flush=True)


if __name__ == "__main__":
    main()
