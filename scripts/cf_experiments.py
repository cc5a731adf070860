"""CF experiments too long for a notebook cell: MAE on the six benchmarks, the validation sweep that chose CF's
defaults, and OT on vs off on multi-task matrices. Each subcommand writes one CSV under `scripts/results/`.

    OMP_NUM_THREADS=1 python scripts/cf_experiments.py mae --out cf_mae_after.csv
    OMP_NUM_THREADS=1 PYTHONPATH=<older checkout> python scripts/cf_experiments.py mae --out cf_mae_before.csv
    OMP_NUM_THREADS=1 python scripts/cf_experiments.py sweep
    OMP_NUM_THREADS=1 python scripts/cf_experiments.py ot
    OMP_NUM_THREADS=1 [PYTHONPATH=<older checkout>] python scripts/cf_experiments.py perm --benchmark arc
"""
from __future__ import annotations
import argparse, json, time
from pathlib import Path
import numpy as np
import pandas as pd
import torch

RESULTS = Path(__file__).resolve().parent / 'results'
BENCHMARKS = ('arc', 'gsm8k', 'hellaswag', 'mmlu', 'truthfulqa', 'winogrande')


def run_mae(benchmarks, seeds, ratio, out):
    "CF's MAE, pool protocol, one row per benchmark x seed (whatever `efficient_eval` is importable)."
    import efficient_eval
    from efficient_eval.data import openllm_v1
    from efficient_eval.evaluate import evaluate
    data = {b: openllm_v1(b) for b in benchmarks}
    df = evaluate(['cf'], data, budgets=[ratio], seeds=seeds, protocol='pool', progress=False)
    df['package'] = 'before' if 'cf_before' in efficient_eval.__file__ else 'this checkout'
    df.to_csv(RESULTS / out, index=False)
    print(df.groupby('benchmark', sort=False)[['mae', 'fit_s', 'estimate_s']].mean().round(3))


def tuning_split(R, seeds=range(5), n_score=200, n_fit_val=100, n_test=200, n_val=200, seed=12345):
    "(history, fit-time val, scoring models) drawn from the models that no reported test split (`seeds`) contains."
    test = set()
    for s in seeds: test |= set(R.split_models(n_test, n_val, seed=s).test.models.tolist())
    free = np.flatnonzero(~np.isin(R.models, list(test)))
    perm = np.random.default_rng(seed).permutation(free)
    n_score = min(n_score, len(free) // 3)
    score, fval, hist = perm[:n_score], perm[n_score:n_score + n_fit_val], perm[n_score + n_fit_val:]
    return R[np.sort(hist)], R[np.sort(fval)], R[np.sort(score)]


START = dict(probe=0.5, n_iter=3, alpha=0.0, n_neighbors=10, power=4.0, calibrate=True)  # the values before this sweep
SWEEP = dict(probe=[0.3, 0.7], n_iter=[1, 5], alpha=[0.1], n_neighbors=[5, 20, 50], power=[1.0, 8.0], calibrate=[False])
OT_START = dict(stratify=False, use_ot=False, ot_weight=0.5, n_sources=2, ot_reg=0.05)
OT_SWEEP = dict(ot_weight=[0.25, 1.0], n_sources=[1, 3], ot_reg=[0.02, 0.1])


def _val_mae(CF, data, kw, ratio):
    from efficient_eval.metrics import mae
    out = {}
    for b, (h, fv, sc) in data.items():
        est = CF(budget=ratio, **kw).fit(h, val=fv)
        out[b] = mae(est.estimate_many(sc), sc.target)
    return out


def run_sweep(ratio, out, min_gain=0.01):
    "Each setting varied alone from its start, validation MAE on models outside every reported test split."
    from efficient_eval.data import openllm_v1
    from efficient_eval.evaluate import protocol_data
    from efficient_eval.cf.estimator import CF
    single = {b: tuning_split(protocol_data(openllm_v1(b), 'pool')) for b in BENCHMARKS}
    multi = {'joint': tuning_split(protocol_data(openllm_v1('all'), 'pool')), 'mmlu (subjects)': single['mmlu']}
    rows = []
    def run(stage, name, data, kw):
        t0 = time.perf_counter()
        r = _val_mae(CF, data, kw, ratio)
        rows.append(dict(stage=stage, variant=name, **r, mean=float(np.mean(list(r.values()))), settings=json.dumps(kw)))
        print(f"{stage:6s} {name:22s} mean {rows[-1]['mean']:.3f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    chosen = dict(START)
    run('single', 'start', single, chosen)
    base = rows[-1]['mean']
    for k, vs in SWEEP.items():
        res = {}
        for v in vs:
            run('single', f'{k}={v}', single, {**START, k: v}); res[v] = rows[-1]['mean']
        v = min(res, key=res.get)
        if res[v] < base - min_gain: chosen[k] = v
    run('single', 'chosen (combined)', single, chosen)
    ot = dict(OT_START)
    run('multi', 'start', multi, {**chosen, **ot})
    base = rows[-1]['mean']
    run('multi', 'stratify=True', multi, {**chosen, **OT_START, 'stratify': True})
    if rows[-1]['mean'] < base - min_gain: ot['stratify'] = True
    run('multi', 'use_ot=True', multi, {**chosen, **OT_START, 'use_ot': True})
    base_on = rows[-1]['mean']
    on = {}
    for k in ('ot_weight', 'n_sources', 'ot_reg'):   # compared with OT on at its start values: they act only then
        res = {}
        for v in OT_SWEEP[k]:
            run('multi', f'{k}={v} (ot on)', multi, {**chosen, **OT_START, 'use_ot': True, k: v}); res[v] = rows[-1]['mean']
        v = min(res, key=res.get)
        if res[v] < base_on - min_gain: on[k] = v
    run('multi', 'ot on, chosen ot settings', multi, {**chosen, **OT_START, 'use_ot': True, **on})
    ot.update(on)
    if rows[-1]['mean'] < base - min_gain: ot['use_ot'] = True
    run('multi', 'chosen (combined)', multi, {**chosen, **ot})
    from efficient_eval.evaluate import code_version
    pd.DataFrame(rows).assign(**code_version()).to_csv(RESULTS / out, index=False)
    print('chosen:', {**chosen, **ot})


def run_ot(seeds, ratio, out):
    "OT and the per-task budget on vs off: the joint six-benchmark matrix and MMLU's subjects, pool protocol."
    from efficient_eval.data import openllm_v1
    from efficient_eval.evaluate import protocol_data
    from efficient_eval.metrics import mae
    from efficient_eval.cf.estimator import CF
    data = {'joint': protocol_data(openllm_v1('all'), 'pool'), 'mmlu (subjects)': protocol_data(openllm_v1('mmlu'), 'pool')}
    variants = {'ot off, budget not spread': dict(use_ot=False, stratify=False),
                'ot off, budget spread': dict(use_ot=False, stratify=True),
                'ot on, budget not spread': dict(use_ot=True, stratify=False),
                'ot on, budget spread': dict(use_ot=True, stratify=True)}
    rows = []
    for name, R in data.items():
        tasks = sorted(set(R.groups))
        for seed in seeds:
            sp = R.split_models(200, 200, seed=seed)
            T = pd.DataFrame(sp.test.Y.T).groupby(sp.test.groups).mean().T[tasks]
            for v, kw in variants.items():
                t0 = time.perf_counter()
                est = CF(budget=ratio, random_state=seed, **kw).fit(sp.history, val=sp.val)
                ests = [est.estimate(row) for row in sp.test.Y]
                G = pd.DataFrame([e.group_scores for e in ests])[tasks]
                asked = pd.DataFrame([pd.Series(sp.test.groups[e.items]).value_counts() for e in ests]).reindex(columns=tasks).fillna(0)
                row = dict(data=name, seed=seed, variant=v, k=est.budget_, mae=mae([e.score for e in ests], sp.test.target),
                           task_mae=float(100 * (G.to_numpy() - T.to_numpy()).__abs__().mean()), tau0=est.tau0_, tau1=est.tau1_,
                           seconds=time.perf_counter() - t0)
                if name == 'joint': row.update({f'items_{t}': float(asked[t].mean()) for t in tasks})
                else: row.update(tasks_asked=float((asked > 0).sum(axis=1).mean()), max_items_one_task=float(asked.max(axis=1).mean()))
                rows.append(row)
                print(f"{name} seed {seed} {v}: mae {row['mae']:.3f} task {row['task_mae']:.3f} ({row['seconds']:.0f} s)", flush=True)
    from efficient_eval.evaluate import code_version
    pd.DataFrame(rows).assign(**code_version()).to_csv(RESULTS / out, index=False)


def run_perm(benchmark, n_test, ratio, seed, out):
    "Largest change of a CF estimate when the history's rows and items are shuffled (names given), pool protocol."
    import efficient_eval
    from efficient_eval.data import openllm_v1
    from efficient_eval.evaluate import protocol_data
    from efficient_eval.cf.estimator import CF
    R = protocol_data(openllm_v1(benchmark), 'pool')
    sp = R.split_models(n_test, 0, seed=seed)
    rng = np.random.default_rng(seed + 1)
    rows, cols = rng.permutation(sp.history.n_models), rng.permutation(R.n_items)
    a = CF(budget=ratio).fit(sp.history).estimate_many(sp.test)
    b = CF(budget=ratio).fit(sp.history[rows][:, cols]).estimate_many(sp.test)   # estimate_many matches items by name
    d = 100 * np.abs(a - b)
    res = dict(benchmark=benchmark, package='before' if 'cf_before' in efficient_eval.__file__ else 'this checkout',
               n_test=len(a), changed=int((d > 1e-9).sum()), mean_change_pp=float(d.mean()), max_change_pp=float(d.max()))
    print(res)
    path = RESULTS / out
    old = pd.read_csv(path) if path.exists() else pd.DataFrame()
    if len(old): old = old[~((old.benchmark == benchmark) & (old.package == res['package']))]
    pd.concat([old, pd.DataFrame([res])]).to_csv(path, index=False)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    m = sub.add_parser('mae', help="CF's MAE on the six benchmarks (pool protocol)")
    m.add_argument('--benchmarks', nargs='+', default=list(BENCHMARKS))
    m.add_argument('--seeds', nargs='+', type=int, default=list(range(5)))
    m.add_argument('--ratio', type=float, default=0.1)
    m.add_argument('--out', default='cf_mae_after.csv')
    sw = sub.add_parser('sweep', help="the validation sweep that chose CF's defaults")
    sw.add_argument('--ratio', type=float, default=0.1)
    sw.add_argument('--out', default='cf_sweep.csv')
    o = sub.add_parser('ot', help='OT and the per-task budget on vs off, joint matrix and MMLU subjects')
    o.add_argument('--seeds', nargs='+', type=int, default=list(range(5)))
    o.add_argument('--ratio', type=float, default=0.1)
    o.add_argument('--out', default='cf_ot.csv')
    pm = sub.add_parser('perm', help='largest change of an estimate when rows and items are shuffled')
    pm.add_argument('--benchmark', default='arc')
    pm.add_argument('--n-test', type=int, default=100)
    pm.add_argument('--ratio', type=float, default=0.1)
    pm.add_argument('--seed', type=int, default=0)
    pm.add_argument('--out', default='cf_perm.csv')
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    if a.cmd == 'mae': run_mae(a.benchmarks, a.seeds, a.ratio, a.out)
    elif a.cmd == 'sweep': run_sweep(a.ratio, a.out)
    elif a.cmd == 'ot': run_ot(a.seeds, a.ratio, a.out)
    elif a.cmd == 'perm': run_perm(a.benchmark, a.n_test, a.ratio, a.seed, a.out)
    print(f"{a.cmd}: {time.perf_counter() - t0:.0f} s")


if __name__ == '__main__': main()
