"""`make bench`: run every benchmark module in bench/ (each has a main()) and print their results.

Benchmarks measure; they are never timed unit tests. Each writes its numbers
to bench/results/<name>.json.
"""

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    for path in sorted(HERE.glob("*.py")):
        if path.name in {"run.py", "__init__.py"} or path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "main"):
            print(f"== {path.stem} ==")
            module.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
