"""Estimate a language model's full-benchmark score and rank from a few dozen items, learned from thousands of evaluated models"""

__version__ = "0.0.1"

import importlib as _importlib
from .core import Responses, check_random_state, get_device
from .metrics import mae, kendall_tau, spearman
from .estimator import Estimate, Estimator, Oracle, register, get_method, list_methods, save, load
from .data import BENCHMARKS, find_data_dir, openllm_v1, load_npz, load_item_text, read_long, load_pt, download_sparseeval, synthetic_irt
from .evaluate import evaluate, summarize, summary_table, plot_budget

_LAZY = {'check_estimator': 'efficient_eval.testing'}
_SUBMODULES = ('baselines', 'cf', 'sparse', 'sparsity', 'testing', 'cli')

def __getattr__(name):
    "Load `check_estimator` and the method subpackages on first use."
    if name in _LAZY: return getattr(_importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES: return _importlib.import_module(f'{__name__}.{name}')
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
