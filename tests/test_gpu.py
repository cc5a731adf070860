"CPU / GPU parity of the torch methods: skipped without CUDA (run them on a GPU machine with `pytest -m gpu`)."
import numpy as np
import pytest
import torch
from efficient_eval.data import synthetic_irt
from efficient_eval.cf.estimator import CF
from efficient_eval.cf.transport import synthetic_tasks
from efficient_eval.sparse.model import encode, train_aggregator
from efficient_eval.sparse.refine import SparseEval

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')]
FAST = dict(max_epochs=200, proxy_epochs=10, refine_steps=3)

def test_cf_cpu_gpu_parity():
    mt = synthetic_tasks(300, 3, 30, random_state=5)
    h, new = mt[:250], mt.Y[250:]
    a = CF(budget=0.2, device='cpu').fit(h).estimate_many(new)
    b = CF(budget=0.2, device='cuda').fit(h).estimate_many(new)
    np.testing.assert_allclose(a, b, atol=0.02)

def test_sparse_eval_gpu_matches_cpu():
    syn = synthetic_irt(n_models=400, n_items=120, dim=2, random_state=0).split_models(n_test=50, n_val=50, seed=0)
    kw = dict(budget=15, random_state=0, init='kmeans', **FAST)
    cpu = SparseEval(device='cpu', **kw).fit(syn.history, val=syn.val)
    gpu = SparseEval(device='cuda', **kw).fit(syn.history, val=syn.val)
    np.testing.assert_array_equal(gpu.init_anchors_, cpu.init_anchors_)
    assert all(v.device.type == 'cpu' for v in gpu.params_.values())   # fitted state comes back to the CPU, saveable
    p_cpu, p_gpu = cpu.estimate_many(syn.test), gpu.estimate_many(syn.test)
    assert np.isfinite(p_gpu).all() and np.abs(p_cpu - p_gpu).mean() < 0.03
    X = encode(torch.rand(50, 15).round())
    params, _ = train_aggregator(X.cuda(), X.mean(1).cuda() / 2 + 0.5, max_epochs=20, device='cuda')
    assert params['w0'].device.type == 'cuda'
    params, info = train_aggregator(X.cuda(), X.mean(1).cuda() / 2 + 0.5, max_epochs=5, batch_size=16, device='cuda')
    assert params['w0'].device.type == 'cuda' and info['epochs'] == 5   # mini-batches: the order drawn on the GPU

def test_shared_blocks_keep_the_device():
    from efficient_eval.core import fill_missing, item_similarity
    Y = torch.tensor([[1., float('nan'), 0.], [0., 1., 1.], [1., 1., 0.]], device='cuda')
    assert fill_missing(Y).device.type == 'cuda' and item_similarity(Y).device.type == 'cuda'
    np.testing.assert_allclose(item_similarity(Y).cpu().numpy(), item_similarity(Y.cpu()).numpy(), atol=1e-6)
