"""Builds the chunk-conditioned test fixture, packages/world-model/fixtures/tiny-chunk, on the toy
world of toy_world.py. It takes 2 actions per call, predicts the "third" view after each, the state
after both, and a success logit and progress per predicted frame with the tiny judge's rule
(success right of x = 22 px, progress x / 31), so tests cover chunk conditioning and a model that
scores its own frames.

    /usr/bin/python3 models/wm-tiny-diffusion/make_tiny_chunk.py     # about a minute on one CPU thread
"""
import os

import torch
from torch import nn

from toy_world import ACT_MEAN, ACT_STD, LAYOUT, PX_PER_M, ROOT, S, STATE_MEAN, STATE_NAMES, STATE_STD, draw, export, fit, image, norm, tensor, write_json

CHUNK = 2  # actions per call


class Chunk(nn.Module):
    """Chunk-conditioned direct model: (2 context frames of "third", 2 actions, state) ->
    (2 frames, state after both, success logit and progress of each frame). The square's position
    after each action is a linear function of the state and actions, and the scores of that position."""

    def __init__(self):
        super().__init__()
        self.pos = nn.Linear(7 + 14, 2 * CHUNK)
        self.c1 = nn.Conv2d(6 + 2, 16, 3, padding=1)
        self.c2 = nn.Conv2d(16, 3 * CHUNK, 3, padding=1)
        self.success = nn.Linear(1, 1)
        self.progress = nn.Linear(1, 1)

    def forward(self, frames, actions, state):
        b = frames.shape[0]
        xy = self.pos(torch.cat([state, actions.reshape(b, -1)], 1)).view(b, CHUNK, 2)  # normalised, like the state
        maps = xy[:, -1].view(b, 2, 1, 1).expand(b, 2, S, S)
        h = torch.relu(self.c1(torch.cat([frames.reshape(b, 6, S, S) - 0.5, maps], 1)))
        out = torch.sigmoid(self.c2(h)).view(b, CHUNK, 3, S, S)
        nxt = torch.cat([xy[:, -1], state[:, 2:6], actions[:, -1, 6:]], 1)
        x = xy[..., :1].detach()  # [B, K, 1], normalised; the scores read the position, they do not move it
        return out, nxt, self.success(x)[..., 0], self.progress(x)[..., 0], xy


class ExportChunk(nn.Module):
    """The chunk model's graph without the per-action positions it is trained on."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, frames, actions, state):
        return self.net(frames, actions, state)[:4]


def chunk_batch(b):
    """Two context frames, two actions, the state; the two next frames, the state after them, success and progress of each."""
    pos = torch.rand(b, 2) * 20 + 6
    grip = (torch.rand(b) < 0.5).float()
    prev = (pos - (torch.rand(b, 2) - 0.5) * 4).clamp(3, S - 4)
    act = torch.zeros(b, CHUNK, 7)
    act[..., :2] = (torch.rand(b, CHUNK, 2) - 0.5) * 0.1
    act[..., 6] = (torch.rand(b, CHUNK) < 0.5).float()
    ctx = torch.stack([draw(prev, grip)[:, :3], draw(pos, grip)[:, :3]], 1)
    state = torch.zeros(b, 7)
    state[:, :2], state[:, 6] = pos, grip
    frames, xys, cur = [], [], pos
    for k in range(CHUNK):  # positions are not clamped here, so that they are linear in the actions
        cur = cur + act[:, k, :2] * PX_PER_M
        frames.append(draw(cur, act[:, k, 6])[:, :3])
        xys.append(cur)
    nxt_state = torch.zeros(b, 7)
    nxt_state[:, :2], nxt_state[:, 6] = cur, act[:, -1, 6]
    xy = torch.stack(xys, 1)  # [B, K, 2] pixels
    x = xy[..., 0]
    return ctx, act, state, torch.stack(frames, 1), nxt_state, (x > 22).float(), x / 31, xy


def chunk_loss(net):
    ctx, act, state, nxt, nxt_state, success, progress, xy = chunk_batch(64)
    frames, st, logit, prog, pred_xy = net(ctx, norm(act, ACT_MEAN, ACT_STD), norm(state, STATE_MEAN, STATE_STD))
    return (((frames - nxt) ** 2).mean() + ((pred_xy - norm(xy, STATE_MEAN[:2], STATE_STD[:2])) ** 2).mean()
            + nn.functional.binary_cross_entropy_with_logits(logit, success) + ((prog - progress) ** 2).mean())


def train_chunk(steps=1500):
    return fit("chunk", Chunk(), steps, 1e-2, chunk_loss, every=200)


def write_chunk_fixture():
    net, loss = train_chunk()
    out_dir = os.path.join(ROOT, "packages", "world-model", "fixtures", "tiny-chunk")
    os.makedirs(out_dir, exist_ok=True)
    ctx, act, state, *_ = chunk_batch(2)
    export(ExportChunk(net), (ctx, act, state), os.path.join(out_dir, "model.onnx"), ["frames", "actions", "state"], ["next_frames", "next_state", "success_logit", "progress"])
    write_json(os.path.join(out_dir, "manifest.json"), {
        "format": "gauntlet-world-model", "version": 1, "name": "tiny-chunk", "kind": "direct",
        "image": image(["third"]),
        "context": {"frames": 2},
        "action": {"dim": 7, "layout": LAYOUT, "mean": ACT_MEAN, "std": ACT_STD,
                   "rateHz": 10, "conditioning": "chunk", "chunk": CHUNK},
        "state": {"dim": 7, "names": STATE_NAMES, "mean": STATE_MEAN, "std": STATE_STD},
        "files": {"model": "model.onnx"},
        "inputs": {"frames": tensor("frames", [-1, 2, 3, S, S]), "actions": tensor("actions", [-1, CHUNK, 7]), "state": tensor("state", [-1, 7])},
        "outputs": {"frames": tensor("next_frames", [-1, CHUNK, 3, S, S]), "state": tensor("next_state", [-1, 7]),
                    "success": tensor("success_logit", [-1, CHUNK]), "progress": tensor("progress", [-1, CHUNK])},
        "successThreshold": 0.5,
        "about": {"trainedOn": "the synthetic moving-square world (make_tiny_chunk.py): success right of x = 22 px", "steps": 1500, "finalLoss": round(loss, 4)},
    })
    print("wrote", out_dir)


if __name__ == "__main__":
    write_chunk_fixture()
