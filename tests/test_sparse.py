"SparseEval: the contract, save/load exactness, bad input, the claim on real data, and CPU/GPU parity."
import numpy as np
import pytest
import torch
from efficient_eval import Responses, check_estimator, get_method, load, save
from efficient_eval.data import openllm_v1, find_data_dir, synthetic_irt
from efficient_eval.evaluate import evaluate
from efficient_eval.sparse.model import aggregate, encode, init_params, train_aggregator, to_module
from efficient_eval.sparse.refine import SparseEval, SparseLinear, kmeans_anchors, fill_missing

FAST = dict(max_epochs=200, proxy_epochs=10, refine_steps=3)

def _have_data():
    try: return find_data_dir() is not None
    except FileNotFoundError: return False

@pytest.fixture(scope='module')
def syn():
    return synthetic_irt(n_models=400, n_items=120, dim=2, random_state=0).split_models(n_test=50, n_val=50, seed=0)

def test_registered():
    assert get_method('sparse_eval') is SparseEval and get_method('sparse_linear') is SparseLinear
    assert SparseLinear().aggregator == 'linear' and SparseEval().aggregator == 'mlp'

@pytest.mark.parametrize('cls,kw', [(SparseEval, FAST), (SparseLinear, dict(refine_steps=3))])
def test_contract(cls, kw):
    assert all(check_estimator(cls, **kw).values())

@pytest.mark.parametrize('init', ['adaptive', 'kmeans', 'random'])
def test_inits_and_save_load_exact(tmp_path, syn, init):
    est = SparseEval(budget=15, random_state=3, init=init, **FAST).fit(syn.history, val=syn.val)
    assert est.init_ == (init if init != 'adaptive' else est.init_) and est.init_ in ('kmeans', 'random')
    assert len(est.anchors_) == 15 and len(set(est.anchors_.tolist())) == 15
    est2 = load(save(est, tmp_path / 'se'))
    assert est2.get_params()['init'] == init
    for k, v in est.params_.items():
        assert isinstance(est2.params_[k], torch.Tensor) and torch.equal(est2.params_[k], v)
    np.testing.assert_array_equal(est2.anchors_, est.anchors_)
    np.testing.assert_array_equal(est2.estimate_many(syn.test), est.estimate_many(syn.test))
    assert est2.refine_log_ == est.refine_log_ and est2.swaps_ == est.swaps_

def test_same_seed_same_fit_and_seed_matters(syn):
    a = SparseEval(budget=10, random_state=1, **FAST).fit(syn.history)
    b = SparseEval(budget=10, random_state=1, **FAST).fit(syn.history)
    c = SparseEval(budget=10, random_state=2, init='random', **FAST).fit(syn.history)
    np.testing.assert_array_equal(a.anchors_, b.anchors_)
    np.testing.assert_array_equal(a.estimate_many(syn.test), b.estimate_many(syn.test))
    assert not np.array_equal(np.sort(a.anchors_), np.sort(c.anchors_))

def test_refine_log_replays_to_anchors(syn):
    est = SparseEval(budget=10, random_state=0, accept='val', **FAST).fit(syn.history, val=syn.val)
    log = est.refine_log_
    assert len(log['step']) == 3 and len(est.swaps_) == sum(log['accepted'])
    a = list(est.init_anchors_)
    for out, new in est.swaps_: a[a.index(out)] = new
    assert a == est.anchors_.tolist()

def test_missing_cells_and_history_frac(syn):
    Y = syn.history.Y
    Y[np.random.default_rng(0).random(Y.shape) < 0.2] = np.nan
    h = syn.history.replace(Y=Y, scores=syn.history.target)
    est = SparseEval(budget=10, history_frac=0.5, **FAST).fit(h)
    p = est.estimate_many(syn.test)
    assert np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all()

@pytest.mark.parametrize('kw,msg', [(dict(init='pca'), 'init must be one of'), (dict(aggregator='tree'), 'aggregator must be one of'),
                                    (dict(refine_steps=-1), 'refine_steps must be an int >= 0'),
                                    (dict(history_frac=1.5), 'history_frac must be in (0, 1]'),
                                    (dict(accept='maybe'), 'accept must be'), (dict(lr=0), 'lr must be positive'),
                                    (dict(final_restarts=-1), 'final_restarts must be an int >= 0'),
                                    (dict(final_patience=0), 'final_patience must be an int >= 1'),
                                    (dict(budget=0), 'budget'), (dict(budget=10_000), 'exceeds')])
def test_bad_settings(syn, kw, msg):
    with pytest.raises(ValueError, match=msg.replace('(', r'\(').replace(')', r'\)').replace('[', r'\[').replace(']', r'\]')):
        SparseEval(**{**dict(budget=5), **kw}).fit(syn.history)

def test_final_restart_kept_only_when_better_on_validation(syn):
    "The final aggregator is the warm one without restarts; with them, the kept one has the lowest validation loss."
    warm = SparseEval(budget=10, final_restarts=0, **FAST).fit(syn.history, val=syn.val)
    assert warm.final_ == 'warm'
    both = SparseEval(budget=10, final_restarts=2, **FAST).fit(syn.history, val=syn.val)
    assert both.final_ in ('warm', 'fresh 1', 'fresh 2')
    np.testing.assert_array_equal(both.anchors_, warm.anchors_)  # the restarts change the read-out, never the anchors
    assert both.val_loss_ <= warm.val_loss_ * 1.05  # the warm member continues with more patience, so it can only gain

def test_bad_input(syn):
    est = SparseEval(budget=10, **FAST).fit(syn.history)
    with pytest.raises(ValueError, match='shape'): est.predict(np.ones((3, 9)))
    with pytest.raises(ValueError, match='NaN'): est.estimate(lambda i: np.full(len(i), np.nan))
    with pytest.raises(ValueError, match='outside'): est.predict(np.full((2, 10), 2.))
    with pytest.raises(ValueError, match='y must have shape'): train_aggregator(torch.zeros(5, 3), torch.zeros(4))
    with pytest.raises(ValueError, match='exceeds the'): kmeans_anchors(np.zeros((5, 3)), 4)

def test_aggregator_module_matches():
    p = init_params(6, seed=1)
    X = encode(torch.rand(20, 6).round())
    torch.testing.assert_close(to_module(p)(X).squeeze(1), aggregate(p, X))

def test_fill_missing():
    np.testing.assert_allclose(fill_missing(np.array([[1, np.nan], [0, np.nan], [1, 1.]])), [[1, 1], [0, 1], [1, 1]])

@pytest.mark.skipif(not _have_data(), reason='the openllm_v1 data is not present (../shared/data/openllm_v1)')
def test_claim_mlp_beats_linear_and_random_ridge():
    "Pool protocol, budget 50, seed 0: sparse_eval has a lower MAE than sparse_linear and random_ridge (margin 0.05 pp)."
    data = {b: openllm_v1(b) for b in ('mmlu', 'winogrande')}
    df = evaluate(['sparse_eval', 'sparse_linear', 'random_ridge'], data, budgets=[50], seeds=[0], progress=False)
    tab = df.pivot_table(index='benchmark', columns='method', values='mae')
    for b, r in tab.iterrows():
        assert r.sparse_eval < r.sparse_linear - 0.05, (b, r.to_dict())
        assert r.sparse_eval < r.random_ridge - 0.05, (b, r.to_dict())

@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_gpu_matches_cpu(syn):
    kw = dict(budget=15, random_state=0, init='kmeans', **FAST)
    cpu = SparseEval(device='cpu', **kw).fit(syn.history, val=syn.val)
    gpu = SparseEval(device='cuda', **kw).fit(syn.history, val=syn.val)
    np.testing.assert_array_equal(gpu.init_anchors_, cpu.init_anchors_)  # k-means runs on the host
    assert all(v.device.type == 'cpu' for v in gpu.params_.values())    # saved weights live on the CPU
    p_cpu, p_gpu = cpu.estimate_many(syn.test), gpu.estimate_many(syn.test)
    assert np.isfinite(p_gpu).all()
    # dropout masks come from the device's generator, so the paths differ; the estimates must agree closely
    assert np.abs(p_cpu - p_gpu).mean() < 0.03, np.abs(p_cpu - p_gpu).mean()
    X = encode(torch.rand(50, 15).round())
    params, _ = train_aggregator(X.cuda(), X.mean(1).cuda() / 2 + 0.5, max_epochs=20, device='cuda')
    assert params['w0'].device.type == 'cuda'
