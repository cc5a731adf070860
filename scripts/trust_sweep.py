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
import pandas as pd
from efficient_eval.data import BENCHMARKS, openllm_v1
from efficient_eval.estimator import get_method
from efficient_eval.evaluate import RESULT_KEYS, evaluate, protocol_data, save_results

OUT = Path(__file__).parent / 'results' / 'trust_sweep.csv'
METHODS = dict(random='random', random_ridge='random_ridge', aipw='aipw', anchor_points='anchor_points',
               anchor_points_ridge='anchor_points_ridge', irt='irt', pirt='pirt', gpirt='gpirt',
               irt_debiased=lambda **kw: get_method('gpirt', debias=True, **kw), cf='cf',
               cf_debiased=lambda **kw: get_method('cf', debias=True, **kw), sparse_linear='sparse_linear',
               sparse_eval='sparse_eval')
FRAC = 0.55

def _done(out)->set:
    "Cells already in the results file (read before each cell: several processes may share one file)."
    if not Path(out).exists(): return set()
    old = pd.read_csv(out)
    return set(map(tuple, old[list(RESULT_KEYS)].astype(str).to_numpy()))

def run(methods, benchmarks, budgets, seeds, protocols, out):
    for p in protocols:
        for b in benchmarks:
            R = openllm_v1(b)
            ok = [k for k in budgets if k <= FRAC * protocol_data(R, p).n_items]
            for m in methods:
                for s in seeds:
                    done = _done(out)
                    todo = [k for k in ok if (b, p, m, str(k), str(s)) not in done]
                    if not todo: continue
                    df = evaluate({m: METHODS[m]}, {b: R}, budgets=todo, seeds=[s], protocol=p, progress=False,
                                  max_budget_frac=FRAC)
                    save_results(df, out)
                    print(p, b, m, s, df[['budget', 'mae', 'coverage', 'extrapolating']].round(3).to_dict('records'), flush=True)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--methods', nargs='+', default=[m for m in METHODS if m != 'sparse_eval'], choices=list(METHODS))
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--budgets', type=int, nargs='+', default=[20, 50, 100], help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['pool', 'leaderboard', 'shift'], help='protocols')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    run(a.methods, a.benchmarks, a.budgets, a.seeds, a.protocols, a.out)
