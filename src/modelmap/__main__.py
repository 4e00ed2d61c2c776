from modelmap.cli import main

raise SystemExit(main())
