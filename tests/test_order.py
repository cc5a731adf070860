"No estimate depends on the order in which the history stores its models: every registered method, real data."
import numpy as np
import pytest
from efficient_eval.estimator import get_method, list_methods
from efficient_eval.evaluate import protocol_data

@pytest.fixture(scope='module')
def arc(needs_data):
    from efficient_eval.data import openllm_v1
    R = protocol_data(openllm_v1('arc'), 'pool')
    pick = np.random.default_rng(0).permutation(R.n_models)
    return R[np.sort(pick[20:220])], R[np.sort(pick[:20])]   # a named history of 200 models, 20 new ones

@pytest.mark.parametrize('method', list_methods())
def test_row_order(arc, method):
    hist, test = arc
    rows = np.random.default_rng(1).permutation(hist.n_models)
    fast = dict(max_epochs=300, proxy_epochs=300, refine_steps=3) if method.startswith('sparse') else {}
    a = get_method(method, budget=20, random_state=0, **fast).fit(hist).estimate_many(test)
    b = get_method(method, budget=20, random_state=0, **fast).fit(hist[rows]).estimate_many(test)
    assert np.abs(a - b).max() <= 1e-4, f"{method}: shuffling the history's rows moved an estimate by {100 * np.abs(a - b).max():.3f} pp"
