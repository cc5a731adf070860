"""`auto` in every protocol, budget, benchmark and seed of the trust sweep, and how it compares with the best single method.

Runs `auto` (its default candidates) through `evaluate` in the cells of scripts/results/trust_sweep.csv at budgets 20 and
50: six benchmarks, the pool, leaderboard and shift protocols, five seeds (200 test and 200 validation models per
split). One row per cell goes to scripts/results/auto_sweep.csv, stamped with the code version; a rerun skips the cells
already there. `--report` prints, per protocol, benchmark and budget, auto's MAE (mean over seeds), the best single
method's in the sweeps of every method (trust, adaptive and compare: the lowest mean over the same seeds), their
ratio, and auto's ratio to the plain random mean's:

    OMP_NUM_THREADS=1 python scripts/auto_sweep.py --jobs 2
    OMP_NUM_THREADS=1 python scripts/auto_sweep.py --frontier-cuts 0.5 0.9 --out scripts/results/auto_sweep_cuts.csv
    python scripts/auto_sweep.py --report
    python scripts/auto_sweep.py --subsets      # what auto would have scored choosing among each subset of its candidates
"""
from __future__ import annotations
import argparse, json
from pathlib import Path
import pandas as pd
from efficient_eval import get_method
from efficient_eval.data import BENCHMARKS
from sweep_cells import every_method, run_cells

HERE = Path(__file__).parent / 'results'
OUT = HERE / 'auto_sweep.csv'
SINGLE = [HERE / f for f in ('trust_sweep.csv', 'adaptive_sweep.csv', 'compare_sweep.csv')]   # every method's cells

def report(out=OUT, single=SINGLE)->pd.DataFrame:
    "Per (protocol, benchmark, budget): auto's mean MAE, the best single method's and its name, the ratio, the random mean's."
    a = pd.read_csv(out)
    s = every_method(single)
    keys = ['protocol', 'benchmark', 'budget']
    rows = []
    for (p, b, k), g in a.groupby(keys):
        seeds = set(g.seed)
        o = s[(s.protocol == p) & (s.benchmark == b) & (s.budget == k) & s.seed.isin(seeds)]
        n_seeds = o.groupby('method').seed.nunique()
        m = o[o.method.isin(n_seeds[n_seeds == len(seeds)].index)].groupby('method').mae.mean()
        rows.append(dict(protocol=p, benchmark=b, budget=k, seeds=len(seeds), auto=g.mae.mean(), best=m.min(), best_method=m.idxmin(),
                         random=m.get('random', float('nan'))))
    r = pd.DataFrame(rows)
    r['ratio'] = r.auto / r.best
    r['vs_random'] = r.auto / r.random
    return r

LABELS = {'random': 'random', 'aipw': 'aipw', 'gpirt debias=True': 'irt_debiased', 'cf': 'cf', 'cat': 'cat',
          'sparse_linear': 'sparse_linear'}   # auto's default candidates -> their labels in the sweeps of every method

def candidate_mae(single=SINGLE)->pd.Series:
    "Test MAE of each of auto's default candidates in the sweeps of every method, by (protocol, benchmark, budget, seed, method)."
    s = pd.concat([pd.read_csv(f) for f in single], ignore_index=True)
    s = s[s.method.isin(LABELS.values())].drop_duplicates(['benchmark', 'protocol', 'method', 'budget', 'seed'])
    return s.set_index(['protocol', 'benchmark', 'budget', 'seed', 'method']).mae

def by_weight(weights=(0, 0.25, 0.5, 0.75, 1), out=OUT, single=SINGLE)->pd.DataFrame:
    """auto's MAE per cell and seed had it weighed the frontier validation models by each of `weights`: its choice read
    off the validation errors each row holds, its MAE that of the chosen candidate in the sweeps of every method (the
    same split, seed and settings: the fit auto would make). Stacked forms, which those sweeps lack, are left out."""
    a, test = pd.read_csv(out), candidate_mae(single)
    rows = []
    for r in a.itertuples():
        val = {m: v for m, v in json.loads(r.validation).items() if m in LABELS}
        for w in weights:
            pick = min(val, key=lambda m: round((1 - w) * val[m][0] + w * val[m][1], 12))   # ties: the first listed
            rows.append(dict(protocol=r.protocol, benchmark=r.benchmark, budget=r.budget, seed=r.seed, weight=w, choice=pick,
                             mae=test.get((r.protocol, r.benchmark, r.budget, r.seed, LABELS[pick]), float('nan'))))
    return pd.DataFrame(rows)

def by_subset(weights=(0, 0.25), out=OUT, single=SINGLE)->pd.DataFrame:
    """Per subset of auto's default candidates and frontier weight: the cells (of 12: six benchmarks, two budgets) where
    auto, choosing among that subset only, would be within 1.1x of the best single method, per protocol, and its worst
    MAE / random mean under shift and elsewhere. Read off the validation errors each row holds, as `by_weight` does."""
    import itertools
    a, test = pd.read_csv(out), candidate_mae(single)
    rep = report(out, single).set_index(['protocol', 'benchmark', 'budget'])
    vals = [(r, {m: v for m, v in json.loads(r.validation).items() if m in LABELS}) for r in a.itertuples()]
    rows = []
    for k in range(1, len(LABELS) + 1):
        for sub in itertools.combinations(LABELS, k):
            for w in weights:
                picks = pd.DataFrame([dict(protocol=r.protocol, benchmark=r.benchmark, budget=r.budget,
                                           mae=test[(r.protocol, r.benchmark, r.budget, r.seed,
                                                     LABELS[min(sub, key=lambda m: round((1 - w) * v[m][0] + w * v[m][1], 12))])])
                                      for r, v in vals])
                m = picks.groupby(['protocol', 'benchmark', 'budget']).mae.mean()
                ratio, vs_random = m / rep.best.reindex(m.index), m / rep.random.reindex(m.index)
                shift = vs_random.index.get_level_values('protocol') == 'shift'
                rows.append(dict(candidates=' | '.join(sub), weight=w,
                                 **{p: int(ratio.xs(p, level='protocol').le(1.1).sum()) for p in ('leaderboard', 'pool', 'shift')},
                                 worst_vs_random_shift=vs_random[shift].max(), worst_vs_random_else=vs_random[~shift].max()))
    return pd.DataFrame(rows)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--budgets', type=int, nargs='+', default=[20, 50], help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['pool', 'leaderboard', 'shift'], help='protocols')
    ap.add_argument('--jobs', type=int, default=None, help='cells run at once')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    ap.add_argument('--frontier-cuts', type=float, nargs=2, default=None, help="auto's frontier_cuts (lower, upper); its default when left out")
    ap.add_argument('--report', action='store_true', help='only print the comparison with the trust sweep')
    ap.add_argument('--subsets', action='store_true', help='only print what each subset of the default candidates would have scored')
    a = ap.parse_args()
    method = 'auto' if a.frontier_cuts is None else get_method('auto', frontier_cuts=tuple(a.frontier_cuts))
    if a.subsets:
        d = by_subset(out=a.out)
        d['cells'] = d['leaderboard'] + d['pool'] + d['shift']
        print(d.sort_values(['cells', 'worst_vs_random_shift'], ascending=[False, True]).round(2).to_string(index=False))
        raise SystemExit
    if not a.report: run_cells({'auto': method}, a.benchmarks, a.budgets, a.seeds, a.protocols, a.out, 0.55, jobs=a.jobs)
    r = report(a.out)
    print(r.round(3).to_string())
    for p, g in r.groupby('protocol'):
        print(f"{p}: within 1.1x of the best single method in {int((g.ratio <= 1.1).sum())} of {len(g)} cells; "
              f"worst ratio {g.ratio.max():.2f}; vs the random mean at most {g.vs_random.max():.2f}x")
