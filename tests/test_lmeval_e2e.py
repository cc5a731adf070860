"""The lm-evaluation-harness round trip against lm-eval itself: select -> lm-eval runs the selection (its `dummy`
model, the toy tasks that come with the package, no download) -> read its log -> estimate with an interval, through Python
and through the CLI; the same with the task files for lm-eval versions without --samples; a history from many
models' logs.

lm-eval is optional (pip install "efficient_eval[lmeval]", or any lm-eval >= 0.4.9 anywhere): the tests find its
command on the PATH or in the environment variable EFFICIENT_EVAL_LM_EVAL, and are skipped, saying so, without it.
"""
import contextlib, io, json, os, shutil, subprocess, sys
from pathlib import Path
import numpy as np
import pandas as pd
import pytest

LM_EVAL = os.environ.get('EFFICIENT_EVAL_LM_EVAL') or shutil.which('lm-eval')
pytestmark = [pytest.mark.slow, pytest.mark.skipif(LM_EVAL is None, reason='lm-eval is not installed (set EFFICIENT_EVAL_LM_EVAL to its command)')]

def _toy_tasks(folder:Path)->Path:
    "A copy of the toy tasks that come with the package."
    from efficient_eval.lmeval import TOY_LMEVAL
    shutil.copytree(TOY_LMEVAL / 'tasks', folder, dirs_exist_ok=True)
    return folder

def _lm_eval(tasks:Path, out:Path, model:str, names:str, *extra):
    env = dict(os.environ, HF_DATASETS_OFFLINE='1', HF_HUB_OFFLINE='1')
    r = subprocess.run([LM_EVAL, 'run', '--model', 'dummy', '--model_args', f'pretrained={model}', '--include_path', str(tasks),
                        '--tasks', names, '--log_samples', '--output_path', str(out), *extra],
                       cwd=tasks, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]

@pytest.fixture(scope='module')
def toy(tmp_path_factory):
    "A synthetic history with the toy tasks' items, a static method fitted on it, and the task folder."
    from efficient_eval.data import synthetic_irt
    from efficient_eval.estimator import get_method
    from efficient_eval.lmeval import item_id
    ids = [item_id(t, d) for t, n in (('toy_a', 12), ('toy_b', 12), ('toy_qa', 24)) for d in range(n)]
    H = synthetic_irt(400, len(ids), dim=1, random_state=0).replace(items=ids, groups=[i.split('/')[0] for i in ids])
    tasks = _toy_tasks(tmp_path_factory.mktemp('tasks'))
    return H, get_method('gpirt', budget=10, random_state=0, dim=1).fit(H), tasks

def test_python_round_trip(toy, tmp_path):
    from efficient_eval.lmeval import lm_eval_samples, read_lm_eval
    H, est, tasks = toy
    sel = lm_eval_samples(est, tmp_path / 'samples.json')
    _lm_eval(tasks, tmp_path / 'out', 'org/new', ','.join(sel), '--samples', str(tmp_path / 'samples.json'))
    y = read_lm_eval(tmp_path / 'out')
    assert sorted(y.index) == sorted(np.asarray(H.items)[est.anchors_])   # exactly the documents selected, by id
    assert set(y.unique()) <= {0.0, 1.0}
    r = est.estimate(y)
    assert 0 <= r.interval[0] <= r.score <= r.interval[1] <= 1 and len(r.items) == 10 and not r.partial

def test_cli_round_trip(toy, tmp_path):
    from efficient_eval.cli import main
    from efficient_eval.lmeval import read_lm_eval
    from efficient_eval.estimator import load
    H, est, tasks = toy
    est.save(tmp_path / 'est.npz')
    with contextlib.redirect_stdout(io.StringIO()):
        main(['select', '--estimator', str(tmp_path / 'est.npz'), '-o', str(tmp_path / 'plan.json'), '--lm-eval', str(tmp_path / 's.json')])
    plan = json.loads((tmp_path / 'plan.json').read_text())
    _lm_eval(tasks, tmp_path / 'out', 'org/new', plan['lm_eval']['tasks'], '--samples', str(tmp_path / 's.json'))
    out = io.StringIO()
    with contextlib.redirect_stdout(out): main(['estimate', str(tmp_path / 'plan.json'), '--results', str(tmp_path / 'out'), '--json'])
    got = json.loads(out.getvalue())
    want = load(tmp_path / 'est.npz').estimate(read_lm_eval(tmp_path / 'out'))
    assert (got['score'], got['low'], got['high']) == (want.score, *want.interval) and got['items'] == 10

def test_task_files_without_samples(toy, tmp_path):
    "lm_eval_tasks' task files select the same documents, and read_lm_eval maps lm-eval's renumbered doc ids back."
    from efficient_eval.lmeval import lm_eval_samples, lm_eval_tasks, read_lm_eval
    H, est, tasks = toy
    names = lm_eval_tasks(est, tasks / 'selected', include_path=tasks)
    _lm_eval(tasks, tmp_path / 'out', 'org/new', ','.join(names))
    y = read_lm_eval(tmp_path / 'out', selection=tasks / 'selected')
    assert lm_eval_samples(y.index) == lm_eval_samples(est)
    docs = {}   # each logged document is the selected one: its text is the dataset's line
    for f in (tmp_path / 'out').rglob('samples_*.jsonl'):
        task = f.name.split('_ee_')[0][len('samples_'):]
        lines = (tasks / f'{task}.jsonl').read_text().splitlines()
        for row in map(json.loads, f.read_text().splitlines()):
            docs[f"{task}/{lm_eval_samples(est)[task][row['doc_id']]}"] = row['doc']['question']
            assert json.loads(lines[lm_eval_samples(est)[task][row['doc_id']]])['question'] == row['doc']['question']
    assert sorted(docs) == sorted(y.index)
    assert est.estimate(y).score == est.estimate(y.sort_index()).score

def test_history_from_logs(toy, tmp_path):
    from efficient_eval.lmeval import read_lm_eval_history
    H, est, tasks = toy
    for m in ('org/a', 'org/b', 'org/c', 'org/d', 'org/e'): _lm_eval(tasks, tmp_path / 'logs', m, 'toy_qa,toy_group')
    R = read_lm_eval_history(tmp_path / 'logs')
    assert R.shape == (5, 48) and R.observed.all() and sorted(R.models) == ['org/a', 'org/b', 'org/c', 'org/d', 'org/e']
    assert sorted(set(R.groups)) == ['toy_a', 'toy_b', 'toy_qa']

def test_readme_commands(tmp_path):
    "The README's three commands with nothing to download, run as written (lm-eval from EFFICIENT_EVAL_LM_EVAL when set)."
    readme = (Path(__file__).resolve().parent.parent / 'README.md').read_text()
    block = next(b for b in (c.split('```')[0] for c in readme.split('```sh\n')[1:]) if '--history toy' in b)
    lines = [l for l in block.splitlines() if l.strip()]
    assert [l.split()[0] for l in lines] == ['efficient-eval', 'lm-eval', 'efficient-eval']
    exe = shutil.which('efficient-eval') or str(Path(sys.executable).parent / 'efficient-eval')
    env = dict(os.environ, HF_DATASETS_OFFLINE='1', HF_HUB_OFFLINE='1')
    for l in lines:
        cmd = l.split()
        cmd[0] = LM_EVAL if cmd[0] == 'lm-eval' else exe
        r = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, (l, r.stderr[-3000:])
    report = r.stdout
    assert report.startswith('estimated score') and '90% interval' in report and 'from 8 items (random_ridge)' in report
    assert 'rank' in report and "the history's 3 models" in report
