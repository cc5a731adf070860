"Every notebook opens in Colab: a badge to its own file, then a setup cell that installs the package there and does nothing elsewhere."
import json, subprocess, sys, types
from pathlib import Path
import pytest

NBS = sorted((Path(__file__).parent.parent / 'nbs').glob('*.ipynb'))
BADGE = 'https://colab.research.google.com/github/efficient-eval/efficient_eval/blob/main/nbs/'

def cells(path): return [(c['cell_type'], ''.join(c['source'])) for c in json.loads(path.read_text())['cells']]

def test_notebooks_found(): assert len(NBS) >= 20

@pytest.mark.parametrize('path', NBS, ids=[p.name for p in NBS])
def test_badge_and_setup_cell(path):
    c = cells(path)
    assert c[0][0] == 'markdown' and c[0][1].startswith('# '), "the first cell is the page's title"
    assert c[1][0] == 'markdown' and f'{BADGE}{path.name})' in c[1][1] and 'colab-badge.svg' in c[1][1], "no Colab badge to this notebook"
    assert c[2][0] == 'code' and c[2][1] == cells(NBS[0])[2][1], "the setup cell differs from the other notebooks'"
    assert "'google.colab' in sys.modules" in c[2][1] and 'pip' in c[2][1]

def run_setup(monkeypatch, colab:bool, installed:bool)->list:
    "Run the setup cell's code with Colab present or not and the package installed or not; the pip commands it would run."
    import importlib.util
    calls = []
    monkeypatch.setattr(subprocess, 'run', lambda cmd, **kw: calls.append((cmd, kw)))
    if colab: monkeypatch.setitem(sys.modules, 'google.colab', types.ModuleType('google.colab'))
    else: monkeypatch.delitem(sys.modules, 'google.colab', raising=False)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, 'find_spec', lambda name, *a: None if name == 'efficient_eval' and not installed else real(name, *a))
    exec(cells(NBS[0])[2][1], {})
    return calls

def test_setup_outside_colab_does_nothing(monkeypatch): assert run_setup(monkeypatch, colab=False, installed=False) == []

def test_setup_in_colab_with_the_package_installed(monkeypatch): assert run_setup(monkeypatch, colab=True, installed=True) == []

def test_setup_in_colab_installs(monkeypatch):
    (cmd, kw), = run_setup(monkeypatch, colab=True, installed=False)
    assert cmd[:4] == [sys.executable, '-m', 'pip', 'install'] and kw == {'check': True}
    assert cmd[-1] == 'efficient_eval[hub] @ git+https://github.com/efficient-eval/efficient_eval'
