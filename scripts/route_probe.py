"""Could `auto` route each new model, instead of choosing one method per history? Four ways to route, measured.

The leaderboard case is won by a regression of a few fixed anchors (`sparse_linear`), the shift case by methods that
extrapolate (`cat`, the debiased ones). A route would run the first for a model inside the history's range and the
second for one beyond it, so it must tell the two apart. In the trust sweep's leaderboard and shift cells (six
benchmarks, budgets 20 and 50, five seeds, the same splits), per cell and seed:

- `sl`: sparse_linear's MAE and how often its frontier guard fires once all its anchors are answered (`sl_fired`);
- `anchors_irt`: the route that spends nothing more: where sparse_linear's guard fires, the IRT estimate (CAT's
  item bank, fitted on the history) from the same anchors' results instead of the linear read-out;
- `probe25`, `probe50`: the route that decides early: a quarter or half of sparse_linear's anchors (those most
  correlated with the target in the history), read out by a ridge regression and held against the history's top
  as the guard holds all of them (its upper edge: a shifted model lies above the history); where it fires, CAT spends the rest of the budget (the probe's results known to it), elsewhere the remaining anchors give
  sparse_linear's estimate. `probe25_fired`, `probe50_fired`: how often the probe fires;
- `cat`: CAT's MAE; `cat_ridge`: CAT's items read out by a ridge regression across the history's models (the kind of
  read-out that wins the leaderboard case), CAT's own estimate where that is above the history's fifth best model;
- `catprobe`: CAT asks the first quarter of the budget; where its estimate then lies above the history's fifth best
  model (`catprobe_fired`) it goes on (CAT's own estimate), elsewhere sparse_linear, fitted for the items left, runs
  (`sl_rest`: its MAE on every test model; it does not use the probe's results).

One row per (protocol, benchmark, budget, seed) goes to scripts/results/route_probe.csv (a rerun skips the rows there):

    OMP_NUM_THREADS=1 python scripts/route_probe.py --protocols shift
    OMP_NUM_THREADS=1 python scripts/route_probe.py --protocols leaderboard

(one process per protocol or benchmark: two processes on the same cells would both write them).
"""
from __future__ import annotations
import argparse
from pathlib import Path
import numpy as np
import pandas as pd
from efficient_eval import get_method
from efficient_eval.data import BENCHMARKS, openllm_v1
from efficient_eval.estimator import _REACH, Oracle, conformal_quantile, ridge_loo
from efficient_eval.evaluate import _split, code_version, protocol_data
from efficient_eval.metrics import mae

OUT = Path(__file__).parent / 'results' / 'route_probe.csv'

class _Told(Oracle):
    "An oracle whose model has already answered some items (the probe): CAT starts from them."
    def __init__(self, row, budget, items):
        super().__init__(row, len(row), budget)
        self._told = (np.asarray(items, np.int64), np.asarray(row, np.float64)[items])
    def known(self): return self._told

def cell(R, protocol, k, seed)->dict:
    "The measures of one split at budget k."
    sp = _split(R, protocol, seed, (0.7, 0.85), 200, 200)
    H, V, T = sp.history, sp.val, sp.test
    th, tv, t = H.target, V.target, T.target
    HY, VY, TY = (x.Y.astype(np.float64) for x in (H, V, T))   # dense blocks: no holes
    sl = get_method('sparse_linear', budget=k, random_state=seed).fit(H, val=V)
    top = sl.edges_[1]                                         # the guard's edge: the history's fifth best model
    cat = get_method('cat', budget=k, random_state=seed).fit(H, val=V)
    d = sl.estimates(T)
    A = np.asarray(sl.anchors_)
    def irt(items, row):                                       # CAT's estimate from results already known, asking nothing
        th_, S = cat._posterior(items, row[items])
        return cat._as_estimate(th_, S, items, row[items], items).score
    fired = d.extrapolating.to_numpy()
    out = dict(sl=mae(d.score, t), sl_fired=float(fired.mean()),
               anchors_irt=mae([irt(A, r) if f else s for r, f, s in zip(TY, fired, d.score)], t))
    r = np.array([np.corrcoef(HY[:, i], th)[0, 1] if HY[:, i].std() > 0 else 0. for i in A])
    for share in (0.25, 0.5):
        j = max(2, int(round(share * k)))
        P = np.sort(A[np.argsort(-r, kind='stable')[:j]])
        coef, b0, _ = ridge_loo(HY[:, P], th)
        hg = max(conformal_quantile(np.abs(VY[:, P] @ coef + b0 - tv), sl.level), 1e-3)
        fire = (TY[:, P] @ coef + b0 - top) / hg + _REACH >= 0  # the guard's rule, on the probe's read-out
        est = d.score.to_numpy().copy()
        for i in np.flatnonzero(fire):
            o = _Told(TY[i], k - j, P)
            th_, S, items, y = cat._run(o, k - j)
            est[i] = cat._as_estimate(th_, S, items, y, o.queried).score
        out[f'probe{int(100 * share)}'], out[f'probe{int(100 * share)}_fired'] = mae(est, t), float(fire.mean())
    cs, rs = [], []
    asked = []
    for row in TY:
        o = Oracle(row, T.n_items, k)
        cs.append(cat._estimate(o).score)
        asked.append(list(o.queried))
        it = np.asarray(o.queried)
        coef, b0, _ = ridge_loo(HY[:, it], th)
        rs.append(float(np.clip(row[it] @ coef + b0, 0, 1)))
    cs, rs = np.array(cs), np.array(rs)
    out.update(cat=mae(cs, t), cat_ridge=mae(np.where(cs > top, cs, rs), t))
    j = max(2, int(round(0.25 * k)))                           # CAT's first quarter of the budget as the probe
    early = []
    for row, full in zip(TY, asked):
        th_, S, items, y = cat._run(Oracle(row, T.n_items, k), j)
        assert items == full[:j], "CAT's first picks depend on its budget: the probe is not the start of CAT's own run"
        early.append(cat._as_estimate(th_, S, items, y, items).score)
    fire = np.array(early) > top
    rest = get_method('sparse_linear', budget=k - j, random_state=seed).fit(H, val=V).estimates(T).score.to_numpy()
    # beyond: CAT goes on (its picks do not depend on when it was told to stop, so that is CAT's own estimate);
    # inside: sparse_linear fitted for the k - j items left (the probe's items among its anchors cost nothing more)
    out.update(sl_rest=mae(rest, t), catprobe=mae(np.where(fire, cs, rest), t), catprobe_fired=float(fire.mean()))
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS), help='benchmarks')
    ap.add_argument('--budgets', type=int, nargs='+', default=[20, 50], help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=list(range(5)), help='splits')
    ap.add_argument('--protocols', nargs='+', default=['leaderboard', 'shift'], help='protocols')
    ap.add_argument('--out', default=str(OUT), help='the results file the rows are added to')
    a = ap.parse_args()
    stamp = {k: v for k, v in code_version().items() if k in ('version', 'commit')}
    for p in a.protocols:
        for b in a.benchmarks:
            R = protocol_data(openllm_v1(b), p)
            for k in a.budgets:
                for s in a.seeds:
                    have = pd.read_csv(a.out) if Path(a.out).exists() else None
                    if have is not None and ((have.protocol == p) & (have.benchmark == b) & (have.budget == k) & (have.seed == s)).any(): continue
                    row = dict(protocol=p, benchmark=b, budget=k, seed=s, **cell(R, p, k, s), **stamp)
                    print({c: round(v, 3) if isinstance(v, float) else v for c, v in row.items()}, flush=True)
                    pd.DataFrame([row]).to_csv(a.out, mode='a', header=not Path(a.out).exists(), index=False)   # appended: several processes may share the file
