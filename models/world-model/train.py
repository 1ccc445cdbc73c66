#!/usr/bin/env python3
"""Trains the reference action-conditioned world model on `gauntlet dataset` episodes and exports it to ONNX.

Run with Debian's Python (it sees apt's torch, onnx and numpy); `npm run train:world-model` runs the
dataset, the training stages of `reproduce.sh` and the judge end to end:

    /usr/bin/python3 models/world-model/train.py --data models/world-model/data --steps 4000

The network is `wm_model.WorldModel`; `--history` picks which past frames it reads. The loss weighs
MSE, L1 and an image-gradient term on the frame, with extra weight on object pixels (saturated
colours) and on pixels an object enters or leaves, plus a loss on the state (`--tool-yaw-loss`: on
the tool's yaw, see tool_yaw_state_loss); after a single-step phase it unrolls the model on its own
predictions for `--unroll` steps, so that errors that compound in closed loop are seen in training;
`--event-weight` draws the windows that hold a contact event (a grasp, a release, a success) more
often. `--init` continues from a previous stage's weights (.pt or .onnx). Episodes whose seed ends
in 9 are held out; the open-loop figures of the model card come from `gauntlet validate`, on fresh
simulator seeds.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import wm_data
from export import export_onnx, weights_from_onnx
from wm_model import CONTEXT, SIZE, WorldModel

HERE = os.path.dirname(os.path.abspath(__file__))


def object_pixels(frames):
    """[B, 3, H, W] -> [B, 1, H, W]: 1 where the colour is saturated (the scenes' objects; table, sky and arm are not)."""
    hi, lo = frames.max(dim=1, keepdim=True).values, frames.min(dim=1, keepdim=True).values
    return ((hi - lo) > 0.6 * hi.clamp(min=1e-3)).float()


def gradient_difference(pred, target):
    """Mean |difference of horizontal and vertical image gradients|: penalises blurred edges, which MSE barely does."""
    dx = lambda x: x[:, :, :, 1:] - x[:, :, :, :-1]
    dy = lambda x: x[:, :, 1:, :] - x[:, :, :-1, :]
    return (dx(pred) - dx(target)).abs().mean() + (dy(pred) - dy(target)).abs().mean()


def context_rows(data, rows, horizon, span=CONTEXT):
    """For each start row t: frame rows t-span+1..t (clamped to the episode start, as an episode's
    history is at its first frame), and rows t+1..t+horizon."""
    ep_start = data["start"][data["episode"][rows]]
    ctx = np.maximum(rows[:, None] + np.arange(-span + 1, 1)[None, :], ep_start[:, None])
    nxt = rows[:, None] + np.arange(1, horizon + 1)[None, :]
    return ctx, nxt


def parse_history(text):
    """'-16,-8,-2,-1' -> [-16, -8, -2, -1]: the frames the model reads, as offsets from the newest (-1), oldest first."""
    offsets = [int(v) for v in text.split(",")]
    if len(offsets) != CONTEXT or offsets[-1] != -1 or any(b <= a for a, b in zip(offsets, offsets[1:])):
        raise SystemExit(f"--history {text}: expected {CONTEXT} increasing negative offsets ending in -1, e.g. -16,-8,-2,-1")
    return offsets


def tool_yaw_state_loss(names, s_mean, s_std):
    """A state loss for a tool pointing down. There (pitch near π/2) roll and yaw are each
    ill-defined: in the training data each jumps by more than 0.5 rad in 38% of steps, while
    yaw - roll, the tool's yaw, does so in 0.1%. Policies rebuild the orientation from all three,
    so what must be right is yaw - roll: this takes its wrapped error, MSE for the other dimensions
    (normalised), and a little of roll's wrapped error so that the pair does not drift."""
    mean, std = torch.tensor(s_mean).float(), torch.tensor(s_std).float()
    r, y = names.index("roll"), names.index("yaw")
    plain = [k for k in range(len(names)) if k not in (r, y)]
    wrap = lambda x: torch.remainder(x + math.pi, 2 * math.pi) - math.pi

    def loss(pred, target):
        p, t = pred * std + mean, target * std + mean
        tool = wrap((p[:, y] - p[:, r]) - (t[:, y] - t[:, r]))
        return F.mse_loss(pred[:, plain], target[:, plain]) + (tool ** 2).mean() + 0.01 * (wrap(p[:, r] - t[:, r]) ** 2).mean()

    return loss


def valid_starts(data, mask, horizon):
    """Rows t whose episode has frames up to t + horizon, restricted to `mask`."""
    ep = data["episode"]
    last = data["start"][ep] + np.array([e["steps"] for e in data["episodes"]])[ep]
    return np.nonzero(mask & (np.arange(len(ep)) + horizon <= last))[0]


def event_rows(data, horizon, progress_change=0.0):
    """Start rows whose next `horizon` frames hold a contact event: the gripper closes or opens by more
    than 0.2 (a grasp, held or missed, or a release) or the task's success changes (a lift, a push
    arriving, a placement). A quarter of the 6-step windows; what closed-loop success turns on.
    With `progress_change` > 0, also windows whose progress moves by more than that in a task whose
    progress is the object's (push, place, stack: a block sliding, a cube carried to its target),
    not the arm's (pick-lift's progress before the grasp is the reach)."""
    n = len(data["episode"])
    window = np.minimum(np.arange(n)[:, None] + np.arange(1, horizon + 1)[None, :], n - 1)
    same = data["episode"][window] == data["episode"][:, None]
    gripper, success = data["states"][:, 6], data["success"].astype(bool)
    moved = np.abs(gripper[window] - gripper[:, None]) * same
    flipped = (success[window] != success[:, None]) & same
    events = (moved.max(1) > 0.2) | flipped.any(1)
    if progress_change > 0:
        object_task = np.array([e["task"] != "pick-lift" for e in data["episodes"]])[data["episode"]]
        progressed = (np.abs(data["progress"][window] - data["progress"][:, None]) * same).max(1) > progress_change
        events |= object_task & progressed
    return events


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--steps", type=int, default=4000, help="optimiser steps in all")
    ap.add_argument("--unroll", type=int, default=6, help="steps unrolled on the model's own predictions in the second phase")
    ap.add_argument("--unroll-from", type=float, default=0.6, help="fraction of the steps after which training unrolls")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--grasp-weight", type=float, default=0.0, help="extra sampling weight of frames with the gripper closing or closed (object-carrying dynamics are rare)")
    ap.add_argument("--event-weight", type=float, default=0.0, help="extra sampling weight of start rows whose window holds a contact event (see event_rows)")
    ap.add_argument("--event-progress", type=float, default=0.0, help="with --event-weight, also count windows whose object progress moves by more than this (see event_rows)")
    ap.add_argument("--motion-weight", type=float, default=0.0, help="extra loss weight of pixels that change from the last frame (the arm and what it moves)")
    ap.add_argument("--object-weight", type=float, default=10.0, help="extra loss weight of object pixels (saturated colours, where the object is or was): a 3x3-pixel cube otherwise counts for nothing next to the arm")
    ap.add_argument("--moved-object-weight", type=float, default=0.0, help="extra loss weight of pixels an object enters or leaves between the last frame and the target (rare, and what a grasp or push is)")
    ap.add_argument("--l1-weight", type=float, default=0.1, help="weight of the L1 frame loss next to MSE (L1 keeps the likelier of two outcomes instead of their average)")
    ap.add_argument("--mse-weight", type=float, default=1.0)
    ap.add_argument("--gdl-weight", type=float, default=0.0, help="image-gradient difference loss (sharp edges instead of blur)")
    ap.add_argument("--state-weight", type=float, default=0.05)
    ap.add_argument("--state-action", action="store_true", help="add a learned linear map from the action to the state change (see WorldModel.state_action)")
    ap.add_argument("--tool-yaw-loss", action="store_true", help="state loss on the tool's yaw (yaw - roll, wrapped) instead of roll and yaw apart (see tool_yaw_state_loss)")
    ap.add_argument("--history", default="-4,-3,-2,-1", help="which past frames the model reads, as offsets from the newest (-1), oldest first: spread-out offsets let it remember an object the arm hides for longer than 4 steps")
    ap.add_argument("--init", help="a world-model.pt, or an exported model.onnx, to start from (fine-tuning)")
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    ap.add_argument("--warp", action="store_true", help="predict a flow field that moves the last frame's pixels before the residual")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_interop_threads(1)
    started = time.time()
    torch.manual_seed(args.seed)
    gen = np.random.default_rng(args.seed)

    data = wm_data.load(args.data)
    held = wm_data.held_out_mask(data)
    train_actions = data["actions"][~held & (data["t"] < np.array([e["steps"] for e in data["episodes"]])[data["episode"]])]
    a_mean, a_std = train_actions.mean(0), np.maximum(train_actions.std(0), 1e-3)
    s_mean, s_std = data["states"][~held].mean(0), np.maximum(data["states"][~held].std(0), 1e-3)
    frames = torch.from_numpy(data["frames"]).permute(0, 3, 1, 2).contiguous()  # uint8 [N, 3, 64, 64]
    actions = torch.from_numpy((data["actions"] - a_mean) / a_std).float()
    states = torch.from_numpy((data["states"] - s_mean) / s_std).float()
    state_loss = tool_yaw_state_loss(data["index"]["stateNames"], s_mean, s_std) if args.tool_yaw_loss else F.mse_loss
    print(f"{len(data['episodes'])} episodes, {len(frames)} frames ({held.sum()} held out); load {time.time() - started:.0f}s", flush=True)

    torch.set_num_threads(args.threads)
    model = WorldModel(warp=args.warp, state_action=args.state_action)
    if args.init:
        if args.init.endswith(".onnx"):
            init = weights_from_onnx(args.init)  # either graph layout
        else:
            init = torch.load(args.init)
        missing, unexpected = model.load_state_dict(init, strict=False)
        if unexpected or any(not k.startswith(("flow.", "state_action.")) for k in missing):
            raise SystemExit(f"--init {args.init}: does not fit this model (missing {missing}, unexpected {unexpected})")
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 100) * 0.5 * (1 + math.cos(math.pi * s / args.steps)))
    starts = {h: valid_starts(data, ~held, h) for h in (1, args.unroll)}
    grasping = data["states"][:, 6] < 0.95
    events = {h: event_rows(data, h, args.event_progress) for h in starts} if args.event_weight else {h: np.zeros(len(frames), bool) for h in starts}
    raw = {h: 1 + args.grasp_weight * grasping[r] + args.event_weight * events[h][r] for h, r in starts.items()}
    weights = {h: w / w.sum() for h, w in raw.items()}
    weighted = args.grasp_weight or args.event_weight
    for h, r in starts.items():
        print(f"horizon {h}: {len(r)} start rows, {events[h][r].mean():.1%} with contact, {float((weights[h] * events[h][r]).sum()):.1%} of draws", flush=True)
    unroll_at = int(args.steps * args.unroll_from)
    history = parse_history(args.history)
    span, pick = -history[0], torch.tensor(history) + (-history[0])
    log = []
    for step in range(args.steps):
        horizon = 1 if step < unroll_at else args.unroll
        rows = gen.choice(starts[horizon], size=args.batch if horizon == 1 else max(8, args.batch // horizon), p=weights[horizon] if weighted else None)
        ctx, nxt = context_rows(data, rows, horizon, span)
        past = frames[torch.from_numpy(ctx)].float() / 255.0
        past = past + 0.01 * torch.randn_like(past)  # robustness to the model's own small errors
        state = states[torch.from_numpy(rows)]
        loss = 0.0
        for h in range(horizon):
            target = frames[torch.from_numpy(nxt[:, h])].float() / 255.0
            window = past[:, pick]
            pred, pred_state = model(window, actions[torch.from_numpy(rows + h)][:, None], state)
            moving = (1 + args.motion_weight * ((target - window[:, -1]).abs().sum(1, keepdim=True) > 0.1).float()
                      + args.object_weight * torch.maximum(object_pixels(target), object_pixels(window[:, -1]))
                      + args.moved_object_weight * (object_pixels(target) - object_pixels(window[:, -1])).abs())
            err = pred[:, 0] - target
            loss = loss + (args.mse_weight * (moving * err ** 2).mean() + args.l1_weight * (moving * err.abs()).mean()
                           + args.gdl_weight * gradient_difference(pred[:, 0], target)
                           + args.state_weight * state_loss(pred_state, states[torch.from_numpy(nxt[:, h])])) / horizon
            past = torch.cat([past[:, 1:], pred], dim=1)
            state = pred_state
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 100 == 0 or step == args.steps - 1:
            log.append({"step": step, "horizon": horizon, "loss": round(float(loss), 6)})
            print(f"step {step}/{args.steps} h{horizon} loss {float(loss):.5f} {time.time() - started:.0f}s", flush=True)
    train_seconds = time.time() - started
    held_psnr = evaluate_held_out(model, data, held, frames, actions, states, history)
    print(f"held-out one-step PSNR {held_psnr['model']:.2f} dB (copy-last-frame {held_psnr['copy']:.2f} dB)", flush=True)
    export(model, args, params, train_seconds, log, held_psnr, a_mean, a_std, s_mean, s_std, data, history)
    torch.save(model.state_dict(), os.path.join(args.out, "world-model.pt"))  # for fine-tuning (git-ignored)


@torch.no_grad()
def evaluate_held_out(model, data, held, frames, actions, states, history, limit=2000):
    """One-step PSNR on held-out frames, model and copy-last-frame, averaged over frames."""
    model.eval()
    rows = valid_starts(data, held, 1)[:limit]
    mse_m, mse_c = [], []
    for i in range(0, len(rows), 64):
        r = rows[i:i + 64]
        ctx, nxt = context_rows(data, r, 1, -history[0])
        window = frames[torch.from_numpy(ctx[:, np.array(history) - history[0]])].float() / 255.0
        target = frames[torch.from_numpy(nxt[:, 0])].float() / 255.0
        pred, _ = model(window, actions[torch.from_numpy(r)][:, None], states[torch.from_numpy(r)])
        mse_m.append(((pred[:, 0] - target) ** 2).mean(dim=(1, 2, 3)))
        mse_c.append(((window[:, -1] - target) ** 2).mean(dim=(1, 2, 3)))
    psnr = lambda m: float((10 * torch.log10(1 / torch.clamp(torch.cat(m), min=1e-10))).mean())
    return {"model": round(psnr(mse_m), 3), "copy": round(psnr(mse_c), 3), "frames": int(len(rows))}


def export(model, args, params, train_seconds, log, held_psnr, a_mean, a_std, s_mean, s_std, data, history):
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "model.onnx")
    export_onnx(model, path)  # the graph onnxruntime runs fastest, checked against this forward
    fl = lambda a: [round(float(v), 6) for v in a]
    index = data["index"]
    manifest = {
        "format": "gauntlet-world-model",
        "version": 1,
        "name": "wm-64-direct",
        "kind": "direct",
        "image": {"width": SIZE, "height": SIZE, "channels": 3, "views": ["third"], "range": [0, 1]},
        "context": {"frames": CONTEXT} if history == list(range(-CONTEXT, 0)) else {"historyIndex": history},
        "action": {"dim": 7, "layout": index["actionNames"], "mean": fl(a_mean), "std": fl(a_std),
                   "rateHz": 10, "conditioning": "frame", "chunk": 1},
        "state": {"dim": 7, "names": index["stateNames"], "mean": fl(s_mean), "std": fl(s_std)},
        "files": {"model": "model.onnx"},
        "inputs": {
            "frames": {"name": "frames", "shape": [-1, CONTEXT, 3, SIZE, SIZE], "dtype": "float32"},
            "actions": {"name": "actions", "shape": [-1, 1, 7], "dtype": "float32"},
            "state": {"name": "state", "shape": [-1, 7], "dtype": "float32"},
        },
        "outputs": {
            "frames": {"name": "next_frames", "shape": [-1, 1, 3, SIZE, SIZE], "dtype": "float32"},
            "state": {"name": "next_state", "shape": [-1, 7], "dtype": "float32"},
        },
        "about": {
            "data": f"gauntlet dataset: {len(data['episodes'])} simulator episodes, seeds from {index['seed']}, policies {', '.join(index['policies'])}",
            "frames": int(len(data["frames"])),
            "parameters": params,
            "steps": args.steps,
            "batch": args.batch,
            "unroll": args.unroll,
            "graspWeight": args.grasp_weight,
            "eventWeight": args.event_weight,
            "eventProgress": args.event_progress,
            "motionWeight": args.motion_weight,
            "objectWeight": args.object_weight,
            "movedObjectWeight": args.moved_object_weight,
            "warp": args.warp,
            "lossWeights": {"mse": args.mse_weight, "l1": args.l1_weight, "gdl": args.gdl_weight},
            "init": os.path.basename(args.init) if args.init else None,
            "stateWeight": args.state_weight,
            "stateAction": args.state_action,
            "toolYawLoss": args.tool_yaw_loss,
            "trainSeconds": round(train_seconds, 1),
            "heldOutOneStepPsnr": held_psnr,
            "finalLoss": log[-1],
        },
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.out, "train-log.json"), "w") as f:
        json.dump({"log": log, "trainSeconds": round(train_seconds, 1)}, f)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.2f} MB, {params} parameters) in {train_seconds:.0f}s", flush=True)


if __name__ == "__main__":
    main()
