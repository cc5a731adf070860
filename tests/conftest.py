"Shared fixtures: the real data when it is there, and the count of cases the property-based sweep generated."
import os
import pytest

os.environ.setdefault('MPLBACKEND', 'Agg')
CASES = {}  # test name -> cases hypothesis generated (filled by tests/test_fuzz.py)

@pytest.fixture(scope='session')
def needs_data():
    "The openllm_v1 data folder; the test is skipped, saying why, when it is not there."
    from efficient_eval.data import find_data_dir
    try: return find_data_dir()
    except FileNotFoundError as e: pytest.skip(f"the Open LLM Leaderboard data is not here: {e}")

def pytest_terminal_summary(terminalreporter):
    if CASES:
        terminalreporter.write_line(f"hypothesis sweep: {sum(CASES.values())} generated cases over {len(CASES)} entry points "
                                    f"({', '.join(f'{k} {v}' for k, v in sorted(CASES.items()))})")
