-- Schema version 9 on PostgreSQL (../0009_change_counter.sql): every
-- committed write bumps this sequence (nextval), and a window polls its
-- last value to notice others' work. It replaces NOTIFY, whose commit takes
-- one lock for the whole database, so that every announcing commit waited
-- for the one before it: with 20 annotators that lock was half the commit
-- time. A sequence's nextval takes no lock that outlives the call and is
-- never rolled back. CACHE 1 (the default, written out) so that last_value
-- is the newest bump of any connection, not of a block cached by one.
CREATE SEQUENCE change_counter CACHE 1;
