"""``python -m softmax_regression``: see :mod:`softmax_regression.cli`."""

from softmax_regression.cli import main

raise SystemExit(main())
