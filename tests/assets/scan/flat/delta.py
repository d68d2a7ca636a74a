import alpha
