"""SparseEval's ablation and comparison grid: pool protocol, six benchmarks, budgets 20/30/50/100, 5 seeds.

A thin command line over `efficient_eval.sparse.experiments.run_grid` (the notebook `42_sparse_experiments` defines it
and reads the results): every one-switch variant of SparseEval and the baselines (random_ridge, anchor_points, gpirt)
on each benchmark, at the budgets below half its block's items. Every finished cell is written at once, stamped with
the code version, to one file, scripts/results/sparse_grid.csv, and a rerun runs only the cells the file lacks (with
--rerun changed, also those an older code version made). A run is slow on a CPU (25 to 90 s per SparseEval fit on one
core), so shard it over processes; they share the file safely:

    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --benchmarks arc gsm8k hellaswag &
    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --benchmarks mmlu truthfulqa winogrande &
    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --claim    # only the claim: three methods at 50 items
    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --benchmarks arc --budgets 20 --methods sparse_eval linear
    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --methods linear --rerun changed    # after a change to the linear form
"""
from __future__ import annotations
import argparse
from pathlib import Path
from efficient_eval.data import BENCHMARKS
from efficient_eval.sparse.experiments import CLAIM, run_grid, variants

OUT = Path(__file__).parent / 'results' / 'sparse_grid.csv'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks to run')
    ap.add_argument('--budgets', type=int, nargs='+', default=[20, 30, 50, 100], help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='model splits')
    ap.add_argument('--methods', nargs='+', default=None, choices=list(variants()), help='a subset of the labels (default: all)')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    ap.add_argument('--device', default=None, help='torch device')
    ap.add_argument('--rerun', default='never', choices=['never', 'changed', 'always'],
                    help="cells the file already holds: never rerun, rerun those an older code version made, rerun all")
    ap.add_argument('--claim', action='store_true',
                    help="the claim's run only: sparse_eval, linear and random_ridge at 50 items, HellaSwag's 97-item block "
                         "included (max_budget_frac=0.6)")
    a = ap.parse_args()
    if a.claim: run_grid(a.benchmarks, [50], a.seeds, list(CLAIM), a.out, a.device, max_budget_frac=0.6, rerun=a.rerun)
    else: run_grid(a.benchmarks, a.budgets, a.seeds, a.methods, a.out, a.device, rerun=a.rerun)
