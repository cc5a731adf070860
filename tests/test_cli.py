"The efficient-eval command line, run as a user runs it: in a process of its own."
import os, subprocess, sys, time
from pathlib import Path
import numpy as np
import pandas as pd
import pytest

def run(*args, cwd=None):
    return subprocess.run([sys.executable, '-m', 'efficient_eval', *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, 'MPLBACKEND': 'Agg'}, timeout=300)

@pytest.fixture(scope='module')
def toy(tmp_path_factory):
    "A 700 x 120 benchmark as an npz file and as a long CSV table."
    d = tmp_path_factory.mktemp('toy')
    rng = np.random.default_rng(0)
    theta, b = rng.normal(0, 1, 700), rng.normal(0, 1, 120)
    Y = (rng.random((700, 120)) < 1 / (1 + np.exp(-(theta[:, None] - b)))).astype(np.uint8)
    Y[0, :5] = 255
    models, items = np.array([f'm{i}' for i in range(700)]), np.array([f'q{i}' for i in range(120)])
    np.savez(d / 'toy.npz', Y=Y, models=models, item_ids=items, full_score_olb=Y.clip(0, 1).mean(1).astype(np.float32))
    r, c = np.nonzero(Y != 255)
    pd.DataFrame({'source': models[r], 'item': items[c], 'correct': Y[r, c]}).to_csv(d / 'toy.csv', index=False)
    return d

def test_demo_prints_table_and_saves_plot(tmp_path):
    r = run('demo', '--seeds', '2', '--out', str(tmp_path / 'demo.png'), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'MAE (percentage points)' in r.stdout and 'random_ridge' in r.stdout and 'Kendall tau' in r.stdout
    assert (tmp_path / 'demo.png').stat().st_size > 10_000

def test_methods_lists_registry():
    r = run('methods')
    assert r.returncode == 0 and 'random_ridge' in r.stdout and 'sparse_eval' in r.stdout and 'seed 0' not in r.stdout

def test_bench_on_a_file(toy, tmp_path):
    r = run('bench', '--data', str(toy / 'toy.npz'), '--seeds', '2', '--budgets', '10', '0.25',
            '--out', str(tmp_path / 'res.csv'), '--plot', str(tmp_path / 'res.png'))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(tmp_path / 'res.csv')
    assert set(df.method) == {'random', 'random_ridge'} and set(df.k) == {10, 30} and len(df) == 8
    assert (tmp_path / 'res.png').exists()

def test_bench_on_a_long_table_with_any_capitalisation(toy, tmp_path):
    r = run('bench', '--data', str(toy / 'toy.csv'), '--methods', 'RANDOM', 'Random_Ridge', '--seeds', '1', '--budgets', '10', '80',
            '--out', str(tmp_path / 'res.csv'))
    assert r.returncode == 0, r.stderr
    assert set(pd.read_csv(tmp_path / 'res.csv').method) == {'random', 'random_ridge'}
    assert 'skipped: budget 80 on toy (80 of its 120 items, above half of them)' in r.stdout

def test_bench_on_shared_folder(needs_data):
    r = run('bench', '--benchmarks', 'mmlu', '--seeds', '1', '--protocol', 'leaderboard', cwd=Path(__file__).parents[1])
    assert r.returncode == 0, r.stderr
    assert 'mmlu' in r.stdout and 'leaderboard protocol' in r.stdout

def test_output_folder_is_checked_before_the_run(toy, tmp_path):
    t0 = time.perf_counter()
    r = run('bench', '--data', str(toy / 'toy.npz'), '--seeds', '5', '--out', str(tmp_path / 'missing' / 'res.csv'))
    assert r.returncode == 2 and 'does not exist' in r.stderr and 'MAE' not in r.stdout, r.stderr
    assert time.perf_counter() - t0 < 60

def test_help_shows_defaults():
    r = run('bench', '--help')
    assert r.returncode == 0 and '(default: 5)' in r.stdout and '(default: pool)' in r.stdout

@pytest.mark.parametrize('args, msg', [
    (['bench', '--data', 'no/such.npz'], "--data 'no/such.npz' does not exist"),
    (['bench', '--data', 'corrupt.npz'], "is not a readable .npz file"),
    (['bench', '--benchmarks', 'mmlux', '--seeds', '1'], 'mmlux'),
    (['bench', '--methods', 'randon', '--benchmarks', 'mmlu'], "did you mean 'random'"),
    (['bench', '--budgets', '0'], 'a budget is a count of items >= 1 (50) or a fraction in (0, 1) (0.1), got 0'),
    (['bench', '--budgets', 'ten'], "'ten' is not a number"),
    (['demo', '--seeds', '0'], 'argument --seeds: must be at least 1'),
    (['demo', '--budgets', '0'], 'a budget is a count of items >= 1'),
    (['fly'], 'invalid choice')])
def test_bad_arguments_exit_2_with_reason(tmp_path, args, msg):
    (tmp_path / 'corrupt.npz').write_bytes(b'PK\x03\x04 this is not a zip archive')
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert msg in r.stderr and 'Traceback' not in r.stderr, r.stderr
    if args[0] in ('bench', 'demo'): assert r.stderr.startswith(f'usage: efficient-eval {args[0]}'), r.stderr
    assert 'path=' not in r.stderr  # the command line's words, not the Python API's
