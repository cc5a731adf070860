"""How much an estimate moves with the seed and with the order of the history's rows (and items), per method.

On a benchmark's pool block: 100 test models and a history of 300 other models (both drawn once, seed 0), budget 20,
no validation models given (each method holds out what it needs from the history). Every method is fitted with
random_state 0..4, once more on the history with its rows shuffled, and once with its rows and items shuffled
(the new models' results shuffled alike). One row per method and benchmark goes to scripts/results/order_seed.csv:

- seed_diff_mean / seed_diff_max: |estimate(seed 0) - estimate(seed 1)| over the test models, in pp;
- seed_range_mean: the mean over test models of (max - min) of the five seeds' estimates, in pp;
- mae_mean / mae_sd: MAE over the five seeds;
- rows_max / rows_items_max: the largest change of an estimate when the rows (and the items) are shuffled, in pp.

    OMP_NUM_THREADS=1 python scripts/order_seed.py --benchmarks arc winogrande
"""
from __future__ import annotations
import argparse, time
from pathlib import Path
import numpy as np
import pandas as pd
from efficient_eval.data import openllm_v1
from efficient_eval.estimator import get_method, list_methods
from efficient_eval.evaluate import protocol_data, save_results
from efficient_eval.metrics import mae

OUT = Path(__file__).parent / 'results' / 'order_seed.csv'

def scores(est, test): return 100 * np.asarray(est.estimate_many(test), dtype=np.float64)

def run(benchmarks, methods, budget, out, tag):
    for b in benchmarks:
        R = protocol_data(openllm_v1(b), 'pool')
        rng = np.random.default_rng(0)
        pick = rng.permutation(R.n_models)
        test, hist = R[np.sort(pick[:100])], R[np.sort(pick[100:400])]
        rows, items = np.random.default_rng(1).permutation(hist.n_models), np.random.default_rng(2).permutation(hist.n_items)
        for m in methods:
            t0 = time.perf_counter()
            by_seed = np.stack([scores(get_method(m, budget=budget, random_state=s).fit(hist), test) for s in range(5)])
            base = by_seed[0]
            shuffled = scores(get_method(m, budget=budget, random_state=0).fit(hist[rows]), test)
            both = scores(get_method(m, budget=budget, random_state=0).fit(hist[rows][:, items]), test[:, items])
            truth = test.target
            row = dict(tag=tag, benchmark=b, method=m, budget=budget,
                       seed_diff_mean=np.abs(by_seed[0] - by_seed[1]).mean(), seed_diff_max=np.abs(by_seed[0] - by_seed[1]).max(),
                       seed_range_mean=(by_seed.max(0) - by_seed.min(0)).mean(),
                       mae_mean=np.mean([mae(s / 100, truth) for s in by_seed]), mae_sd=np.std([mae(s / 100, truth) for s in by_seed]),
                       rows_max=np.abs(shuffled - base).max(), rows_changed=int((np.abs(shuffled - base) > 0.01).sum()),
                       rows_items_max=np.abs(both - base).max(), seconds=time.perf_counter() - t0)
            print({k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}, flush=True)
            save_results(pd.DataFrame([row]), out, ['tag', 'benchmark', 'method', 'budget'])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--benchmarks', nargs='+', default=['arc', 'winogrande'], help='benchmarks to run')
    ap.add_argument('--methods', nargs='+', default=None, help='registered methods (default: all)')
    ap.add_argument('--budget', type=int, default=20, help='items per new model')
    ap.add_argument('--tag', default='after', help="a label for the code measured (e.g. 'before' for an older checkout)")
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    run(a.benchmarks, a.methods or list_methods(), a.budget, a.out, a.tag)
