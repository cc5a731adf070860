"SparseEval (ICLR 2026): an MLP aggregator over anchors with AIS/CIS anchor refinement."
