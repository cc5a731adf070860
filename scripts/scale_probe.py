"""Fit time and peak memory of every registered method on a large synthetic history, and which methods refuse it up front.

Builds a synthetic binary history (a 1-D IRT model, 5 % of cells missing; 1 GB as uint8 at 10,000 x 100,000), saves
it to a temporary .npy file, then fits every registered method on it (budget 50) in a process of its own, with a
time limit, and records what happened: fitted (fit seconds, the process's peak memory, one estimate), refused (the
error message, which must name the memory it would need and what to pass instead), or failed (anything else: a crash,
the time limit, the allocator). Records go to scripts/results/scale_probe.json, each with the history's shape and the
code version; a record of the same method and shape is replaced, others stay, so one file holds every size. Prints a
table.

    python scripts/scale_probe.py                                  # 10,000 x 100,000, every method
    python scripts/scale_probe.py --models 5000 --items 1000 --repeat 3   # 5,000 x 1,000, every method, median of 3 fits
    python scripts/scale_probe.py --models 2000 --items 20000 --methods anchor_points cf
"""
from __future__ import annotations
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from efficient_eval import list_methods
from efficient_eval.evaluate import code_version

OUT = Path(__file__).parent / 'results' / 'scale_probe.json'

CHILD = '''
import json, resource, sys, time
import numpy as np
from efficient_eval import Responses, get_method
Y = np.load(sys.argv[1], mmap_mode='r')
R = Responses(np.asarray(Y))
rec = dict(method=sys.argv[2])
try:
    est = get_method(sys.argv[2], budget=50, random_state=0)   # imports the method's module: not part of the fit
    t0 = time.perf_counter()
    est.fit(R)
    rec['fit_s'] = round(time.perf_counter() - t0, 1)
    row = np.nan_to_num(R[0].Y[0], nan=0.0)
    rec.update(status='fitted', score=round(est.estimate(row).score, 4))
except (ValueError, TypeError) as e: rec.update(status='refused', message=str(e))
rec['peak_gb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)
print(json.dumps(rec))
'''

def synthetic(n_models, n_items, missing=0.05, seed=0, chunk=500):
    "A binary 1-D IRT history as uint8 (255 = missing), built in row chunks so that no float copy of the whole exists."
    rng = np.random.default_rng(seed)
    theta, b = rng.normal(0, 1.5, n_models), rng.normal(0, 1.5, n_items)
    Y = np.empty((n_models, n_items), np.uint8)
    for s in range(0, n_models, chunk):
        p = 1 / (1 + np.exp(-(theta[s:s + chunk, None] - b[None])))
        blk = (rng.random(p.shape) < p).astype(np.uint8)
        blk[rng.random(p.shape) < missing] = 255
        Y[s:s + chunk] = blk
    return Y

def _threads():
    import os
    return int(os.environ.get('OMP_NUM_THREADS') or os.cpu_count())

def _fit_once(f, m, timeout):
    "One fit of method m in a process of its own: its record."
    try:
        r = subprocess.run([sys.executable, '-c', CHILD, str(f), m], capture_output=True, text=True, timeout=timeout)
        lines = [l for l in r.stdout.splitlines() if l.startswith('{')]
        return json.loads(lines[-1]) if lines else dict(method=m, status='failed', message=(r.stderr or '')[-600:], returncode=r.returncode)
    except subprocess.TimeoutExpired: return dict(method=m, status='failed', message=f'over the time limit of {timeout} s')

def probe(n_models=10_000, n_items=100_000, methods=None, timeout=1800, repeat=1):
    methods = methods or list_methods()
    recs = []
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / 'history.npy'
        t0 = time.perf_counter(); np.save(f, synthetic(n_models, n_items))
        print(f"history {n_models:,} x {n_items:,} built in {time.perf_counter() - t0:.0f} s", flush=True)
        for m in methods:
            t0 = time.perf_counter()
            runs = []
            for _ in range(repeat):                      # on a shared machine one run can be off by a fifth: the median of a few
                runs.append(_fit_once(f, m, timeout))
                if runs[-1]['status'] != 'fitted': break
            rec = runs[-1]
            if len(runs) > 1 and rec['status'] == 'fitted':
                rec.update(fit_s=float(np.median([r['fit_s'] for r in runs])), fit_s_runs=[r['fit_s'] for r in runs],
                           peak_gb=max(r['peak_gb'] for r in runs))
            rec.update(wall_s=round(time.perf_counter() - t0, 1), shape=[n_models, n_items], threads=_threads(), **code_version())
            print(json.dumps(rec), flush=True)
            recs.append(rec)
    return recs

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--models', type=int, default=10_000, help='history models')
    ap.add_argument('--items', type=int, default=100_000, help='items')
    ap.add_argument('--methods', nargs='+', default=None, help='methods to probe (default: all registered)')
    ap.add_argument('--timeout', type=int, default=1800, help='seconds one fit may take')
    ap.add_argument('--repeat', type=int, default=1, help='fits per method: the record holds the median fit time (and every run\'s) and the largest peak')
    ap.add_argument('--out', default=str(OUT), help='the results file')
    a = ap.parse_args()
    recs = probe(a.models, a.items, a.methods, a.timeout, a.repeat)
    key = lambda r: (r['method'], tuple(r['shape']))
    old = json.loads(Path(a.out).read_text()) if Path(a.out).exists() else []
    Path(a.out).write_text(json.dumps([r for r in old if key(r) not in {key(x) for x in recs}] + recs, indent=1))
    for r in recs: print(f"{r['method']:20s} {r['status']:8s} {r.get('fit_s', ''):>8} s  peak {r.get('peak_gb', '?')} GB  {r.get('message', '')[:150]}")
