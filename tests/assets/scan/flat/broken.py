import alpha

def oops(:
    pass
