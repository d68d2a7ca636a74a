from pkg import a

a.f()
