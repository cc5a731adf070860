"""The sweep behind the adaptive pages: `cat` against the fixed-anchor methods, `cat`'s stopping rule, and TailoredBench.

Part `compare`: cat (both criteria), gpirt and random_ridge on the six benchmarks at budgets 10 / 20 / 50 / 100 (those
within 55 % of a block's items), the leaderboard and pool protocols, five seeds. Part `stop`: cat with a budget of 100
(50 on the blocks too small for 100) and `stop_se` of 0.03, 0.02 and 0.015, pool and leaderboard protocols, five
seeds: its MAE and the items it asked, on average. Part `tailored`: TailoredBench against Anchor Points and
random_ridge at budgets 20 and 50, pool protocol, five seeds. Part `sources`: TailoredBench with its default cap on
source models (`max_sources`) against the paper's count uncapped, budget 50, pool protocol, five seeds. One row per cell goes to
scripts/results/adaptive_sweep.csv, stamped with the code version; a rerun skips the cells already there:

    OMP_NUM_THREADS=1 python scripts/adaptive_sweep.py --part compare
    OMP_NUM_THREADS=1 python scripts/adaptive_sweep.py --part stop
    OMP_NUM_THREADS=1 python scripts/adaptive_sweep.py --part tailored --protocols pool
    OMP_NUM_THREADS=1 python scripts/adaptive_sweep.py --part sources --protocols pool
"""
from __future__ import annotations
import argparse
from pathlib import Path
from efficient_eval.data import BENCHMARKS
from efficient_eval.estimator import get_method
from sweep_cells import run_cells

OUT = Path(__file__).parent / 'results' / 'adaptive_sweep.csv'
FRAC = 0.55
STOP_SE = (0.03, 0.02, 0.015)
COMPARE = dict(cat='cat', cat_fisher=lambda **kw: get_method('cat', criterion='fisher', **kw), gpirt='gpirt',
               random_ridge='random_ridge')
TAILORED = dict(tailored_bench='tailored_bench', anchor_points='anchor_points', random_ridge='random_ridge')
SOURCES = dict(tailored_bench='tailored_bench',
               tailored_all_sources=lambda **kw: get_method('tailored_bench', max_sources=None, **kw))
STOP = {f'cat_se{s}': (lambda s: lambda **kw: get_method('cat', stop_se=s, **kw))(s) for s in STOP_SE}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--part', choices=['compare', 'stop', 'tailored', 'sources'], required=True, help='which part of the sweep')
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['pool', 'leaderboard'], help='protocols')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    if a.part == 'compare': run_cells(COMPARE, a.benchmarks, [10, 20, 50, 100], a.seeds, a.protocols, a.out, FRAC)
    elif a.part == 'stop':   # a budget of 100, or 50 on the blocks too small for 100
        run_cells(STOP, a.benchmarks, [100], a.seeds, a.protocols, a.out, FRAC,
                  budgets_for=lambda m, ok, n: ok or ([50] if 50 <= FRAC * n else []))
    elif a.part == 'sources': run_cells(SOURCES, a.benchmarks, [50], a.seeds, a.protocols, a.out, FRAC)
    else: run_cells(TAILORED, a.benchmarks, [20, 50], a.seeds, a.protocols, a.out, FRAC)
