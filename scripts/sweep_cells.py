"""One resumable sweep loop for the experiment scripts: each (protocol, benchmark, method, seed) cell through
`evaluate`, written to the results file as soon as it is done; cells already in the given files are skipped."""
from __future__ import annotations
from pathlib import Path
import pandas as pd
from efficient_eval.data import openllm_v1
from efficient_eval.evaluate import RESULT_KEYS, evaluate, protocol_data, save_results

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
             ):
    for p in protocols:
        for b in benchmarks:
            R = openllm_v1(b)
            n = protocol_data(R, p).n_items
            ok = [k for k in budgets if k <= frac * n]
            for m, make in methods.items():
                mine = budgets_for(m, ok, n) if budgets_for else ok
                for s in seeds:
                    done = done_cells(*also_done, out)
                    todo = [k for k in mine if (b, p, m, str(k), str(s)) not in done]
                    if not todo: continue
                    df = evaluate({m: make}, {b: R}, budgets=todo, seeds=[s], protocol=p, progress=False, max_budget_frac=frac)
                    save_results(df, out)
                    cols = [c for c in ('budget', 'mae', 'coverage', 'extrapolating', 'asked') if c in df]
                    print(p, b, m, s, df[cols].round(3).to_dict('records'), flush=True)
