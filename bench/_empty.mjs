// An empty module: the start-up time of bare node, for comparison.
