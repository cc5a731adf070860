"Baselines: Anchor Points, the tinyBenchmarks IRT family, adaptive testing on its item bank (`cat`), Sort & Search, TailoredBench."
