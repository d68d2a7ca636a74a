from pkg.a import f
