#!/usr/bin/env bash
# Submits the shard array, then the evaluation with --dependency=afterok on the whole array.
set -euo pipefail
cd "$(dirname "$0")"
array=$(sbatch --parsable --export=ALL mottrack-shards.sbatch)
sbatch --dependency="afterok:${array}" --export=ALL mottrack-eval.sbatch
