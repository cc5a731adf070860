"""What a notebook cannot show, because it needs a process of its own: what `import` loads, and a save killed half-way."""
import os, signal, subprocess, sys, textwrap, time
import numpy as np
import pytest
from efficient_eval import Responses, get_method, load

def imported(code:str)->set:
    "Top-level packages that `python -X importtime -c code` imports."
    r = subprocess.run([sys.executable, '-X', 'importtime', '-c', code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return {l.split('|')[-1].strip().split('.')[0] for l in r.stderr.splitlines() if l.startswith('import time:')}

@pytest.mark.parametrize('code', ['import efficient_eval.core', 'import efficient_eval'])
def test_light_imports(code):
    heavy = imported(code) & {'torch', 'ot', 'sklearn', 'matplotlib', 'kmedoids'}
    assert not heavy, f"{code!r} imports {sorted(heavy)}"

def test_methods_load_on_demand():
    code = textwrap.dedent('''
        import sys, efficient_eval as ee
        assert 'torch' not in sys.modules
        est = ee.get_method('Anchor_Points', budget=5)
        assert type(est).__name__ == 'AnchorPoints' and 'torch' in sys.modules
        assert {'cf', 'sparse_eval', 'gpirt', 'random'} <= set(ee.list_methods())
        assert ee.check_estimator.__module__ == 'efficient_eval.testing'
        print('ok')''')
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=300)
    assert r.stdout.strip() == 'ok', r.stderr[-2000:]

@pytest.fixture(scope='module')
def saved(tmp_path_factory):
    "A fitted estimator saved once: the previous good file."
    R = Responses(np.random.default_rng(0).integers(0, 2, (80, 40)))
    est = get_method('random_ridge', budget=10).fit(R)
    path = tmp_path_factory.mktemp('kill') / 'est'
    est.save(path)
    return est, path

SAVER = textwrap.dedent('''
    import sys, time, numpy as np
    from efficient_eval import Responses, get_method
    R = Responses(np.random.default_rng(1).integers(0, 2, (400, 3000)))
    est = get_method('random_ridge', budget=2000).fit(R)
    est.big_ = np.random.default_rng(2).random(20_000_000)   # 160 MB: a save takes a while
    if sys.argv[2] == 'pause':                                # stop half-way through writing, and say so
        def halfway(f, *a, **k):
            f.write(b'PK' + bytes(10_000)); f.flush(); print('writing', flush=True); time.sleep(60)
        np.savez = halfway
    print('saving', flush=True)
    while True: est.save(sys.argv[1])
''')

def _kill_during_save(path, mode, delay=0.0):
    p = subprocess.Popen([sys.executable, '-c', SAVER, str(path), mode], stdout=subprocess.PIPE, text=True)
    try:
        want = 'writing' if mode == 'pause' else 'saving'
        while (line := p.stdout.readline()) and line.strip() != want: pass
        time.sleep(delay)
        os.kill(p.pid, signal.SIGKILL)
    finally: p.wait(timeout=60)

def test_save_killed_half_way_keeps_the_old_file(saved):
    est, path = saved
    _kill_during_save(path, 'pause')
    again = load(path)
    assert np.array_equal(again.anchors_, est.anchors_) and np.array_equal(again.coef_, est.coef_)

def test_save_killed_at_any_moment_leaves_a_whole_file(saved):
    "Five kills at different moments of a 160 MB save: the file is always the old one or a new one, never a wreck."
    est, path = saved
    for delay in (0.05, 0.3, 0.8, 1.5, 2.5):
        _kill_during_save(path, 'run', delay)
        assert len(load(path).anchors_) in (10, 2000)
    left = list(path.parent.glob('.est.*.tmp'))   # what the killed saves were writing: proof that they were cut short
    assert left, "no save was interrupted; the test proves nothing"
    for f in left: f.unlink()

def test_scale_probe_repeat_records_the_median(tmp_path):
    "scripts/scale_probe.py fits each method in a process of its own; --repeat keeps every run's time and their median."
    import json
    from pathlib import Path
    script = Path(__file__).parents[1] / 'scripts' / 'scale_probe.py'
    out = tmp_path / 'probe.json'
    r = subprocess.run([sys.executable, str(script), '--models', '60', '--items', '120', '--methods', 'random', 'aipw',
                        '--repeat', '3', '--out', str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    recs = {x['method']: x for x in json.loads(out.read_text())}
    assert set(recs) == {'random', 'aipw'}
    for x in recs.values():
        assert x['status'] == 'fitted' and x['shape'] == [60, 120] and len(x['fit_s_runs']) == 3
        assert x['fit_s'] == float(np.median(x['fit_s_runs'])) and x['peak_gb'] > 0
