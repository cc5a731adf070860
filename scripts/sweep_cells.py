"""One resumable sweep loop for the experiment scripts: each (protocol, benchmark, method) through `evaluate` with the
results file as its store, so that every cell is written as soon as it is done and a rerun runs only the cells the
file lacks; cells in the other given files are skipped too. `jobs` runs cells in parallel (joblib)."""
from __future__ import annotations
from pathlib import Path
import pandas as pd
from efficient_eval.data import openllm_v1
from efficient_eval.evaluate import RESULT_KEYS, evaluate, protocol_data

STUDIED = ('cat_se', 'tailored_all_sources')   # labels of settings each studied on its own page, not methods of the comparison

def every_method(files)->pd.DataFrame:
    "The rows of the sweeps of every method, one per cell (RESULT_KEYS), without the settings studied on their own pages."
    d = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    return d[~d.method.str.startswith(STUDIED)].drop_duplicates(list(RESULT_KEYS))

def done_cells(*files)->set:
    "The cells the results files hold (read before each cell: several processes may share one file)."
    out = set()
    for f in files:
        if Path(f).exists(): out |= set(map(tuple, pd.read_csv(f)[list(RESULT_KEYS)].astype(str).to_numpy()))
    return out

def run_cells(methods:dict,      # label -> what `evaluate` takes
              benchmarks, budgets, seeds, protocols,
              out,               # the results file the rows are added to
              frac=0.55,         # budgets above this share of a block's items are skipped
              also_done=(),      # other results files whose cells are not run again
              budgets_for=None,  # optional (method, usable budgets, n_items) -> the budgets to run
              jobs=None,         # cells run at once (joblib's n_jobs)
             ):
    for p in protocols:
        for b in benchmarks:
            R = openllm_v1(b)
            n = protocol_data(R, p).n_items
            ok = [k for k in budgets if k <= frac * n]
            for m, make in methods.items():
                mine = budgets_for(m, ok, n) if budgets_for else ok
                elsewhere = done_cells(*also_done)
                if not any((b, p, m, str(k), str(s)) in elsewhere for k in mine for s in seeds): calls = [(mine, list(seeds))]
                else: calls = [([k for k in mine if (b, p, m, str(k), str(s)) not in elsewhere], [s]) for s in seeds]
                for todo, ss in calls:
                    if not todo: continue
                    df = evaluate({m: make}, {b: R}, budgets=todo, seeds=ss, protocol=p, progress=False, max_budget_frac=frac,
                                  store=out, n_jobs=jobs)
                    if df.attrs['stored'] == len(df): continue
                    cols = [c for c in ('seed', 'budget', 'mae', 'coverage', 'extrapolating', 'asked') if c in df]
                    print(p, b, m, df[cols].round(3).to_dict('records'), flush=True)
