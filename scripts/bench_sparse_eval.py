"""Speed benchmark: SparseEval's fit (R = 10) against a faithful re-run of the authors' training schedule.

Both run on the same data, split, budget and machine:

- `sparse_eval`: `efficient_eval.sparse.refine.SparseEval` with its defaults (adaptive initialisation over restarts
  trained side by side, AIS/CIS refinement with every proxy trained afresh, Adam on mini-batches of 256 models with
  early stopping checked every epoch); each record holds the epochs and seconds of each phase;
- the authors' schedule, as their public script runs it, written here with this library's functions: 0/1 inputs;
  initial anchors from k-means on the normalised +-1 item vectors (at random on MMLU and Winogrande, as their script
  chooses); R = 10 steps, each training a fresh proxy MLP for 2,000 full-batch epochs and then swapping the anchor of
  lowest AIS for the item of highest CIS; a fresh final MLP trained up to 20,000 epochs, checked on the validation
  models every 500 epochs from the first, kept at its best check (one whose validation loss is no higher *and*
  Kendall's tau no lower than the best so far), stopped after 30 checks without one; Adam, learning rate 5e-4 (the
  value in their script; the paper's text says 6e-4: --lr 6e-4). Its training loop is this library's tight loop, so
  the ratio is of the schedules alone, not of the authors' Python overhead (which would only widen the gap).

Writes a JSON file (scripts/results/bench_sparse_eval.json) with one record per (benchmark, method, device, seed), each
with the code version that made it (`efficient_eval.evaluate.code_version`), and prints a report: per benchmark the
ratio of total fit times and the paired MAE difference (ours - theirs, mean and standard deviation over the seeds). On
the CPU each record also holds the process's CPU time (`cpu_s`), which other processes on a shared machine do not
inflate the way they do wall time; run with OMP_NUM_THREADS=1 so that CPU time and wall time mean the same on a quiet
machine. Usage:

    python scripts/bench_sparse_eval.py --benchmarks gsm8k arc truthfulqa --seeds 0 1 2 3 4   # the full benchmark
    python scripts/bench_sparse_eval.py --which authors --benchmarks arc --seeds 0 1 --append &  # runs side by side,
    python scripts/bench_sparse_eval.py --which ours --benchmarks arc --seeds 0 1 --append      # added to the file
    python scripts/bench_sparse_eval.py --report          # the report of the file (each record says which commit made it)
    python scripts/bench_sparse_eval.py --project 200     # slow machine: time 200 of the authors' epochs and project

With --project the authors' schedule is NOT run: its records say "projected" and carry no MAE.
"""
from __future__ import annotations
import argparse, fcntl, json, time
from pathlib import Path
import numpy as np
import torch
from efficient_eval.core import fill_missing, get_device, random_items
from efficient_eval.data import openllm_v1
from efficient_eval.evaluate import code_version, protocol_data
from efficient_eval.metrics import mae, kendall_tau
from efficient_eval.sparse.model import aggregate, encode, init_params, train_aggregator
from efficient_eval.sparse.refine import SparseEval, ais_scores, cis_scores, kmeans_anchors

DEFAULT_OUT = Path(__file__).parent / 'results' / 'bench_sparse_eval.json'

AUTHORS_INIT = dict(mmlu='random', winogrande='random')  # their script's initial anchors per benchmark; k-means elsewhere

def _kendall(a, b)->float:
    from scipy.stats import kendalltau
    return float(kendalltau(a, b)[0])

def authors_final(X, y, Xv, yv,            # 0/1 anchor results and targets of the training and validation models
                  lr=5e-4,                # Adam learning rate
                  max_epochs=20000,       # most epochs
                  check_every=500,        # epochs between checks; the first check follows the first step (epoch 0)
                  patience=30,            # checks without a new best before stopping
                  seed=0,                 # seed of the weights and the dropout masks
                  device=None,            # torch device
                 )->tuple:                # (params at the best check, epochs run)
    """The authors' final training: full-batch Adam with dropout; a check is a new best only when the validation loss
    is no higher *and* Kendall's tau no lower than the best so far; stop after `patience` checks without one."""
    dev = get_device(device)
    params = {n: v.requires_grad_(True) for n, v in init_params(X.shape[1], seed=seed, device=dev).items()}
    opt = torch.optim.Adam(list(params.values()), lr=lr)
    g = torch.Generator(device=dev).manual_seed(int(seed) + 1)
    best_loss, best_tau, bad, best = float('inf'), -2.0, 0, None
    yv_np = yv.cpu().numpy()
    for epoch in range(max_epochs):
        opt.zero_grad(set_to_none=True)
        loss = ((aggregate(params, X, 'mlp', 0.1, g) - y) ** 2).mean()
        loss.backward()
        opt.step()
        if epoch % check_every: continue
        with torch.no_grad():
            pv = aggregate(params, Xv)
            vl, tau = float(((pv - yv) ** 2).mean()), _kendall(yv_np, pv.cpu().numpy())
        if vl <= best_loss and tau >= best_tau:
            best_loss, best_tau, bad = vl, tau, 0
            best = {n: v.detach().clone() for n, v in params.items()}
        else: bad += 1
        if bad >= patience: break
    return best, epoch + 1

def authors_schedule(history,              # Responses of the history models
                     val,                  # Responses of the validation models
                     budget=50,            # k
                     seed=0,               # seed of the initial anchors and of the weights
                     lr=5e-4,              # Adam learning rate
                     steps=10,             # R refinement steps
                     proxy_epochs=2000,    # epochs of every (fresh) proxy
                     final_epochs=20000,   # most epochs of the final MLP
                     check_every=500,      # epochs between validation checks of the final MLP
                     patience=30,          # checks without a new best before stopping
                     init='kmeans',        # initial anchors: 'kmeans' or 'random' (their script: random for MMLU and Winogrande)
                     device=None,          # torch device
                    )->dict:               # anchors, parameters, epochs
    """The authors' schedule as their public script runs it: 0/1 inputs; initial anchors from k-means on the normalised
    +-1 item vectors (or at random); R fresh proxies of 2,000 full-batch epochs, each followed by one AIS/CIS swap; a
    fresh final MLP of up to 20,000 epochs kept at its best check (validation loss no higher and Kendall's tau no lower)."""
    dev = get_device(device)
    Ytr = fill_missing(history.Y)
    Yv = np.where(np.isnan(val.Y), Ytr.mean(0), val.Y).astype(np.float32)
    Y01, Yv01 = torch.as_tensor(Ytr, dtype=torch.float32, device=dev), torch.as_tensor(Yv, device=dev)
    y = torch.as_tensor(history.target, dtype=torch.float32, device=dev)
    yv = torch.as_tensor(val.target, dtype=torch.float32, device=dev)
    anchors = kmeans_anchors(encode(Ytr), budget, seed) if init == 'kmeans' else random_items(Ytr.shape[1], budget, seed)
    Yc = Y01 - 0.5
    epochs, t0 = 0, time.perf_counter()
    for r in range(steps):
        X = Y01[:, anchors]
        params, info = train_aggregator(X, y, lr=lr, max_epochs=proxy_epochs, seed=seed + r, device=dev)
        epochs += info['epochs']
        with torch.no_grad(): resid = aggregate(params, X) - y
        ais, cis = ais_scores(params, X, y), cis_scores(Yc, resid)
        cis[torch.as_tensor(anchors, device=dev)] = -1
        anchors = anchors.copy(); anchors[int(ais.argmin())] = int(cis.argmax())
        print(f"  authors' proxy {r + 1}/{steps}: {info['epochs']} epochs, {time.perf_counter() - t0:.0f} s so far", flush=True)
    params, fin = authors_final(Y01[:, anchors], y, Yv01[:, anchors], yv, lr, final_epochs, check_every, patience, seed + 99, dev)
    return dict(anchors=anchors, params={k: v.cpu() for k, v in params.items()}, epochs=epochs + fin, final_epochs=fin)

def authors_epoch_seconds(history, val, budget=50, seed=0, lr=5e-4, n_epochs=200, device=None)->float:
    "Seconds per epoch of the authors' MLP on this history (their schedule's cost is epochs x this)."
    dev = get_device(device)
    E = torch.as_tensor(encode(fill_missing(history.Y)), device=dev)
    y = torch.as_tensor(history.target, dtype=torch.float32, device=dev)
    anchors = kmeans_anchors(E.cpu().numpy(), budget, seed)
    _, info = train_aggregator(E[:, anchors], y, lr=lr, max_epochs=n_epochs, seed=seed, device=dev)
    if dev.type == 'cuda': torch.cuda.synchronize()
    return info['seconds'] / n_epochs

OURS, AUTHORS = 'sparse_eval (R=10)', "authors' schedule"

def _key(r): return (r['benchmark'], r['budget'], r['seed'], r['device'], r['method'])

def run(benchmarks=('gsm8k',), budget=50, seeds=(0,), lr=5e-4, devices=None, out=DEFAULT_OUT, which='both', project_epochs=None,
        append=False, **ours)->list:
    "Time the fits on each benchmark, device and seed; return (and write to `out`) one record per method, device and seed."
    if which not in ('both', 'ours', 'authors'): raise ValueError(f"which must be 'both', 'ours' or 'authors', got {which!r}")
    recs = []
    for b in ([benchmarks] if isinstance(benchmarks, str) else benchmarks):
        for s in ([seeds] if np.ndim(seeds) == 0 else seeds):
            recs += _run_seed(b, budget, int(s), lr, devices, which, project_epochs, ours)
            if out is None: continue
            # after every seed, so that a long run keeps its records; with `append`, `out`'s other records stay (a record of
            # the same benchmark, budget, seed, device and method is replaced), so that runs can go side by side
            with open(f'{out}.lock', 'w') as lock:  # processes side by side: one read-modify-write at a time
                fcntl.flock(lock, fcntl.LOCK_EX)
                old = json.loads(Path(out).read_text()) if append and Path(out).exists() else []
                new = {_key(r) for r in recs}
                Path(out).write_text(json.dumps([r for r in old if _key(r) not in new] + recs, indent=1))
    return recs

def _run_seed(benchmark, budget, seed, lr, devices, which, project_epochs, ours)->list:
    if devices is None: devices = ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])
    R = protocol_data(openllm_v1(benchmark))
    sp = R.split_models(n_test=200, n_val=200, seed=seed)
    truth = sp.test.target
    init = AUTHORS_INIT.get(benchmark, 'kmeans')
    recs = []
    for dev in devices:
        if which in ('both', 'ours'):
            t0, c0 = time.perf_counter(), time.process_time()
            se = SparseEval(budget=budget, random_state=seed, device=dev, **ours).fit(sp.history, val=sp.val)
            t_ours, c_ours = time.perf_counter() - t0, time.process_time() - c0
            pred = se.estimate_many(sp.test)
            recs.append(dict(method=OURS, device=dev, fit_s=t_ours, cpu_s=c_ours, mae=mae(pred, truth), tau=kendall_tau(pred, truth),
                             epochs=sum(se.epochs_.values()), phase_epochs=se.epochs_, phase_s=se.seconds_, init=se.init_,
                             settings=ours))
        if which == 'ours': continue
        if project_epochs:
            # projection, not a full run: time `project_epochs` epochs of the authors' MLP, multiply by their schedule's
            # epochs (10 x 2,000 proxy epochs + a final fit of 15,001 to 20,000 epochs: patience 30 checks of 500)
            per = authors_epoch_seconds(sp.history, sp.val, budget, seed, lr, project_epochs, dev)
            for label, fin in (('min', 15_001), ('max', 20_000)):
                recs.append(dict(method=f"{AUTHORS}, projected {label}", device=dev, fit_s=per * (20_000 + fin), mae=float('nan'),
                                 tau=float('nan'), epochs=20_000 + fin, init=init, projected_from_epochs=project_epochs,
                                 s_per_epoch=per, lr=lr))
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        a = authors_schedule(sp.history, sp.val, budget, seed, lr, init=init, device=dev)
        t_auth, c_auth = time.perf_counter() - t0, time.process_time() - c0
        Yt = np.where(np.isnan(sp.test.Y), np.nanmean(sp.history.Y, 0), sp.test.Y)[:, a['anchors']]
        with torch.no_grad(): pa = aggregate(a['params'], torch.as_tensor(Yt, dtype=torch.float32)).double().numpy()
        recs.append(dict(method=AUTHORS, device=dev, fit_s=t_auth, cpu_s=c_auth, mae=mae(pa, truth), tau=kendall_tau(pa, truth),
                         epochs=int(a['epochs']), final_epochs=int(a['final_epochs']), init=init, lr=lr))
    meta = dict(benchmark=benchmark, shape=list(R.shape), n_history=sp.history.n_models, budget=budget, seed=seed,
                threads=torch.get_num_threads(), **code_version())
    for r in recs: r.update(meta)
    return recs

def report(recs, commit=None)->list:
    """Lines of text: every record, then per benchmark and device the seeds both methods ran, the ratio of total fit
    time (and of process CPU time), and the paired MAE difference (ours - theirs: mean and standard deviation over seeds).
    `commit`: only our records made at this commit (the authors' records are compared whatever made them)."""
    recs = [r for r in recs if r['method'] in (OURS, AUTHORS)]
    if commit: recs = [r for r in recs if r['method'] == AUTHORS or r['commit'] == commit]
    lines = [f"{r['benchmark']:10s} seed {r['seed']} {r['device']:4s} {r['method']:20s} fit {r['fit_s']:7.1f} s  "
             f"epochs {r['epochs']:6d}  MAE {r['mae']:.3f}  tau {r['tau']:.3f}" for r in recs]
    groups = sorted({(r['benchmark'], r['device'], r['budget']) for r in recs})
    tot = {OURS: [0.0, 0.0], AUTHORS: [0.0, 0.0]}
    diffs = []
    for b, dev, k in groups:
        by = {m: {r['seed']: r for r in recs if (r['benchmark'], r['device'], r['budget'], r['method']) == (b, dev, k, m)} for m in (OURS, AUTHORS)}
        seeds = sorted(set(by[OURS]) & set(by[AUTHORS]))
        if not seeds: continue
        o, a = [by[OURS][s] for s in seeds], [by[AUTHORS][s] for s in seeds]
        d = np.array([x['mae'] - y['mae'] for x, y in zip(o, a)])
        diffs += list(d)
        for m, rs in ((OURS, o), (AUTHORS, a)):
            tot[m][0] += sum(r['fit_s'] for r in rs); tot[m][1] += sum(r.get('cpu_s', np.nan) for r in rs)
        ratio = sum(r['fit_s'] for r in a) / sum(r['fit_s'] for r in o)
        cpu = sum(r.get('cpu_s', np.nan) for r in a) / sum(r.get('cpu_s', np.nan) for r in o)
        lines.append(f"{b} ({dev}, k={k}, {len(seeds)} seeds): fit {sum(r['fit_s'] for r in o):.0f} s vs {sum(r['fit_s'] for r in a):.0f} s, "
                     f"x{ratio:.1f} wall, x{cpu:.1f} CPU; MAE {np.mean([r['mae'] for r in o]):.3f} vs {np.mean([r['mae'] for r in a]):.3f}, "
                     f"paired difference {d.mean():+.3f} +- {d.std(ddof=1) if len(d) > 1 else 0:.3f}")
    if diffs:
        lines.append(f"all: x{tot[AUTHORS][0] / tot[OURS][0]:.1f} wall, x{tot[AUTHORS][1] / tot[OURS][1]:.1f} CPU; paired MAE difference "
                     f"{np.mean(diffs):+.3f} +- {np.std(diffs, ddof=1) if len(diffs) > 1 else 0:.3f} over {len(diffs)} fits")
    return lines

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--benchmarks', nargs='+', default=['gsm8k'])
    ap.add_argument('--budget', type=int, default=50)
    ap.add_argument('--seeds', type=int, nargs='+', default=[0], help='splits to run (a new split and seed each)')
    ap.add_argument('--lr', type=float, default=5e-4, help="the authors' learning rate (5e-4 in their script)")
    ap.add_argument('--devices', nargs='*', default=None, help='cpu and/or cuda (default: cpu, and cuda when present)')
    ap.add_argument('--which', default='both', choices=['both', 'ours', 'authors'], help='which fits to run')
    ap.add_argument('--out', default=str(DEFAULT_OUT))
    ap.add_argument('--project', type=int, default=0, metavar='N',
                    help="do not run the authors' schedule: time N of its epochs and project its cost (a slow machine)")
    ap.add_argument('--append', action='store_true',
                    help="keep --out's other records (runs side by side, or ours and theirs in separate runs), then report all")
    ap.add_argument('--report', action='store_true', help='only print the report of --out')
    args = ap.parse_args()
    if not args.report:
        recs = run(args.benchmarks, args.budget, args.seeds, args.lr, args.devices, args.out, args.which, args.project, args.append)
    if args.append or args.report: recs = json.loads(Path(args.out).read_text())
    print('\n'.join(report(recs)))
