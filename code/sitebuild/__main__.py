"""``python -m sitebuild``: see :mod:`sitebuild.build`."""

from sitebuild.build import main

raise SystemExit(main())
