"""The baselines' sweep of `29_baselines_compare`, saved with a tag so that two versions of the code can be compared.

Each benchmark at the budgets 10 / 20 / 30 / 50 / 100 below half its block's items, five seeds, the pool and the
leaderboard protocols, through `evaluate` (200 test and 200 validation models per split). Rows go to
scripts/results/baselines_sweep.csv with a `tag` column and the code version. The IRT family's before / after table
in the notebook comes from two runs of the same command, one on the older checkout:

    OMP_NUM_THREADS=1 PYTHONPATH=<older checkout> python scripts/baselines_sweep.py --tag before
    OMP_NUM_THREADS=1 python scripts/baselines_sweep.py --tag after
"""
from __future__ import annotations
import argparse
from pathlib import Path
import pandas as pd
from efficient_eval.data import BENCHMARKS, openllm_v1
from efficient_eval.evaluate import RESULT_KEYS, evaluate, protocol_data, save_results

OUT = Path(__file__).parent / 'results' / 'baselines_sweep.csv'

def run(methods, benchmarks, budgets, seeds, protocols, tag, out):
    for p in protocols:
        for b in benchmarks:
            R = openllm_v1(b)
            ok = [k for k in budgets if k <= 0.5 * protocol_data(R, p).n_items]
            if not ok: continue
            df = evaluate(methods, {b: R}, budgets=ok, seeds=seeds, protocol=p, progress=False).assign(tag=tag)
            save_results(df, out, ['tag'] + list(RESULT_KEYS))
            print(p, b, df.groupby('method').mae.mean().round(3).to_dict(), flush=True)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--methods', nargs='+', default=['irt', 'pirt', 'gpirt'], help='registered methods')
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--budgets', type=int, nargs='+', default=[10, 20, 30, 50, 100], help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['pool', 'leaderboard'], help='protocols')
    ap.add_argument('--tag', default='after', help='a label for the code measured')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    run(a.methods, a.benchmarks, a.budgets, a.seeds, a.protocols, a.tag, a.out)
