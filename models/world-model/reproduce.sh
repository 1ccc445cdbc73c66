#!/usr/bin/env bash
# Rebuilds the reference world model and its judge from nothing (`npm run train:world-model`):
# the simulator dataset (gauntlet dataset), then six world-model stages, each starting from the
# previous one's weights (world-model.pt, git-ignored), then the judge. Prints the time of each stage.
# Then measure them with `npx gauntlet validate`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Training runs on Debian's torch (PyPI is not reachable here): install it where it is missing.
if ! /usr/bin/python3 -c "import torch, onnx, numpy" 2>/dev/null; then
  sudo=(); [[ "$(id -u)" == 0 ]] || sudo=(sudo -n)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends python3-torch python3-onnx python3-numpy
fi
stage() { local name=$1; shift; local t0=$SECONDS; "$@"; echo "== $name: $((SECONDS - t0)) s"; }
train() { /usr/bin/python3 models/world-model/train.py --data models/world-model/data --out models/world-model "$@"; }
pt=models/world-model/world-model.pt
stage dataset npx tsx apps/cli/src/main.ts dataset --out models/world-model/data --episodes 200 --after-success 10 --seed 20000
# 1. The U-Net, next frame as a residual on the last one; MSE, short unroll.
stage "world model 1/6 (base)" train --steps 4000 --unroll 3 --unroll-from 0.6 --lr 2e-3 --mse-weight 1 --l1-weight 0.1 --object-weight 0 --state-weight 0.01
# 2. Add the flow head (the last frame's pixels are moved before the residual); L1 + edge loss, object pixels weighted, 6-step unroll.
stage "world model 2/6 (flow)" train --init $pt --warp --steps 2000 --unroll 6 --unroll-from 0.2 --lr 1e-3 --mse-weight 0.1 --l1-weight 1 --gdl-weight 1 --object-weight 10 --state-weight 0.05
# 3. Weight the pixels objects enter or leave (grasps, pushes) on top.
stage "world model 3/6 (moved objects)" train --init $pt --warp --steps 2500 --unroll 6 --unroll-from 0 --lr 5e-4 --threads 2 --mse-weight 0.1 --l1-weight 1 --gdl-weight 1 --object-weight 10 --moved-object-weight 20 --state-weight 0.05
# 4. Sample contact windows (the gripper closes or opens, or success changes) 5x as often as the rest.
stage "world model 4/6 (contact events)" train --init $pt --warp --steps 3000 --unroll 6 --unroll-from 0 --lr 3e-4 --mse-weight 0.1 --l1-weight 1 --gdl-weight 1 --object-weight 10 --moved-object-weight 20 --state-weight 0.05 --event-weight 4
# 5. The state estimate policies act on: a learned action-to-state term, and the tool's yaw (yaw - roll) as the orientation loss.
stage "world model 5/6 (state estimate)" train --init $pt --warp --state-action --tool-yaw-loss --steps 2000 --unroll 6 --unroll-from 0 --lr 3e-4 --threads 2 --mse-weight 0.1 --l1-weight 1 --gdl-weight 1 --object-weight 10 --moved-object-weight 20 --state-weight 1.0 --event-weight 4
# 6. Read context frames 16, 8, 2 and 1 steps back instead of the last four, so an object the arm hides for longer than 4 steps is remembered.
stage "world model 6/6 (spread context)" train --init $pt --warp --state-action --tool-yaw-loss --history=-16,-8,-2,-1 --steps 2000 --unroll 6 --unroll-from 0 --lr 3e-4 --threads 2 --mse-weight 0.1 --l1-weight 1 --gdl-weight 1 --object-weight 10 --moved-object-weight 20 --state-weight 1.0 --event-weight 4
stage judge /usr/bin/python3 models/judge/train.py --data models/world-model/data --steps 1500
echo "== total: $SECONDS s. Next: npx tsx apps/cli/src/main.ts validate --out runs/validate"
