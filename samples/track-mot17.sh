#!/usr/bin/env bash
# Tracks the public detections of every staged MOT17 training sequence into runs/mot17/.
# Usage: samples/track-mot17.sh [path/to/MOT17/train]
set -euo pipefail
train=${1:-../shared/data/MOT17/train}
out=runs/mot17
mkdir -p "$out"
for seq in "$train"/*/; do
  name=$(basename "$seq")
  dotnet run --project src/MotTracker.Cli -c Release -- track "$seq" -o "$out/$name.txt" --overwrite
done
