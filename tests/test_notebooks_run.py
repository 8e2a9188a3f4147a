"""Every notebook runs offline, top to bottom, and its saved copy reads clean.

The notebooks run once per session (the ``executed_notebooks`` fixture in conftest.py),
in course order, as a learner runs them: later notebooks find what earlier ones saved.
"""

import nbformat
import pytest

from tooling import notebooks

NAMES = [path.name for path in notebooks.notebook_paths()]
#: All seven notebooks run inside the first test that asks for them.
ALL_NOTEBOOKS_S = 3600


@pytest.mark.timeout(ALL_NOTEBOOKS_S)
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_offline_and_prints_no_noise(executed_notebooks, name):
    result = executed_notebooks[name]
    if isinstance(result, Exception):
        pytest.fail(f"{name} stopped with an error offline:\n{str(result)[-4000:]}")
    nb = nbformat.read(result, as_version=4)
    assert notebooks.main_path(nb), name
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    assert notebooks.output_noise(nb) == [], name
