#!/usr/bin/env bash
# MODE=track (the default): submits the shard array, then the evaluation with --dependency=afterok on the
# whole array. MODE=detect: submits the detection array (mottrack-detect.sbatch), one cache per input.
# Settings come from the environment and travel into the jobs (--export=ALL); each has a default:
#   MODE         track or detect                                              (track)
#   SHARDS       number of array tasks, i.e. mottrack's --shard i/SHARDS      (3)
#   MOT_DATA     the benchmark split, sequence folders with gt/               ($HOME/data/MOT17/train)
#   MOT_SEQMAP   TrackEval seqmap naming the sequences            ($HOME/data/seqmaps/MOT17-train-FRCNN.txt)
#   MOT_RESULTS  one results folder shared by every shard (a shared file system) ($HOME/results/bytetrack)
#   MOTTRACK     the mottrack executable, if it is not on the compute nodes' PATH (mottrack)
# MODE=detect only (MOT_DATA is its input: a split, or a folder of videos or image folders):
#   MOT_CACHE    the cache folder every shard writes into (a shared file system)  ($HOME/cache/mot17-train)
#   MOT_SEQMAP   as above; set it empty to detect every input of MOT_DATA
#   MOT_DETECTOR, MOT_REID  --detector and --reid (empty: the default detector, no ReID)
#   MOTTRACK_MODELS         where the compute nodes find the models (mottrack's own variable)
# Job logs (slurm-<job>_<task>.out) go to the directory you submit from.
# Prints the job ids: "shards <array-id>" and "eval <eval-id>"; with MODE=detect, "detect <array-id>".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export SHARDS="${SHARDS:-3}"
case "$SHARDS" in ''|*[!0-9]*|0) echo "submit.sh: SHARDS must be a positive whole number, not '$SHARDS'" >&2; exit 2 ;; esac
case "${MODE:=track}" in
  track) ;;
  detect)
    array=$(sbatch --parsable --export=ALL --array="1-${SHARDS}" "$here/mottrack-detect.sbatch")
    echo "detect ${array%%;*}"
    exit 0 ;;
  *) echo "submit.sh: MODE must be track or detect, not '$MODE'" >&2; exit 2 ;;
esac
# --array on the command line overrides the script's #SBATCH --array=1-3, so SHARDS alone sets the split.
array=$(sbatch --parsable --export=ALL --array="1-${SHARDS}" "$here/mottrack-shards.sbatch")
array=${array%%;*}
final=$(sbatch --parsable --export=ALL --dependency="afterok:${array}" "$here/mottrack-eval.sbatch")
echo "shards ${array}"
echo "eval ${final%%;*}"
