"""The sweep behind the adaptive pages: `cat` against the fixed-anchor methods, `cat`'s stopping rule, and TailoredBench.

Part `compare`: cat (both criteria), gpirt and random_ridge on the six benchmarks at budgets 10 / 20 / 50 / 100 (those
within 55 % of a block's items), the leaderboard and pool protocols, five seeds. Part `stop`: cat with a budget of 100
(50 on the blocks too small for 100) and `stop_se` of 0.03, 0.02 and 0.015, pool and leaderboard protocols, five
seeds: its MAE and the items it asked, on average. Part `tailored`: TailoredBench against Anchor Points and
random_ridge at budgets 20 and 50, pool protocol, five seeds. One row per cell goes to
scripts/results/adaptive_sweep.csv, stamped with the code version; a rerun skips the cells already there:

    OMP_NUM_THREADS=1 python scripts/adaptive_sweep.py --part compare
    OMP_NUM_THREADS=1 python scripts/adaptive_sweep.py --part stop
    OMP_NUM_THREADS=1 python scripts/adaptive_sweep.py --part tailored --protocols pool
"""
from __future__ import annotations
import argparse
from pathlib import Path
import pandas as pd
from efficient_eval.data import BENCHMARKS, openllm_v1
from efficient_eval.estimator import get_method
from efficient_eval.evaluate import RESULT_KEYS, evaluate, protocol_data, save_results

OUT = Path(__file__).parent / 'results' / 'adaptive_sweep.csv'
FRAC = 0.55
STOP_SE = (0.03, 0.02, 0.015)
COMPARE = dict(cat='cat', cat_fisher=lambda **kw: get_method('cat', criterion='fisher', **kw), gpirt='gpirt',
               random_ridge='random_ridge')
TAILORED = dict(tailored_bench='tailored_bench', anchor_points='anchor_points', random_ridge='random_ridge')
STOP = {f'cat_se{s}': (lambda s: lambda **kw: get_method('cat', stop_se=s, **kw))(s) for s in STOP_SE}

def _done(out)->set:
    if not Path(out).exists(): return set()
    old = pd.read_csv(out)
    return set(map(tuple, old[list(RESULT_KEYS)].astype(str).to_numpy()))

def run(methods:dict, benchmarks, budgets, seeds, protocols, out, stop_cap=False):
    for p in protocols:
        for b in benchmarks:
            R = openllm_v1(b)
            n = protocol_data(R, p).n_items
            ok = [k for k in budgets if k <= FRAC * n] or ([50] if stop_cap and 50 <= FRAC * n else [])
            for m, make in methods.items():
                for s in seeds:
                    done = _done(out)
                    todo = [k for k in ok if (b, p, m, str(k), str(s)) not in done]
                    if not todo: continue
                    df = evaluate({m: make}, {b: R}, budgets=todo, seeds=[s], protocol=p, progress=False, max_budget_frac=FRAC)
                    save_results(df, out)
                    print(p, b, m, s, df[['budget', 'mae', 'coverage', 'asked']].round(3).to_dict('records'), flush=True)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--part', choices=['compare', 'stop', 'tailored'], required=True, help='which part of the sweep')
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['pool', 'leaderboard'], help='protocols')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    if a.part == 'compare': run(COMPARE, a.benchmarks, [10, 20, 50, 100], a.seeds, a.protocols, a.out)
    elif a.part == 'stop': run(STOP, a.benchmarks, [100], a.seeds, a.protocols, a.out, stop_cap=True)
    else: run(TAILORED, a.benchmarks, [20, 50], a.seeds, a.protocols, a.out)
