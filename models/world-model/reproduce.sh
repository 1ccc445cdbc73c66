#!/usr/bin/env bash
# Rebuilds the reference world model and its judge from nothing (`npm run train:world-model`):
# simulator dataset (gauntlet dataset), world-model training and ONNX export, judge training and
# export. Prints the time of each stage. Then measure them with `npx gauntlet validate`.
set -euo pipefail
cd "$(dirname "$0")/../.."
stage() { local name=$1; shift; local t0=$SECONDS; "$@"; echo "== $name: $((SECONDS - t0)) s"; }
stage dataset npx tsx apps/cli/src/main.ts dataset --out models/world-model/data --episodes 144 --seed 20000
stage world-model /usr/bin/python3 models/world-model/train.py --data models/world-model/data --steps 4000
stage judge /usr/bin/python3 models/judge/train.py --data models/world-model/data --steps 1500
echo "== total: $SECONDS s. Next: npx tsx apps/cli/src/main.ts validate --out runs/validate"
