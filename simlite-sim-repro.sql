-- simlite-sim seed 1: seed=1 weights(ins=8 upd=1 del=3 sel=3 txn=1 schema=1) joins=0 aggregates=1 functions=0 page_size=1024 cache=2000 wal=0 crash_one_in=0 faults(read=0 write=0 sync=0 flip=0)
SAVEPOINT sp1;
