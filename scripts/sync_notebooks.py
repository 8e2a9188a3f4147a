"""Regenerate every notebook's opening from the shared template and strip outputs.

Usage: python scripts/sync_notebooks.py
Run it after adding a notebook or editing the template in src/tooling/notebooks.py.
"""

from tooling import notebooks

for path in notebooks.notebook_paths():
    changed = notebooks.sync_notebook(path)
    print(f"{'updated' if changed else 'unchanged'}: {path.name}")
