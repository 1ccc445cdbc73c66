"""The reference world model's network (`direct` kind), shared by train.py and export.py.

The 4 context frames (64x64 RGB in [0, 1], oldest first) are stacked into 12 channels, folded
space-to-depth to 48 channels at 32x32 (no pixel is lost, the convolutions cost a quarter), and go
through a small U-Net (32 -> 16 -> 8). The normalised action and state are embedded by an MLP that
modulates every decoder level and the bottleneck with FiLM (scale and shift per channel). With
`warp` the decoder also predicts a flow field that moves the last frame's pixels (bilinear
resampling, opset 16 GridSample), so an arm and what it holds move together and stay sharp; the
decoder's residual is added to the moved frame (without it, to the last frame), clamped to [0, 1].
A head on the pooled bottleneck predicts the change of the normalised state.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

SIZE = 64
CONTEXT = 4


def block(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1), nn.GroupNorm(8, cout), nn.SiLU())


class Film(nn.Module):
    """Per-channel scale and shift from the conditioning vector (initialised to the identity)."""

    def __init__(self, cond, channels):
        super().__init__()
        self.lin = nn.Linear(cond, 2 * channels)
        nn.init.zeros_(self.lin.weight)
        nn.init.zeros_(self.lin.bias)

    def forward(self, x, c):
        g, b = self.lin(c).chunk(2, dim=1)
        return x * (1 + g[:, :, None, None]) + b[:, :, None, None]


def space_to_depth(x):
    """[B, C, 64, 64] -> [B, 4C, 32, 32]: the U-Net runs at half resolution without losing pixels."""
    b, c, h, w = x.shape
    return x.reshape(b, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4).reshape(b, c * 4, h // 2, w // 2)


def depth_to_space(x):
    """The inverse of space_to_depth."""
    b, c4, h, w = x.shape
    c = c4 // 4
    return x.reshape(b, c, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3).reshape(b, c, h * 2, w * 2)


class WorldModel(nn.Module):
    def __init__(self, widths=(32, 48, 64), cond=96, warp=False, state_action=False):
        super().__init__()
        self.warp = warp
        w1, w2, w3 = widths
        self.cond = nn.Sequential(nn.Linear(14, cond), nn.SiLU(), nn.Linear(cond, cond), nn.SiLU())
        self.e1 = block(3 * CONTEXT * 4, w1)                         # 32x32
        self.e2 = nn.Sequential(block(w1, w2, 2), block(w2, w2))     # 16x16
        self.e3 = nn.Sequential(block(w2, w3, 2), block(w3, w3))     # 8x8
        self.f3 = Film(cond, w3)
        self.mid = nn.Sequential(block(w3, w3), block(w3, w3))
        self.fm = Film(cond, w3)
        self.d2 = block(w3 + w2, w2)
        self.f2 = Film(cond, w2)
        self.d1 = block(w2 + w1, w1)
        self.f1 = Film(cond, w1)
        self.out = nn.Conv2d(w1, 3 * 4, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.state_head = nn.Sequential(nn.Linear(w3 + cond + 7, 128), nn.SiLU(), nn.Linear(128, 7))
        if state_action:
            # The action's direct, linear part of the state change (the end effector moves by the
            # commanded delta, less the controller's lag): the head alone, reading the action only
            # through the conditioning embedding, drifted more in one step than integrating it.
            # Zero-initialised, so a model without it fine-tunes from where it was.
            self.state_action = nn.Linear(7, 7)
            nn.init.zeros_(self.state_action.weight)
            nn.init.zeros_(self.state_action.bias)
        if warp:
            # A flow field that moves the last frame's pixels (the arm and whatever it holds move
            # together, sharp) before the residual; zero-initialised, so it starts as the identity.
            self.flow = nn.Conv2d(w1, 2, 3, padding=1)
            nn.init.zeros_(self.flow.weight)
            nn.init.zeros_(self.flow.bias)
            ys, xs = torch.meshgrid(torch.linspace(-1 + 1 / SIZE, 1 - 1 / SIZE, SIZE), torch.linspace(-1 + 1 / SIZE, 1 - 1 / SIZE, SIZE), indexing="ij")
            self.register_buffer("grid", torch.stack([xs, ys], dim=-1)[None], persistent=False)

    def forward(self, frames, actions, state):
        """frames [B, 4, 3, 64, 64] in [0, 1]; actions [B, 1, 7] and state [B, 7] normalised."""
        b = frames.shape[0]
        last = frames[:, -1]
        c = self.cond(torch.cat([actions[:, 0], state], dim=1))
        x1 = self.e1(space_to_depth(frames.reshape(b, 3 * CONTEXT, SIZE, SIZE) * 2 - 1))
        x2 = self.e2(x1)
        x3 = self.fm(self.mid(self.f3(self.e3(x2), c)), c)
        up = lambda x: F.interpolate(x, scale_factor=2.0, mode="nearest")
        y = self.f2(self.d2(torch.cat([up(x3), x2], 1)), c)
        y = self.f1(self.d1(torch.cat([up(y), x1], 1)), c)
        base = last
        if self.warp:
            flow = 0.25 * torch.tanh(F.interpolate(self.flow(y), scale_factor=2.0, mode="bilinear", align_corners=False))
            base = F.grid_sample(last, self.grid + flow.permute(0, 2, 3, 1), mode="bilinear", padding_mode="border", align_corners=False)
        frame = torch.clamp(base + depth_to_space(self.out(y)), 0.0, 1.0)
        return frame[:, None], self.next_state(x3, c, actions, state)

    def next_state(self, x3, c, actions, state):
        """The state estimate one step on, from the bottleneck features, the conditioning and the action."""
        step = self.state_head(torch.cat([x3.mean(dim=(2, 3)), c, state], dim=1))
        if hasattr(self, "state_action"):
            step = step + self.state_action(actions[:, 0])
        return state + step
