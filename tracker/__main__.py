"""`python -m tracker` is the same as the `supple` command."""

from tracker.cli.main import main

raise SystemExit(main())
