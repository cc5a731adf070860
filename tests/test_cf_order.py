"CF's estimates do not depend on the order in which the history stores its models and its items (real ARC data, names given)."
import numpy as np
import pytest
from efficient_eval.core import Responses
from efficient_eval.cf.estimator import CF
from efficient_eval.cf.transport import synthetic_tasks
from efficient_eval.evaluate import protocol_data

@pytest.fixture(scope='module')
def arc(needs_data):
    from efficient_eval.data import openllm_v1
    R = protocol_data(openllm_v1('arc'), 'pool')
    pick = np.random.default_rng(0).permutation(R.n_models)
    return R[np.sort(pick[40:1040])], R[np.sort(pick[:40])]   # a named history of 1,000 models, 40 new ones

def _both_orders(hist, test, seed=1, **kw):
    "Estimates and asked item names from a fit on `hist` and from one on `hist` with rows and items shuffled."
    rng = np.random.default_rng(seed)
    rows, cols = rng.permutation(hist.n_models), rng.permutation(hist.n_items)
    a, b = CF(**kw).fit(hist), CF(**kw).fit(hist[rows][:, cols])
    ea = [a.estimate(r) for r in test.Y]
    eb = [b.estimate(r) for r in test[:, cols].Y]
    diff = np.abs(np.array([e.score for e in ea]) - [e.score for e in eb])
    same_items = all(np.array_equal(hist.items[x.items], hist.items[cols][y.items]) for x, y in zip(ea, eb))
    return diff, same_items

@pytest.mark.parametrize('budget', [0.1, 20])
def test_rows_and_items_permuted_arc(arc, budget):
    hist, test = arc
    diff, same_items = _both_orders(hist, test, budget=budget)
    assert diff.max() <= 1e-4, f"permuting rows and items moved an estimate by {100 * diff.max():.4f} pp"
    assert same_items, "permuting rows and items changed which items were asked"

def test_rows_and_items_permuted_tasks():
    "The multi-task path (budget spread over tasks, OT synthetic observations) is order-invariant too."
    R = synthetic_tasks(300, 4, 25, random_state=0)
    R = Responses(R.Y, models=[f'model{i:03d}' for i in range(R.n_models)], items=[f'q{j:03d}' for j in range(R.n_items)],
                  groups=R.groups)
    diff, same_items = _both_orders(R[30:], R[:30], budget=16, use_ot=True, stratify=True)
    assert diff.max() <= 1e-4 and same_items, f"moved by {100 * diff.max():.4f} pp, same items: {same_items}"
