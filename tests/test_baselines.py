"Anchor Points and the tinyBenchmarks IRT family: contract, save/load, pairing of weights, recovery, the paper's claims."
import numpy as np
import pytest
import kmedoids
from efficient_eval import get_method, list_methods, load, save, check_estimator
from efficient_eval.core import Responses
from efficient_eval.data import synthetic_irt
from efficient_eval.metrics import mae
from efficient_eval.baselines.anchor_points import AnchorPoints, AnchorPointsRidge, anchor_clusters, item_distances, item_vectors
from efficient_eval.baselines.irt import (IRT, PIRT, GPIRT, fit_irt, fit_abilities, irt_anchors, recovery_report,
                                          canonical_correlations)

METHODS = ['anchor_points', 'anchor_points_ridge', 'irt', 'pirt', 'gpirt']

def test_registered():
    assert set(METHODS) <= set(list_methods())

@pytest.mark.parametrize('name', METHODS)
def test_contract(name):
    kw = {'dim': 1} if name in ('irt', 'pirt', 'gpirt') else {}
    assert all(check_estimator(get_method(name), **kw).values())

@pytest.fixture(scope='module')
def split():
    syn = synthetic_irt(n_models=500, n_items=120, missing=0.1, random_state=0)
    return syn.split_models(n_test=60, n_val=60, seed=0)

@pytest.mark.parametrize('name', METHODS)
def test_save_load_exact_with_missing_history(tmp_path, split, name):
    est = get_method(name)(budget=15, random_state=3).fit(split.history, val=split.val)
    est2 = load(save(est, tmp_path / name))
    np.testing.assert_array_equal(est2.anchors_, est.anchors_)
    full = np.nan_to_num(split.test.Y, nan=0.0)
    p1, p2 = est.estimate_many(full), est2.estimate_many(full)
    np.testing.assert_array_equal(p1, p2)
    assert np.isfinite(p1).all() and ((p1 >= 0) & (p1 <= 1)).all()

def test_anchor_weights_are_paired_with_their_medoids():
    rng = np.random.default_rng(0)
    Y = (rng.random((200, 90)) < np.linspace(0.05, 0.95, 90)).astype(np.float32)
    D = item_distances(Y, device='cpu')
    anchors, weights, labels = anchor_clusters(D, 7, random_state=0)
    assert (np.diff(anchors) > 0).all()
    np.testing.assert_array_equal(labels, D[:, anchors].argmin(1))
    np.testing.assert_allclose(weights, np.bincount(labels, minlength=7) / 90)
    np.testing.assert_array_equal(labels[anchors], np.arange(7))

def test_kmedoids_matches_the_library_objective():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 5))
    D = np.linalg.norm(X[:, None] - X[None], axis=-1)
    anchors, _, labels = anchor_clusters(D, 4, random_state=0)
    lib = kmedoids.fasterpam(D, 4, init='random', random_state=0, n_cpu=1)
    assert np.isclose(D[np.arange(60), anchors[labels]].sum(), lib.loss, rtol=0.05)

def test_item_vectors_fill_missing_with_item_mean():
    Y = np.array([[1, np.nan], [0, 1], [1, np.nan]], dtype=np.float32)
    np.testing.assert_allclose(item_vectors(Y), [[1, 0, 1], [1, 1, 1]])
    Y[:, 1] = np.nan
    np.testing.assert_allclose(item_vectors(Y)[1], 0.5)

def test_irt_recovers_generator():
    syn, true = synthetic_irt(n_models=1500, n_items=200, dim=2, random_state=0, return_params=True)
    rep = recovery_report(fit_irt(syn, dim=2, device='cpu'), true)
    assert rep['prob_corr'] > 0.95 and rep['difficulty_corr'] > 0.97 and rep['canonical_corr'][0] > 0.97

def test_fit_irt_masks_missing_cells():
    syn, true = synthetic_irt(n_models=1500, n_items=200, dim=1, missing=0.5, random_state=0, return_params=True)
    rep = recovery_report(fit_irt(syn, dim=1, device='cpu'), true)
    assert rep['prob_corr'] > 0.9 and rep['difficulty_corr'] > 0.95

def test_abilities_are_stationary_points():
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 2, (25, 2)), rng.normal(0, 1, 25)
    Y = (rng.random((40, 25)) < 0.5).astype(float)
    Y[0] = 1; Y[1] = 0                                     # all right / all wrong: finite thanks to the prior
    th = fit_abilities(Y, a, b, device='cpu')
    p = 1 / (1 + np.exp(-(th @ a.T - b)))
    np.testing.assert_allclose((Y - p) @ a - th, 0, atol=1e-6)

def test_irt_anchors_distinct_and_weighted():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(100, 2)), rng.normal(size=100)
    anc, w = irt_anchors(a, b, 12, random_state=0)
    assert len(set(anc.tolist())) == 12 and np.isclose(w.sum(), 1) and (np.diff(anc) > 0).all()

def test_canonical_correlations_invariant():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    np.testing.assert_allclose(canonical_correlations(X, X @ rng.normal(size=(3, 3)) - 2), 1, atol=1e-8)
    assert canonical_correlations(X, rng.normal(size=(300, 2))).max() < 0.3

def test_gpirt_beats_random_on_synthetic_small_budgets():
    syn = synthetic_irt(n_models=1200, n_items=300, random_state=5)
    for k in (10, 20):
        err = {m: [] for m in ('random', 'gpirt')}
        for seed in range(3):
            sp = syn.split_models(n_test=200, n_val=200, seed=seed)
            for m in err:
                est = get_method(m)(budget=k, random_state=seed).fit(sp.history, val=sp.val)
                err[m].append(mae(est.estimate_many(sp.test), sp.test.target))
        assert np.mean(err['gpirt']) < 0.9 * np.mean(err['random']), (k, err)

def test_bad_input():
    with pytest.raises(ValueError, match='dim must be a positive int'): fit_irt(np.ones((4, 3)), dim=0)
    with pytest.raises(ValueError, match='outside \\[0, 1\\]'): fit_irt(np.full((4, 3), 3.0))
    with pytest.raises(ValueError, match='at least 2 models'): fit_irt(np.ones((1, 3)))
    with pytest.raises(ValueError, match='must be \\(n, 4\\)'): fit_abilities(np.ones((2, 3)), np.ones((4, 1)), np.ones(4))
    with pytest.raises(ValueError, match='k must lie in'): irt_anchors(np.ones((5, 1)), np.ones(5), 6)
    with pytest.raises(ValueError, match='k must lie in'): anchor_clusters(np.zeros((5, 5)), 0)
    with pytest.raises(ValueError, match='square'): anchor_clusters(np.zeros((5, 4)), 2)
    h = synthetic_irt(n_models=50, n_items=30, random_state=0)
    with pytest.raises(ValueError, match='exceeds the 30 items'): AnchorPoints(budget=31).fit(h)
    with pytest.raises(ValueError, match='at least 5 history models'): GPIRT(budget=3).fit(h[:4])
    with pytest.raises(ValueError, match='at least 3 history models'): AnchorPointsRidge(budget=3).fit(h[:2])

def _have_data():
    from efficient_eval.data import find_data_dir
    try: find_data_dir(); return True
    except FileNotFoundError: return False

@pytest.mark.skipif(not _have_data(), reason='the openllm_v1 data is not present (../shared/data/openllm_v1)')
@pytest.mark.parametrize('bench', ['hellaswag', 'mmlu'])
def test_claim_leaderboard_budget_50(bench):
    "Anchor Points and gp-IRT each beat random-mean at 50 items on the leaderboard protocol, all calibrated (seeds 0, 1, 2)."
    from efficient_eval.data import openllm_v1
    from efficient_eval.evaluate import evaluate, summarize
    res = evaluate(['random', 'anchor_points', 'gpirt'], {bench: openllm_v1(bench)}, budgets=[50], seeds=range(3),
                   protocol='leaderboard', max_budget_frac=0.6, progress=False)  # HellaSwag's block: 97 items
    m = summarize(res).set_index('method').mae
    assert m['anchor_points'] < m['random'] - 0.1, m
    assert m['gpirt'] < m['random'] - 0.1, m

@pytest.mark.parametrize('cls', [AnchorPoints, IRT, PIRT, GPIRT])
def test_calibration_only_when_the_target_is_not_the_items_mean(cls):
    "calibrate='auto': identity on the items' mean; a line on another scale, which beats the raw read-out; bad values refused."
    kw = {'dim': 1} if cls is not AnchorPoints else {}
    R = synthetic_irt(n_models=300, n_items=80, random_state=1)
    sp = R.split_models(n_test=60, n_val=40, seed=0)
    est = cls(budget=15, **kw).fit(sp.history, val=sp.val)
    np.testing.assert_array_equal(est.scale_, [0., 1.])
    lb = lambda r: r.replace(scores=0.3 + 0.4 * r.mean_scores())
    h, v, t = lb(sp.history), lb(sp.val), lb(sp.test)
    cal, raw = cls(budget=15, **kw).fit(h, val=v), cls(budget=15, calibrate=False, **kw).fit(h, val=v)
    assert 0.25 < cal.scale_[1] < 0.5 and raw.scale_.tolist() == [0., 1.]
    assert mae(cal.estimate_many(t), t.target) < 0.5 * mae(raw.estimate_many(t), t.target)
    with pytest.raises(ValueError, match='calibrate must be one of'): cls(budget=15, calibrate='on', **kw).fit(h, val=v)
