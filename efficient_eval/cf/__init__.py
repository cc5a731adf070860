"Collaborative filtering with optimal transport (Zhong, Yi & Ye 2025)."
