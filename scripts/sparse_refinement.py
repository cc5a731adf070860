"""Does SparseEval's refinement refine? Undone swaps, proxy validation loss and MAE with and without refinement.

For each benchmark and seed, on the pool protocol's split (200 test, 200 validation, the rest history; the split
`evaluate` uses), three fits of `sparse_eval` at one budget: the default (fresh proxies, R = 10), the same with
warm-started 30-epoch proxies (the shortcut that undoes its swaps), and R = 0 (no refinement); `kmeans sees test`
(k-means initial anchors computed on every model of the block, test models included, as the authors' script does) is
a measurement of that leak, not a method. One row per fit goes
to scripts/results/sparse_refinement.csv, stamped with the code version; `--split script` uses the authors' public
script's split instead (`numpy.random.default_rng(42).permutation` of the block's models: the first 200 test, the next
200 validation, the rest history; the script runs its repeats on this one split).

    OMP_NUM_THREADS=1 python scripts/sparse_refinement.py --benchmarks arc gsm8k hellaswag &
    OMP_NUM_THREADS=1 python scripts/sparse_refinement.py --benchmarks mmlu truthfulqa winogrande &
    OMP_NUM_THREADS=1 python scripts/sparse_refinement.py --benchmarks gsm8k --split script --seeds 0 1 2 --variants fresh
"""
from __future__ import annotations
import argparse, time
from pathlib import Path
import numpy as np
import pandas as pd
from efficient_eval.core import fill_missing
from efficient_eval.data import BENCHMARKS, openllm_v1
from efficient_eval.evaluate import protocol_data, save_results
from efficient_eval.metrics import mae
from efficient_eval.sparse.model import encode
from efficient_eval.sparse.refine import SparseEval, undone_swaps

OUT = Path(__file__).parent / 'results' / 'sparse_refinement.csv'
VARIANTS = {'fresh': dict(), 'warm': dict(proxy='warm', proxy_epochs=30), 'R=0': dict(refine_steps=0),
            'kmeans sees test': dict(init='kmeans')}
KEYS = ['split', 'benchmark', 'budget', 'seed', 'variant']

class _SeesTest(SparseEval):
    "k-means on every model of the block, the test models included, as the authors' script does: a leak, measured only."
    def _initial_anchors(self, Ek, E, y, Ev, yv, seed, kw):
        return SparseEval._initial_anchors(self, encode(self._block), E, y, Ev, yv, seed, kw)

def split(R, how, seed):
    "(history, val, test) of the pool protocol's split, or of the authors' script's split."
    if how == 'pool': return R.split_models(n_test=200, n_val=200, seed=seed)
    perm = np.random.default_rng(42).permutation(R.n_models)
    return R[np.sort(perm[400:])], R[np.sort(perm[200:400])], R[np.sort(perm[:200])]

def run(benchmarks, seeds, budget, how, variants, out):
    for b in benchmarks:
        R = protocol_data(openllm_v1(b), 'pool')
        for seed in seeds:
            h, val, test = split(R, how, seed)
            for v in variants:
                t0 = time.perf_counter()
                est = (_SeesTest if v == 'kmeans sees test' else SparseEval)(budget=budget, random_state=seed, **VARIANTS[v])
                if v == 'kmeans sees test': est._block = fill_missing(R.Y)   # the whole block, only for the leak's measurement
                est.fit(h, val=val)
                sec = time.perf_counter() - t0
                lg = est.refine_log_
                row = dict(split=how, benchmark=b, budget=budget, seed=seed, variant=v,
                           mae=mae(est.estimate_many(test), test.target), steps=len(lg['step']), undone=undone_swaps(lg),
                           start_val_loss=lg['start_val_loss'], end_val_loss=lg['val_loss'][-1] if lg['val_loss'] else lg['start_val_loss'],
                           final_val_loss=est.val_loss_, init=est.init_, fit_seconds=sec)
                print({k: row[k] for k in ('benchmark', 'seed', 'variant', 'mae', 'undone', 'start_val_loss', 'end_val_loss', 'init', 'fit_seconds')}, flush=True)
                save_results(pd.DataFrame([row]), out, KEYS)

if __name__ == '__main__':
    import os, torch
    torch.set_num_threads(int(os.environ.get('OMP_NUM_THREADS', 1)))  # one thread unless told: shards run side by side
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks to run')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits (pool) or estimator seeds (script)')
    ap.add_argument('--budget', type=int, default=50, help='items per new model')
    ap.add_argument('--split', choices=['pool', 'script'], default='pool', help="the pool protocol's split or the authors' script's")
    ap.add_argument('--variants', nargs='+', default=list(VARIANTS), choices=list(VARIANTS), help='which fits to run')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    run(a.benchmarks, a.seeds, a.budget, a.split, a.variants, a.out)
