"""The toy world of the tiny test models (make_tiny.py, make_tiny_chunk.py), with the training loop
and ONNX export they share. One coloured square on a grey background, seen from two views ("third",
and "wrist" = the same picture mirrored left-right). Action components dx, dy move it by 40 px per
metre (so a full 0.05 m step moves it 2 px); the gripper component picks its colour (1 = red,
0 = blue). The state is [x, y, 0, 0, 0, 0, gripper] in pixels. Importing it seeds torch (0) and
uses one thread, so every build is reproducible.
"""
import json
import os

import torch

torch.manual_seed(0)
torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
S = 32  # image size
ACT_MEAN = [0.0] * 6 + [0.5]
ACT_STD = [0.025] * 6 + [0.5]
STATE_MEAN = [16.0, 16.0, 0, 0, 0, 0, 0.5]
STATE_STD = [8.0, 8.0, 1, 1, 1, 1, 0.5]
PX_PER_M = 40.0
LAYOUT = ["dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper"]  # the 7-D end-effector delta action
STATE_NAMES = ["x", "y", "z", "roll", "pitch", "yaw", "gripper"]


def draw(pos, grip):
    """pos [B,2] pixels, grip [B] in {0,1} -> frames [B, 2 views * 3, S, S] in [0,1]."""
    b = pos.shape[0]
    ys = torch.arange(S).view(1, S, 1).float()
    xs = torch.arange(S).view(1, 1, S).float()
    inside = ((xs - pos[:, 0].view(b, 1, 1)).abs() <= 3) & ((ys - pos[:, 1].view(b, 1, 1)).abs() <= 3)
    colour = torch.stack([grip, torch.full_like(grip, 0.2), 1 - grip], 1).view(b, 3, 1, 1)
    third = torch.where(inside.unsqueeze(1), colour, torch.full((b, 3, S, S), 0.5))
    return torch.cat([third, third.flip(-1)], 1)


def norm(x, mean, std):
    return (x - torch.tensor(mean)) / torch.tensor(std)


def fit(label, net, steps, lr, loss_of, every=100):
    """Adam on a fresh batch's loss each step (`loss_of(net)`); returns the net and its last loss."""
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for step in range(steps):
        loss = loss_of(net)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps - 1:
            print(f"{label} step {step} loss {loss.item():.4f}")
    return net, loss.item()


def export(net, args, path, inputs, outputs):
    net.eval()
    axes = {n: {0: "batch"} for n in inputs + outputs}
    torch.onnx.export(net, args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes, opset_version=17)


def tensor(name, shape):
    return {"name": name, "shape": shape, "dtype": "float32"}


def image(views):
    """A manifest's image section: S x S RGB in [0, 1]."""
    return {"width": S, "height": S, "channels": 3, "views": views, "range": [0, 1]}


def write_json(path, obj):
    """A manifest as the runtime reads it: 2-space indent, trailing newline."""
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
