"""Builds the tiny test models of the world-model runtime: a diffusion-kind world model, a judge,
a direct-kind fixture, and a chunk-conditioned direct fixture that scores its own frames. They
exist so the sampler, judge, direct, chunk and own-success paths are exercised by tests, not to
model the simulator.

    /usr/bin/python3 models/wm-tiny-diffusion/make_tiny.py     # about a minute on one CPU thread

The toy world is described in toy_world.py. The judge calls a frame a success when the square's
centre lies right of x = 22 px; progress is x / 31. The chunk fixture is made by
make_tiny_chunk.py, which this script runs last.

Writes, next to this file: model.onnx, manifest.json, judge/judge.onnx, judge/manifest.json,
and packages/world-model/fixtures/{tiny-direct,tiny-chunk}/{model.onnx,manifest.json}.
`--only chunk` writes the chunk fixture alone (as make_tiny_chunk.py does).
"""
import os
import sys

import torch
from torch import nn

from toy_world import ACT_MEAN, ACT_STD, HERE, LAYOUT, PX_PER_M, ROOT, S, STATE_MEAN, STATE_NAMES, STATE_STD, draw, export, fit, image, norm, tensor, write_json
from make_tiny_chunk import write_chunk_fixture

VIEWS = ["third", "wrist"]
HISTORY = [-4, -2, -1]  # context frames, oldest first, relative to the frame being predicted
SIGMA_DATA = 0.5


def episode_batch(b):
    """Context frames at HISTORY offsets, the action, state, and the next frame and state."""
    span = -HISTORY[0]
    pos = torch.rand(b, 2) * 20 + 6
    grip = (torch.rand(b) < 0.5).float()
    traj = []
    for _ in range(span):  # positions t-span .. t-1 by a random walk
        traj.append((pos.clone(), grip.clone()))
        pos = (pos + (torch.rand(b, 2) - 0.5) * 4).clamp(3, S - 4)
    act = torch.zeros(b, 7)
    act[:, :2] = (torch.rand(b, 2) - 0.5) * 0.1
    act[:, 6] = (torch.rand(b) < 0.5).float()
    cur_pos, cur_grip = traj[-1]
    nxt_pos = (cur_pos + act[:, :2] * PX_PER_M).clamp(3, S - 4)
    ctx = torch.stack([draw(*traj[span + h]) for h in HISTORY], 1)  # [B, T, 6, S, S]
    state = torch.zeros(b, 7)
    state[:, :2] = cur_pos
    state[:, 6] = cur_grip
    nxt_state = torch.zeros(b, 7)
    nxt_state[:, :2] = nxt_pos
    nxt_state[:, 6] = act[:, 6]
    return ctx, act, state, draw(nxt_pos, act[:, 6]).unsqueeze(1), nxt_state


class Denoiser(nn.Module):
    """One EDM-preconditioned denoiser step: (context, action, state, noisy, sigma) -> (x0, next state)."""

    def __init__(self):
        super().__init__()
        c = 6 * len(HISTORY) + 6 + 1
        self.cond = nn.Linear(14, 32)
        self.c1 = nn.Conv2d(c, 32, 3, padding=1)
        self.c2 = nn.Conv2d(32, 32, 3, padding=1)
        self.c3 = nn.Conv2d(32, 6, 3, padding=1)
        self.state = nn.Linear(14 + 32, 7)

    def forward(self, frames, actions, state, noisy, sigma):
        b = frames.shape[0]
        s = sigma.view(b, 1, 1, 1)
        c_in = 1 / torch.sqrt(s * s + SIGMA_DATA**2)
        c_skip = SIGMA_DATA**2 / (s * s + SIGMA_DATA**2)
        c_out = s * SIGMA_DATA / torch.sqrt(s * s + SIGMA_DATA**2)
        x = noisy[:, 0]
        noise_map = (torch.log(s) / 4).expand(b, 1, S, S)
        h = torch.cat([frames.reshape(b, -1, S, S) - 0.5, (x - 0.5) * c_in, noise_map], 1)
        cond = torch.cat([actions[:, 0], state], 1)
        film = self.cond(cond).view(b, 32, 1, 1)
        h = torch.relu(self.c1(h) + film)
        h = torch.relu(self.c2(h))
        x0 = c_skip * x + c_out * self.c3(h)
        pooled = h.mean(dim=(2, 3))
        return x0.unsqueeze(1), self.state(torch.cat([cond, pooled], 1))


class Direct(nn.Module):
    """Untrained direct next-frame fixture: (2 context frames of one view, action) -> next frame."""

    def __init__(self):
        super().__init__()
        self.act = nn.Linear(7, 8)
        self.c1 = nn.Conv2d(6, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 3, 3, padding=1)

    def forward(self, frames, actions):
        b = frames.shape[0]
        h = torch.relu(self.c1(frames.reshape(b, 6, S, S)) + self.act(actions[:, 0]).view(b, 8, 1, 1))
        return torch.sigmoid(self.c2(h)).unsqueeze(1)


class Judge(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.c2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.head = nn.Linear(16 * 8 * 8 + 4, 2)

    def forward(self, frame, task):
        b = frame.shape[0]
        h = torch.relu(self.c2(torch.relu(self.c1(frame - 0.5)))).reshape(b, -1)
        out = self.head(torch.cat([h, task], 1))
        return out[:, :1], torch.sigmoid(out[:, 1:])


def denoiser_loss(net):
    ctx, act, state, nxt, nxt_state = episode_batch(32)
    sigma = torch.exp(torch.randn(32) * 1.2 - 1.2)
    noisy = nxt + sigma.view(32, 1, 1, 1, 1) * torch.randn_like(nxt)
    actn = norm(act, ACT_MEAN, ACT_STD).unsqueeze(1)
    actn = torch.where(torch.rand(32, 1, 1) < 0.1, torch.zeros_like(actn), actn)  # for guidance
    x0, st = net(ctx, actn, norm(state, STATE_MEAN, STATE_STD), noisy, sigma)
    weight = (sigma**2 + SIGMA_DATA**2) / (sigma * SIGMA_DATA) ** 2
    return (weight.view(32, 1, 1, 1, 1) * (x0 - nxt) ** 2).mean() + ((st - norm(nxt_state, STATE_MEAN, STATE_STD)) ** 2).mean()


def train_denoiser(steps=400):
    return fit("denoiser", Denoiser(), steps, 2e-3, denoiser_loss)


def judge_loss(net):
    pos = torch.rand(64, 2) * 25 + 3
    frame = draw(pos, (torch.rand(64) < 0.5).float())[:, :3]
    task = torch.zeros(64, 4)
    task[torch.arange(64), torch.randint(0, 4, (64,))] = 1
    logit, progress = net(frame, task)
    success = (pos[:, :1] > 22).float()
    return nn.functional.binary_cross_entropy_with_logits(logit, success) + ((progress - pos[:, :1] / 31) ** 2).mean()


def train_judge(steps=300):
    return fit("judge", Judge(), steps, 3e-3, judge_loss)


def karras(n, lo=0.02, hi=2.0, rho=7.0):
    ramp = [i / (n - 1) for i in range(n)]
    return [round((hi ** (1 / rho) + r * (lo ** (1 / rho) - hi ** (1 / rho))) ** rho, 6) for r in ramp] + [0.0]


def main():
    if sys.argv[1:] == ["--only", "chunk"]:
        write_chunk_fixture()
        return
    T, C = len(HISTORY), 3 * len(VIEWS)
    net, loss = train_denoiser()
    ctx, act, state, nxt, _ = episode_batch(2)
    export(net, (ctx, act.unsqueeze(1), state, nxt, torch.ones(2)), os.path.join(HERE, "model.onnx"),
           ["frames", "actions", "state", "noisy", "sigma"], ["x0", "next_state"])
    manifest = {
        "format": "gauntlet-world-model", "version": 1, "name": "wm-tiny-diffusion", "kind": "diffusion",
        "image": image(VIEWS),
        "context": {"historyIndex": HISTORY},
        "action": {"dim": 7, "layout": LAYOUT, "mean": ACT_MEAN, "std": ACT_STD,
                   "rateHz": 10, "conditioning": "frame", "chunk": 1},
        "state": {"dim": 7, "names": STATE_NAMES, "mean": STATE_MEAN, "std": STATE_STD},
        "files": {"model": "model.onnx"},
        "inputs": {"frames": tensor("frames", [-1, T, C, S, S]), "actions": tensor("actions", [-1, 1, 7]), "state": tensor("state", [-1, 7]),
                   "noisy": tensor("noisy", [-1, 1, C, S, S]), "sigma": tensor("sigma", [-1])},
        "outputs": {"frames": tensor("x0", [-1, 1, C, S, S]), "state": tensor("next_state", [-1, 7])},
        "sampler": {"method": "euler", "steps": 6, "sigmas": karras(6), "guidance": 1.5, "parameterization": "x0"},
        "about": {"trainedOn": "a synthetic moving-square world (make_tiny.py), not the simulator", "steps": 400, "finalLoss": round(loss, 4)},
    }
    write_json(os.path.join(HERE, "manifest.json"), manifest)

    judge, jloss = train_judge()
    os.makedirs(os.path.join(HERE, "judge"), exist_ok=True)
    export(judge, (torch.rand(2, 3, S, S), torch.zeros(2, 4)), os.path.join(HERE, "judge", "judge.onnx"), ["frame", "task"], ["success_logit", "progress"])
    write_json(os.path.join(HERE, "judge", "manifest.json"), {
        "format": "gauntlet-judge", "version": 1, "name": "judge-tiny",
        "image": image(["third"]),
        "tasks": ["pick-lift", "push", "place", "stack"],
        "files": {"model": "judge.onnx"},
        "inputs": {"frame": tensor("frame", [-1, 3, S, S]), "task": tensor("task", [-1, 4])},
        "outputs": {"success": tensor("success_logit", [-1, 1]), "progress": tensor("progress", [-1, 1])},
        "threshold": 0.5,
        "about": {"trainedOn": "synthetic squares: success when the square is right of x = 22 px", "finalLoss": round(jloss, 4)},
    })

    direct_dir = os.path.join(ROOT, "packages", "world-model", "fixtures", "tiny-direct")
    os.makedirs(direct_dir, exist_ok=True)
    export(Direct(), (torch.rand(2, 2, 3, S, S), torch.zeros(2, 1, 7)), os.path.join(direct_dir, "model.onnx"), ["frames", "actions"], ["next_frames"])
    write_json(os.path.join(direct_dir, "manifest.json"), {
        "format": "gauntlet-world-model", "version": 1, "name": "tiny-direct", "kind": "direct",
        "image": image(["third"]),
        "context": {"frames": 2},
        "action": {"dim": 7, "layout": LAYOUT, "mean": ACT_MEAN, "std": ACT_STD,
                   "rateHz": 10, "conditioning": "frame", "chunk": 1},
        "files": {"model": "model.onnx"},
        "inputs": {"frames": tensor("frames", [-1, 2, 3, S, S]), "actions": tensor("actions", [-1, 1, 7])},
        "outputs": {"frames": tensor("next_frames", [-1, 1, 3, S, S])},
        "about": {"trainedOn": "nothing: an untrained test fixture (models/wm-tiny-diffusion/make_tiny.py)"},
    })
    print("wrote", HERE, "and", direct_dir)
    write_chunk_fixture()


if __name__ == "__main__":
    main()
