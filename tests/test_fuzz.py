"""The property-based sweep over every public entry point: random shapes, dtypes, NaN patterns, names, budgets and
oracles. Each call either works (finite results in [0, 1], within its budget) or raises ValueError / TypeError;
anything else (an IndexError from deep inside numpy, a RuntimeError, a NaN) fails the test, and hypothesis shrinks it
to the smallest input that does. EFFICIENT_EVAL_FUZZ_EXAMPLES sets the examples per test (50 in CI); EFFICIENT_EVAL_FUZZ_RANDOM=1 draws new cases
instead of the same ones every run."""
import io, os, tempfile, warnings
from pathlib import Path
import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from conftest import CASES
from efficient_eval import Responses, get_method, list_methods, load, mae, kendall_tau, spearman, read_long
from efficient_eval.core import fill_missing, item_similarity, kmeans_items, random_items
from efficient_eval.estimator import resolve_budget

N = int(os.environ.get('EFFICIENT_EVAL_FUZZ_EXAMPLES', 50))
SWEEP = settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck),
                 derandomize=not os.environ.get('EFFICIENT_EVAL_FUZZ_RANDOM'))  # CI: the same cases every run
FAST = dict(sparse_eval=dict(max_epochs=20, proxy_epochs=2, refine_steps=1, check_every=5, patience=1, final_patience=1),
            sparse_linear=dict(max_epochs=20, proxy_epochs=2, refine_steps=1, check_every=5, patience=1, final_patience=1),
            irt=dict(max_iter=20), pirt=dict(max_iter=20), gpirt=dict(max_iter=20),
            auto=dict(candidates=('random', 'random_ridge', 'cat', ('gpirt', dict(max_iter=20)), 'cf')))

def count(name): CASES[name] = CASES.get(name, 0) + 1

def attempt(f):
    "f(), or None when it refuses its input with ValueError / TypeError; any other error fails the test."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # a warning is not a failure; an exception other than these two is
            return f()
    except (ValueError, TypeError): return None

# ---- inputs
CELLS = st.sampled_from([0., 1., 1., 0., 0.5, 0.25, np.nan])
BAD_CELLS = st.sampled_from([0., 1., np.nan, 0.5, np.inf, -0.5, 2.0])
KINDS = st.sampled_from(['float64', 'float32', 'uint8', 'bool', 'int64', 'torch', 'list', 'frame', 'complex', 'object'])
NAMES = st.sampled_from(['default', 'named', 'repeated', 'blank', 'mixed'])

def matrices(rows=(1, 14), cols=(1, 12), bad=False):
    "Matrices of results with missing cells (and, when `bad`, infinities and values outside [0, 1])."
    return arrays(np.float64, st.tuples(st.integers(*rows), st.integers(*cols)), elements=BAD_CELLS if bad else CELLS)

def as_kind(Y, kind):
    "Y in one of the forms users pass (a bool or uint8 cast of a graded matrix is the user's own rounding)."
    if kind == 'float32': return Y.astype(np.float32)
    if kind == 'uint8': return np.where(np.isnan(Y), 255, np.nan_to_num(Y) >= 0.5).astype(np.uint8)
    if kind == 'bool': return np.nan_to_num(Y) >= 0.5
    if kind == 'int64': return np.nan_to_num(Y, nan=0, posinf=9, neginf=-9).astype(np.int64)
    if kind == 'torch': return torch.tensor(Y)
    if kind == 'list': return Y.tolist()
    if kind == 'frame': return pd.DataFrame(Y)
    if kind == 'complex': return Y.astype(complex)
    if kind == 'object': return Y.astype(object)
    return Y

def names(kind, n, prefix):
    if kind == 'default': return None
    if kind == 'named': return [f'{prefix}{j}' for j in range(n)]
    if kind == 'repeated': return [f'{prefix}0'] * n
    if kind == 'blank': return [None] + [f'{prefix}{j}' for j in range(1, n)]
    return [j if j % 2 else str(j) for j in range(n)] if n < 3 else [1, '1'] + [f'{prefix}{j}' for j in range(2, n)]

def check_responses(R, Y):
    assert R.shape == np.shape(Y)
    obs = R.Y[R.observed]
    assert np.isfinite(obs).all() and (obs >= 0).all() and (obs <= 1).all()
    assert len(set(R.models)) == R.n_models and len(set(R.items)) == R.n_items
    m = R.mean_scores()
    assert np.array_equal(np.isnan(m), ~R.observed.any(1))

# ---- the data layer
@SWEEP
@given(Y=matrices(bad=True), kind=KINDS, mnames=NAMES, inames=NAMES, scores=st.booleans())
def test_responses(Y, kind, mnames, inames, scores):
    count('Responses')
    n, m = Y.shape
    R = attempt(lambda: Responses(as_kind(Y, kind), models=names(mnames, n, 'm'), items=names(inames, m, 'q'),
                                  scores=np.linspace(0, 1, n) if scores else None))
    if R is not None: check_responses(R, Y if kind not in ('bool', 'uint8', 'int64') else R.Y)

@SWEEP
@given(rows=st.lists(st.tuples(st.sampled_from(['a', 'b', 'c', None, '', 1, '1', np.nan]),
                               st.sampled_from(['q1', 'q2', 'q3', None, 2]),
                               st.sampled_from([0, 1, 0.5, True, 'x', np.nan, 1.5, 1j])), min_size=0, max_size=12),
       duplicates=st.sampled_from(['error', 'mean', 'last', 'first']))
def test_from_long(rows, duplicates):
    count('Responses.from_long')
    df = pd.DataFrame(rows, columns=['model', 'item', 'value'])
    R = attempt(lambda: Responses.from_long(df, duplicates=duplicates))
    if R is not None:
        check_responses(R, R.Y)
        assert R.observed.sum() == len(df.drop_duplicates(['model', 'item']))
    csv = io.StringIO(); df.rename(columns={'model': 'source', 'value': 'correct'}).to_csv(csv, index=False)
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / 'long.csv').write_text(csv.getvalue())
        R2 = attempt(lambda: read_long(Path(d) / 'long.csv', duplicates=duplicates))
        if R2 is not None: check_responses(R2, R2.Y)

@SWEEP
@given(Y=matrices(), rows=st.one_of(st.lists(st.integers(-20, 20), max_size=6), st.just(slice(None)), st.just('m0'),
                                    st.lists(st.booleans(), max_size=14), st.just(1.5)),
       n_test=st.one_of(st.integers(-2, 16), st.floats(-1, 2), st.just('3')), n_val=st.one_of(st.integers(-2, 16), st.floats(0, 1)))
def test_slicing_and_splits(Y, rows, n_test, n_val):
    count('Responses[...] / split_models')
    R = Responses(Y)
    sub = attempt(lambda: R[rows])
    if sub is not None: check_responses(sub, sub.Y)
    sp = attempt(lambda: R.split_models(n_test, n_val, seed=0))
    if sp is not None:
        parts = [p for p in sp if p is not None]
        assert sum(p.n_models for p in parts) == R.n_models
        assert len(set().union(*(set(p.models) for p in parts))) == R.n_models

@SWEEP
@given(Y=matrices(bad=True), kind=st.sampled_from(['float64', 'torch', 'list', 'complex']), k=st.integers(-1, 14),
       sim=st.sampled_from(['centred', 'sign', 'cosine']))
def test_shared_building_blocks(Y, kind, k, sim):
    count('fill_missing / item_similarity / kmeans_items / random_items')
    F = attempt(lambda: fill_missing(as_kind(Y, kind)))
    if F is not None and np.isfinite(Y[~np.isnan(Y)]).all(): assert not np.isnan(np.asarray(F)).any()
    K = attempt(lambda: item_similarity(as_kind(Y, kind), sim, device='cpu'))
    if K is not None:
        K = np.asarray(K)
        assert np.isfinite(K).all() and (np.abs(K) <= 1 + 1e-6).all()
    if np.isfinite(Y).all():
        got = attempt(lambda: kmeans_items(Y.T, k, random_state=0))
        if got is not None: assert len(set(got[0].tolist())) == k and len(got[1]) == Y.shape[1]
    r = attempt(lambda: random_items(Y.shape[1], k, 0))
    if r is not None: assert len(set(r.tolist())) == k and r.max() < Y.shape[1]

@SWEEP
@given(p=st.one_of(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=8), st.just('x'), st.just([[0.1, 0.2]])),
       t=st.one_of(st.lists(st.floats(0, 1), max_size=8), st.just(None)))
def test_metrics(p, t):
    count('mae / kendall_tau / spearman')
    for f in (mae, kendall_tau, spearman):
        v = attempt(lambda: f(p, t))
        if v is not None: assert np.isfinite(v)

@SWEEP
@given(budget=st.one_of(st.integers(-5, 50), st.floats(-1, 60), st.sampled_from(['10', None, True, np.nan, np.inf])),
       n=st.integers(1, 40))
def test_budgets(budget, n):
    count('resolve_budget')
    k = attempt(lambda: resolve_budget(budget, n))
    if k is not None: assert 1 <= k <= n

# ---- every method
def budgets(m):
    "Mostly budgets that fit the m items (counts and fractions); sometimes ones that do not, or are not numbers."
    return st.one_of(st.integers(1, m), st.integers(1, m), st.integers(1, m), st.floats(0.01, 0.99),
                     st.integers(-1, 40), st.floats(-0.5, 1.5), st.sampled_from(['5', None, True]))

def oracle_of(kind, row):
    "An oracle for the new model `row`: well behaved, or broken in one of the ways user code breaks."
    buf = np.zeros(len(row) + 1)
    return dict(
        good=lambda i: row[i], array=row, tensor=lambda i: torch.tensor(row[i]),
        reusing=lambda i: (buf.__setitem__(slice(0, len(i)), row[i]), buf[:len(i)])[1],
        short=lambda i: row[i][:-1], nan=lambda i: np.full(len(i), np.nan), out_of_range=lambda i: row[i] + 1.5,
        strings=lambda i: ['x'] * len(i), short_array=row[:-1], scalar=lambda i: 0.5)[kind]

ORACLES = st.sampled_from(['good', 'array', 'tensor', 'reusing'] * 3 + ['short', 'nan', 'out_of_range', 'strings', 'short_array', 'scalar'])

@pytest.mark.parametrize('name', list_methods())
def test_method(name):
    @SWEEP
    @given(Y=matrices(rows=(1, 40), cols=(1, 25)), named=st.booleans(), seed=st.integers(0, 3),
           target=st.sampled_from(['none', 'none', 'none', 'random', 'nan', 'outside']), oracle=ORACLES, data=st.data())
    def run(Y, named, seed, target, oracle, data):
        count(name)
        n, m = Y.shape
        budget = data.draw(budgets(m))
        R = Responses(Y, items=[f'q{j}' for j in range(m)] if named else None)
        t = dict(none=None, random=np.random.default_rng(seed).random(n), nan=np.full(n, np.nan), outside=np.full(n, 2.))[target]
        est = get_method(name, budget=budget, random_state=seed, **FAST.get(name, {}))
        if attempt(lambda: est.fit(R, target=t)) is None: return
        assert 1 <= est.budget_ <= m
        new = data.draw(arrays(np.float64, m, elements=st.sampled_from([0., 1., 0.5])))
        res = attempt(lambda: est.estimate(oracle_of(oracle, new)))
        if res is not None:
            assert np.isfinite(res.score) and 0 <= res.score <= 1, res
            assert len(res.items) <= est.budget_ and len(set(res.items.tolist())) == len(res.items)
            ok = oracle in ('good', 'array', 'tensor', 'reusing') or (oracle == 'scalar' and len(res.items) == 1)  # one answer, one item
            assert ok, f"a broken oracle ({oracle}) was accepted"
        many = attempt(lambda: est.estimate_many(R[:, data.draw(st.permutations(range(m)))]))
        if many is not None: assert np.isfinite(many).all() and (many >= 0).all() and (many <= 1).all()
        if not est.adaptive:
            Ya = data.draw(arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(0, est.budget_ + 1)), elements=BAD_CELLS))
            p = attempt(lambda: est.predict(Ya))
            if p is not None: assert Ya.shape[1] == est.budget_ and np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all()
    run()

# ---- files
@pytest.fixture(scope='module')
def saved(tmp_path_factory):
    R = Responses(np.random.default_rng(0).integers(0, 2, (60, 30)))
    est = get_method('random_ridge', budget=8).fit(R)
    p = tmp_path_factory.mktemp('saved') / 'est'
    return est, est.save(p).read_bytes()

@SWEEP
@given(where=st.floats(0, 1), what=st.sampled_from(['truncate', 'flip', 'zero', 'append', 'empty']), byte=st.integers(0, 255))
def test_load_damaged(saved, where, what, byte):
    count('load')
    est, good = saved
    i = int(where * (len(good) - 1))
    bad = dict(truncate=good[:i], flip=good[:i] + bytes([good[i] ^ (byte or 1)]) + good[i + 1:],
               zero=good[:i] + bytes(min(64, len(good) - i)) + good[i + 64:], append=good + bytes([byte]) * 100, empty=b'')[what]
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / 'f').write_bytes(bad)
        got = attempt(lambda: load(Path(d) / 'f'))
    if got is not None:  # the damage missed everything that matters: it must still estimate
        s = got.estimate(np.ones(30) * 0.5).score
        assert np.isfinite(s) and 0 <= s <= 1
