"""Write the toy lm-evaluation-harness tasks that come with the package and record the logs lm-eval writes for them.

The tasks need no download: `toy_qa` (24 arithmetic questions) and the group `toy_group` of `toy_a` and `toy_b`
(12 each), multiple choice, read from JSON-lines files (efficient_eval/toy_lmeval/tasks). The logs are those of lm-eval's `dummy` model (random
log-likelihoods), run as three models over everything, and once more on the documents that `random_ridge` picks
(budget 8, `random_state=0`) when fitted on a synthetic history of these tasks' items (`--samples`), as the
lm-evaluation-harness page does. Run it with the Python that has efficient_eval; lm-eval may live elsewhere:

    python scripts/make_lmeval_logs.py --lm-eval PATH/TO/lm-eval     # lm-eval >= 0.4.9; writes efficient_eval/toy_lmeval
"""
import argparse, json, os, random, shutil, subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / 'efficient_eval' / 'toy_lmeval'
TASK = '''task: {name}
dataset_path: json
dataset_kwargs:
  data_files:
    test: {name}.jsonl
output_type: multiple_choice
test_split: test
doc_to_text: "{{{{question}}}}\\nAnswer:"
doc_to_choice: "{{{{choices}}}}"
doc_to_target: answer
metric_list:
  - {{metric: acc, aggregation: mean, higher_is_better: true}}
  - {{metric: acc_norm, aggregation: mean, higher_is_better: true}}
metadata: {{version: 1.0}}
'''
GROUP = '''group: toy_group
task: [toy_a, toy_b]
aggregate_metric_list: [{metric: acc, aggregation: mean, weight_by_size: true}]
metadata: {version: 1.0}
'''

def write_tasks(folder=HERE / 'tasks'):
    "The three toy tasks and the group, as JSON-lines data and lm-eval YAML (data files relative to the folder)."
    folder.mkdir(exist_ok=True)
    rng = random.Random(0)
    for name, n in (('toy_a', 12), ('toy_b', 12), ('toy_qa', 24)):
        with open(folder / f'{name}.jsonl', 'w') as f:
            for i in range(n):
                x, y = rng.randint(2, 60), rng.randint(2, 60)
                choices = [str(x + y + d) for d in rng.sample([-2, -1, 0, 1, 2], 4)]   # four of five neighbours
                if str(x + y) not in choices: choices[rng.randrange(4)] = str(x + y)
                f.write(json.dumps(dict(id=f'{name}-{i}', question=f'What is {x} + {y}?', choices=choices,
                                        answer=choices.index(str(x + y)))) + '\n')
        (folder / f'{name}.yaml').write_text(TASK.format(name=name))
    (folder / 'toy_group.yaml').write_text(GROUP)
    return folder

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lm-eval', default=shutil.which('lm-eval') or 'lm-eval', help='the lm-eval command')
    a = ap.parse_args()
    tasks = write_tasks()
    logs = HERE / 'logs'
    shutil.rmtree(logs, ignore_errors=True)
    env = dict(os.environ, HF_DATASETS_OFFLINE='1', HF_HUB_OFFLINE='1')
    run = lambda out, model, names, *extra: subprocess.run(
        [a.lm_eval, 'run', '--model', 'dummy', '--model_args', f'pretrained={model}', '--include_path', str(tasks),
         '--tasks', names, '--log_samples', '--output_path', str(out), *extra], cwd=tasks, env=env, check=True)
    for m in ('org/model-a', 'org/model-b', 'org/model-c'): run(logs / 'history', m, 'toy_qa,toy_group')
    from efficient_eval.data import synthetic_irt
    from efficient_eval.estimator import get_method
    from efficient_eval.lmeval import item_id, lm_eval_samples
    ids = [item_id(t, d) for t, n in (('toy_a', 12), ('toy_b', 12), ('toy_qa', 24)) for d in range(n)]
    toy = synthetic_irt(400, len(ids), dim=1, random_state=0).replace(items=ids, groups=[i.split('/')[0] for i in ids])
    est = get_method('random_ridge', budget=8, random_state=0).fit(toy)
    sel = lm_eval_samples(est)   # a task listed in --tasks but not in --samples would run whole: list only the selected
    run(logs / 'selected', 'org/new-model', ','.join(sel), '--samples', json.dumps(sel))
    for f in logs.rglob('results_*.json'):   # the task folder of this machine, as lm-eval records it, made relative
        f.write_text(f.read_text().replace(str(tasks) + os.sep, ''))
