"""The missing-data study: every registered method, fitted on histories with holes, scored on complete test models.

A thin command line over `efficient_eval.missing.missing_data_study` (the notebook `70_missing_data` defines it and
reads the results): pool protocol, budget 30, seeds 0-2, the conditions of `efficient_eval.missing.CONDITIONS` (0 / 10 /
30 / 50 % of the history's cells missing at random, and half the history models keeping only a third of the items).
Each benchmark's rows are added, with the code version, to scripts/results/missing_data.csv. Shard over processes:

    OMP_NUM_THREADS=1 python scripts/missing_data.py --benchmarks arc &
    OMP_NUM_THREADS=1 python scripts/missing_data.py --benchmarks truthfulqa winogrande &
"""
from __future__ import annotations
import argparse
from pathlib import Path
from efficient_eval.missing import missing_data_study

OUT = Path(__file__).parent / 'results' / 'missing_data.csv'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--benchmarks', nargs='+', default=['arc', 'truthfulqa', 'winogrande'], help='benchmarks to run')
    ap.add_argument('--methods', nargs='+', default=None, help='registered methods (default: all)')
    ap.add_argument('--budget', type=int, default=30, help='items per new model')
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2], help='model splits')
    ap.add_argument('--out', default=str(OUT), help='the results file')
    a = ap.parse_args()
    missing_data_study(a.benchmarks, a.methods, budget=a.budget, seeds=a.seeds, out=a.out)
