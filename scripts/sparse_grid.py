"""SparseEval's ablation and comparison grid (issue: pool protocol, six benchmarks, budgets 20/30/50/100, 5 seeds).

Runs, through `efficient_eval.evaluate.evaluate` on the pool protocol, every one-switch variant of SparseEval (the
same labels as `nbs/42_sparse_experiments.ipynb`) and the baselines (random_ridge, anchor_points, gpirt) on each
benchmark with the budgets below half its block's items, and writes one tidy CSV per benchmark (the harness's rows).
The notebook reads these files when they are there (a row run twice counts once: the newest file wins). A run is slow
on a CPU (25 to 90 s per SparseEval fit on one core on these blocks): shard it over processes with --benchmarks,
--budgets and --methods (and --tag, so that the files do not overwrite each other), e.g.

    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --benchmarks arc gsm8k hellaswag &
    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --benchmarks mmlu truthfulqa winogrande &
    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --claim    # only the claim: three methods at 50 items
    OMP_NUM_THREADS=1 python scripts/sparse_grid.py --benchmarks arc --budgets 20 --methods sparse_eval linear --tag _k20
"""
from __future__ import annotations
import argparse, time
from functools import partial
from pathlib import Path
import torch
from efficient_eval.data import openllm_v1, BENCHMARKS
from efficient_eval.estimator import get_method
from efficient_eval.evaluate import evaluate, protocol_data
from efficient_eval.sparse.refine import SparseEval, SparseLinear

OUT = Path(__file__).with_name('results')

def ablations()->dict:
    "The full method and its one-switch variants, as factories for `evaluate` (the labels of nb 42's tables)."
    v = {'sparse_eval': SparseEval,
         'init=kmeans': partial(SparseEval, init='kmeans'), 'init=random': partial(SparseEval, init='random'),
         'R=0': partial(SparseEval, refine_steps=0), 'linear': SparseLinear}
    v.update({f'history={int(f * 100)}%': partial(SparseEval, history_frac=f) for f in (0.25, 0.5, 0.75)})
    return v

def baselines()->dict:
    "Registered baselines to compare with: random_ridge, Anchor Points and gp-IRT."
    return {m: get_method(m) for m in ('random_ridge', 'anchor_points', 'gpirt')}

def variants()->dict:
    "Every label the grid runs: the ablations, then the baselines."
    return {**ablations(), **baselines()}

CLAIM = ('sparse_eval', 'linear', 'random_ridge')

def run(benchmarks=BENCHMARKS, budgets=(20, 30, 50, 100), seeds=range(5), out=OUT, device=None, methods=None,
        max_budget_frac=0.5, tag='')->list:
    "One CSV per benchmark, `sparse_grid_<benchmark><tag>.csv` in `out`; returns the paths written."
    out = Path(out); out.mkdir(parents=True, exist_ok=True)
    v = variants()
    if methods is not None:
        bad = [m for m in methods if m not in v]
        if bad: raise ValueError(f"unknown methods {bad}; choose from {list(v)}")
        v = {m: v[m] for m in methods}
    paths = []
    for b in benchmarks:
        R = openllm_v1(b)
        n = protocol_data(R, 'pool').n_items
        ks = [k for k in budgets if k <= max_budget_frac * n]
        if not ks: continue
        t0 = time.perf_counter()
        df = evaluate(v, {b: R}, budgets=ks, seeds=list(seeds), protocol='pool', device=device,
                      max_budget_frac=max_budget_frac, progress=True)
        df['threads'] = torch.get_num_threads()
        p = out / f'sparse_grid_{b}{tag}.csv'
        df.to_csv(p, index=False)
        print(f"{b}: {len(df)} rows, budgets {ks}, {time.perf_counter() - t0:.0f} s -> {p}", flush=True)
        paths.append(p)
    return paths

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS))
    ap.add_argument('--budgets', type=int, nargs='+', default=[20, 30, 50, 100])
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)))
    ap.add_argument('--methods', nargs='+', default=None, help='a subset of the labels (default: all)')
    ap.add_argument('--out', default=str(OUT))
    ap.add_argument('--device', default=None)
    ap.add_argument('--tag', default='', help="appended to each file's name (sparse_grid_<benchmark><tag>.csv), so that a run of "
                                             "some budgets or methods does not overwrite an earlier file")
    ap.add_argument('--claim', action='store_true',
                    help="the claim's run only: sparse_eval, linear and random_ridge at 50 items, HellaSwag's 97-item block included "
                         "(max_budget_frac=0.6); files sparse_grid_<benchmark>_claim50.csv")
    a = ap.parse_args()
    if a.claim: run(a.benchmarks, [50], a.seeds, a.out, a.device, CLAIM, max_budget_frac=0.6, tag='_claim50')
    else: run(a.benchmarks, a.budgets, a.seeds, a.out, a.device, a.methods, tag=a.tag)
