from sample_generator.cli import main

raise SystemExit(main())
