"""The trust notebook's sweep: every method's MAE, interval coverage and width, and the frontier guard's rate.

Six benchmarks, budgets 20 / 50 / 100 (those within 55 % of a block's items, so that HellaSwag's 97 items take 50),
the pool, leaderboard and shift protocols, five seeds, through `evaluate` (200 test and 200 validation models per
split; the shift protocol takes history and validation models below the 70 % quantile of the pool target and test
models above the 85 % one). One row per cell goes to scripts/results/trust_sweep.csv, stamped with the code version,
as soon as the cell is done; a rerun skips the cells already there, so an interrupted sweep resumes:

    OMP_NUM_THREADS=1 python scripts/trust_sweep.py                       # every method but sparse_eval
    OMP_NUM_THREADS=1 python scripts/trust_sweep.py --methods sparse_eval --budgets 50
"""
from __future__ import annotations
import argparse
from pathlib import Path
from efficient_eval.data import BENCHMARKS
from efficient_eval.estimator import get_method
from sweep_cells import run_cells

OUT = Path(__file__).parent / 'results' / 'trust_sweep.csv'
METHODS = dict(random='random', random_ridge='random_ridge', aipw='aipw', anchor_points='anchor_points',
               anchor_points_ridge='anchor_points_ridge', irt='irt', pirt='pirt', gpirt='gpirt',
               irt_debiased=lambda **kw: get_method('gpirt', debias=True, **kw), cf='cf',
               cf_debiased=lambda **kw: get_method('cf', debias=True, **kw), sparse_linear='sparse_linear',
               sparse_eval='sparse_eval')
FRAC = 0.55

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--methods', nargs='+', default=[m for m in METHODS if m != 'sparse_eval'], choices=list(METHODS))
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--budgets', type=int, nargs='+', default=[20, 50, 100], help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['pool', 'leaderboard', 'shift'], help='protocols')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    run_cells({m: METHODS[m] for m in a.methods}, a.benchmarks, a.budgets, a.seeds, a.protocols, a.out, FRAC)
