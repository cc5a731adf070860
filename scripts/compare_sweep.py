"""The comparison page's sweep: every registered method (and the debiased forms) at budgets 10 / 20 / 50 / 100.

Six benchmarks, the pool, leaderboard and shift protocols, five seeds, through `evaluate` (budgets within 55 % of a
block's items; `sparse_eval`, whose fit takes minutes, at 50 items only). The cells that `trust_sweep.csv` and
`adaptive_sweep.csv` already hold (same method, settings, split and budget) are not run again: this file holds the
rest, one row per cell, stamped with the code version; a rerun skips the cells already there:

    OMP_NUM_THREADS=1 python scripts/compare_sweep.py [--methods ...]
"""
from __future__ import annotations
import argparse
from pathlib import Path
from efficient_eval.data import BENCHMARKS
from efficient_eval.estimator import get_method
from sweep_cells import run_cells

HERE = Path(__file__).parent / 'results'
OUT = HERE / 'compare_sweep.csv'
EARLIER = (HERE / 'trust_sweep.csv', HERE / 'adaptive_sweep.csv')
FRAC = 0.55
METHODS = dict(random='random', random_ridge='random_ridge', aipw='aipw', anchor_points='anchor_points',
               anchor_points_ridge='anchor_points_ridge', irt='irt', pirt='pirt', gpirt='gpirt',
               irt_debiased=lambda **kw: get_method('gpirt', debias=True, **kw), cf='cf',
               cf_debiased=lambda **kw: get_method('cf', debias=True, **kw), sparse_linear='sparse_linear',
               sparse_eval='sparse_eval', cat='cat', cat_fisher=lambda **kw: get_method('cat', criterion='fisher', **kw),
               cat_debiased=lambda **kw: get_method('cat', debias=True, **kw),
               sort_and_search='sort_and_search', tailored_bench='tailored_bench')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--methods', nargs='+', default=list(METHODS), choices=list(METHODS))
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--budgets', type=int, nargs='+', default=[10, 20, 50, 100], help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['pool', 'leaderboard', 'shift'], help='protocols')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    run_cells({m: METHODS[m] for m in a.methods}, a.benchmarks, a.budgets, a.seeds, a.protocols, a.out, FRAC,
              also_done=EARLIER, budgets_for=lambda m, ok, n: [k for k in ok if m != 'sparse_eval' or k == 50])
