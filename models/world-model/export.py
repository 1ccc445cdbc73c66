#!/usr/bin/env python3
"""Exports a trained world model to ONNX as the graph that runs fastest on onnxruntime's CPU provider.

`train.py` calls `export_onnx` at the end of every stage. Run alone, it re-exports the weights of an
existing `model.onnx` of either layout (the stages' .pt checkpoints are not committed):

    /usr/bin/python3 models/world-model/export.py --from-onnx models/world-model/model.onnx --out /tmp/model.onnx

The training module and the exported graph compute the same function, to float rounding (the export
checks it on random inputs); the graph only trades ops onnxruntime runs slowly for ones it runs fast.
Profiled on batch 16 (onnxruntime-node 1.30, one thread), the training layout spent about a quarter
of its time outside convolutions moving data:
- space-to-depth (reshape + transpose of the 786k-value input) followed by the first 3x3 convolution
  is one 6x6 convolution with stride 2 and padding 2 on the full-resolution frames;
- the input's affine map x*2-1 is folded into that convolution's weights, and its effect on the
  zero padding into a constant offset map added to the output;
- depth-to-space is ONNX DepthToSpace (PixelShuffle) instead of reshape + transpose;
- the decoder's skip concatenations are two convolutions summed, so no concatenated copy is made;
- reshapes have constant shapes, so no shape arithmetic runs per call.
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

from wm_model import CONTEXT, SIZE, WorldModel

# In forward order: the order of their registration in WorldModel.
GROUP_NORMS = [name for name, m in WorldModel().named_modules() if isinstance(m, nn.GroupNorm)]
NAMES = {"inputs": ["frames", "actions", "state"], "outputs": ["next_frames", "next_state"]}


def full_resolution_weights(w, inverse=False):
    """[O, 4C, 3, 3] weights of a 3x3 conv after space-to-depth <-> [O, C, 6, 6] of the stride-2 conv
    on the full-resolution input. Input channel c*4 + a*2 + b of the folded input is pixel
    (2i+a, 2j+b) of channel c, and its tap dy reads full-resolution row 2(i+dy-1)+a = 2i + (2dy+a) - 2."""
    out_ch, ch = w.shape[0], w.shape[1] if inverse else w.shape[1] // 4  # ch: channels of the full-resolution input
    other = torch.zeros(out_ch, 4 * ch, 3, 3) if inverse else torch.zeros(out_ch, ch, 6, 6)
    for a in range(2):
        for b in range(2):
            if inverse:
                other[:, a * 2 + b :: 4] = w[:, :, a::2, b::2]
            else:
                other[:, :, a::2, b::2] = w[:, a * 2 + b :: 4]
    return other


def inside_taps(w6):
    """[1, O, H/2, W/2]: the 6x6 stride-2 conv of an all-ones image, i.e. the sum of the taps that fall inside it at each position."""
    with torch.no_grad():
        return F.conv2d(torch.ones(1, w6.shape[1], SIZE, SIZE), w6, None, stride=2, padding=2)


def full_resolution_conv(conv, scale, shift):
    """conv3x3(pad 1)(space_to_depth(scale*x + shift)) as conv6x6(stride 2, pad 2)(x) + offset map."""
    w6 = full_resolution_weights(conv.weight.data)
    folded = nn.Conv2d(w6.shape[1], w6.shape[0], 6, stride=2, padding=2, bias=False)
    folded.weight.data = scale * w6
    # The shift reaches only taps inside the image (the padding is zero after the affine map): its
    # contribution depends on the position, so it is a constant [1, O, H/2, W/2] map, bias included.
    offset = conv.bias.data[None, :, None, None] + shift * inside_taps(w6)
    return folded, offset


def split_conv(conv, first):
    """conv(cat([a, b])) == conv_a(a) + conv_b(b), with `first` input channels in a."""
    a = nn.Conv2d(first, conv.out_channels, 3, padding=1)
    b = nn.Conv2d(conv.in_channels - first, conv.out_channels, 3, padding=1, bias=False)
    a.weight.data = conv.weight.data[:, :first].clone()
    a.bias.data = conv.bias.data.clone()
    b.weight.data = conv.weight.data[:, first:].clone()
    return a, b


class InferenceWorldModel(nn.Module):
    """The trained WorldModel's forward, rewritten with the ops above; holds its own copies of the weights."""

    def __init__(self, m):
        super().__init__()
        self.m = m
        self.e1conv, offset = full_resolution_conv(m.e1[0], 2.0, -1.0)
        self.register_buffer("e1offset", offset)
        w3 = m.mid[1][0].out_channels
        self.d2a, self.d2b = split_conv(m.d2[0], w3)
        self.d1a, self.d1b = split_conv(m.d1[0], m.d2[0].out_channels)
        self.shuffle = nn.PixelShuffle(2)

    def forward(self, frames, actions, state):
        m = self.m
        last = frames[:, -1]
        c = m.cond(torch.cat([actions[:, 0], state], dim=1))
        x1 = m.e1[2](m.e1[1](self.e1conv(frames.reshape(-1, 3 * CONTEXT, SIZE, SIZE)) + self.e1offset))
        x2 = m.e2(x1)
        x3 = m.fm(m.mid(m.f3(m.e3(x2), c)), c)
        up = lambda x: F.interpolate(x, scale_factor=2.0, mode="nearest")
        y = m.f2(m.d2[2](m.d2[1](self.d2a(up(x3)) + self.d2b(x2))), c)
        y = m.f1(m.d1[2](m.d1[1](self.d1a(up(y)) + self.d1b(x1))), c)
        base = last
        if m.warp:
            flow = 0.25 * torch.tanh(F.interpolate(m.flow(y), scale_factor=2.0, mode="bilinear", align_corners=False))
            base = F.grid_sample(last, m.grid + flow.permute(0, 2, 3, 1), mode="bilinear", padding_mode="border", align_corners=False)
        frame = torch.clamp(base + self.shuffle(m.out(y)), 0.0, 1.0)
        return frame[:, None], m.next_state(x3, c, actions, state)


def export_onnx(model, path, tolerance=1e-4):
    """Writes the inference graph of `model` to `path` (opset 17, dynamic batch) after checking it matches the training forward."""
    model.eval()
    fast = InferenceWorldModel(model).eval()
    g = torch.Generator().manual_seed(0)
    probe = (torch.rand(8, CONTEXT, 3, SIZE, SIZE, generator=g), torch.randn(8, 1, 7, generator=g), torch.randn(8, 7, generator=g))
    with torch.no_grad():
        want, got = model(*probe), fast(*probe)
    diff = max(float((a - b).abs().max()) for a, b in zip(want, got))
    if diff > tolerance:
        raise SystemExit(f"export: the inference graph differs from the training forward by {diff:.2e} (> {tolerance:.0e})")
    dummy = (torch.rand(1, CONTEXT, 3, SIZE, SIZE), torch.zeros(1, 1, 7), torch.zeros(1, 7))
    torch.onnx.export(
        fast, dummy, path, opset_version=17, input_names=NAMES["inputs"], output_names=NAMES["outputs"],
        dynamic_axes={k: {0: "batch"} for k in NAMES["inputs"] + NAMES["outputs"]},
    )
    return diff


def weights_from_onnx(path):
    """The training-layout state dict of an ONNX export of either layout (training forward, or this file's inference graph)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(path).graph
    inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    # torch folds each GroupNorm's affine into a Mul and an Add on anonymous [C, 1, 1] constants, in forward order.
    affine = lambda op: [n.input[1] for n in graph.node if n.op_type == op and len(n.input) > 1 and n.input[1] in inits and n.input[1].startswith("onnx::") and inits[n.input[1]].dim() == 3]
    scales, shifts = affine("Mul"), affine("Add")
    if not len(scales) == len(shifts) == len(GROUP_NORMS):
        raise SystemExit(f"{path}: found {len(scales)} GroupNorm scales and {len(shifts)} shifts, expected {len(GROUP_NORMS)}")
    state = {}
    for name, s, t in zip(GROUP_NORMS, scales, shifts):
        state[f"{name}.weight"], state[f"{name}.bias"] = inits[s].reshape(-1), inits[t].reshape(-1)
    if "e1.0.weight" in inits:
        state.update({k: v for k, v in inits.items() if not k.startswith("onnx::")})
    elif "e1conv.weight" in inits:
        state.update({k[2:]: v for k, v in inits.items() if k.startswith("m.")})
        # Undo full_resolution_conv (scale 2, shift -1) and split_conv.
        w6 = inits["e1conv.weight"] / 2.0
        state["e1.0.weight"] = full_resolution_weights(w6, inverse=True)
        state["e1.0.bias"] = (inits["e1offset"] + inside_taps(w6))[0, :, 0, 0]
        for d in ("d2", "d1"):
            state[f"{d}.0.weight"] = torch.cat([inits[f"{d}a.weight"], inits[f"{d}b.weight"]], dim=1)
            state[f"{d}.0.bias"] = inits[f"{d}a.bias"]
    else:
        raise SystemExit(f"{path}: neither a training-layout (e1.0.weight) nor an inference-layout (e1conv.weight) world model")
    return state


def model_from_onnx(path):
    """A WorldModel holding the weights of an ONNX export of either layout."""
    state = weights_from_onnx(path)
    model = WorldModel(warp="flow.weight" in state, state_action="state_action.weight" in state)
    model.load_state_dict(state, strict=True)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from-onnx", required=True, help="a model.onnx (training or inference layout) whose weights to export")
    ap.add_argument("--out", required=True, help="where to write the inference graph")
    args = ap.parse_args()
    torch.set_num_threads(1)
    model = model_from_onnx(args.from_onnx)
    diff = export_onnx(model, args.out)
    print(f"wrote {args.out}: inference graph, max |difference| to the training forward {diff:.1e}")


if __name__ == "__main__":
    main()
