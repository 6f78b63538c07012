"""`python -m tracker` is the same as the `supple` command."""

from tracker.cli import main

raise SystemExit(main())
