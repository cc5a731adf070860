"""Sweeps across processes and clusters, and a store that resumes: `evaluate` gives the same rows serially, with
joblib's loky processes and on a Dask LocalCluster (loopback); a sweep interrupted halfway and run again fits only
the cells it had not finished."""
import json, os, subprocess, sys, textwrap
import numpy as np
import pandas as pd
import pytest

SWEEP = textwrap.dedent('''
    import importlib, json, joblib
    ev = importlib.import_module('efficient_eval.evaluate')
    from efficient_eval.data import synthetic_irt
    if __name__ == '__main__':
        syn = synthetic_irt(n_models=400, n_items=120, random_state=0)
        kw = dict(budgets=[10, 0.2], seeds=[0, 1], n_test=80, n_val=80, progress=False)
        methods = ['random_ridge', 'anchor_points', 'gpirt', 'cat', 'cf', 'sparse_linear']
        timing = ['fit_s', 'estimate_s']
        serial = ev.evaluate(methods, syn, **kw).drop(columns=timing)
        loky = ev.evaluate(methods, syn, n_jobs=2, **kw).drop(columns=timing)
        from dask.distributed import Client, LocalCluster
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host='127.0.0.1', dashboard_address=None) as cluster, Client(cluster):
            with joblib.parallel_config('dask'): dask = ev.evaluate(methods, syn, **kw).drop(columns=timing)
        print(json.dumps(dict(rows=len(serial), loky=serial.equals(loky), dask=serial.equals(dask),
                              mae=serial.mae.round(6).tolist(), dask_mae=dask.mae.round(6).tolist())))
''')

def test_same_rows_serial_loky_dask(tmp_path):
    "One thread per cell everywhere (OMP_NUM_THREADS=1): the IRT family's float32 fit depends on the BLAS thread count."
    pytest.importorskip('distributed', reason='Dask is not installed (pip install "efficient_eval[dask]")')
    (tmp_path / 'sweep.py').write_text(SWEEP)
    r = subprocess.run([sys.executable, 'sweep.py'], cwd=tmp_path, env=dict(os.environ, OMP_NUM_THREADS='1'),
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got['rows'] == 2 * 2 * 6
    assert got['loky'] and got['dask'], (got['mae'], got['dask_mae'])

@pytest.fixture
def counting():
    "A method that counts its fits, and can be told to die at the n-th (a sweep killed halfway)."
    from efficient_eval.estimator import RandomRidge
    class Counting(RandomRidge):
        fits, die_at = 0, None
        def _fit(self, history, target, val):
            type(self).fits += 1
            if type(self).fits == type(self).die_at: raise KeyboardInterrupt
            super()._fit(history, target, val)
    return Counting

def test_killed_sweep_resumes(tmp_path, counting):
    from efficient_eval.data import synthetic_irt
    from efficient_eval.evaluate import evaluate, read_results
    syn = synthetic_irt(n_models=300, n_items=60, random_state=0)
    kw = dict(budgets=[5, 10], seeds=range(3), n_test=50, n_val=50, progress=False)
    store = tmp_path / 'sweep.parquet'
    counting.die_at = 4                                   # killed while fitting the 4th of 6 cells
    with pytest.raises(KeyboardInterrupt): evaluate({'m': counting}, syn, store=store, **kw)
    assert len(read_results(store)) == 3                  # the three finished cells were written
    counting.fits, counting.die_at = 0, None
    df = evaluate({'m': counting}, syn, store=store, **kw)
    assert counting.fits == 3 and df.attrs['stored'] == 3 and len(df) == 6
    counting.fits = 0
    fresh = evaluate({'m': counting}, syn, **kw)
    timing = ['fit_s', 'estimate_s']
    pd.testing.assert_frame_equal(df.drop(columns=timing), fresh.drop(columns=timing))
    counting.fits = 0
    evaluate({'m': counting}, syn, store=store, **kw)     # all stored: nothing runs
    assert counting.fits == 0

def test_rerun_when_code_changed(tmp_path, counting):
    from efficient_eval.data import synthetic_irt
    from efficient_eval.evaluate import evaluate, read_results, save_results
    syn = synthetic_irt(n_models=300, n_items=60, random_state=0)
    kw = dict(budgets=[5], seeds=range(2), n_test=50, n_val=50, progress=False)
    store = tmp_path / 'sweep.csv'
    evaluate({'m': counting}, syn, store=store, **kw)
    old = read_results(store)
    old.loc[0, 'commit'] = 'abc1234'                       # one cell made by other code
    old.to_csv(store, index=False)
    counting.fits = 0
    evaluate({'m': counting}, syn, store=store, **kw)
    assert counting.fits == 0                              # 'never' (the default) keeps it
    evaluate({'m': counting}, syn, store=store, rerun='changed', **kw)
    assert counting.fits == 1
    assert (read_results(store).commit != 'abc1234').all() and len(read_results(store)) == 2
    evaluate({'m': counting}, syn, store=store, rerun='always', **kw)
    assert counting.fits == 3
