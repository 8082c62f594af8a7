-- .bail on: the first error ends the input (exit status 1).
SELECT 1;
SELECT * FROM nosuch;
.bail on
SELECT 2;
INSERT INTO nosuch VALUES (1);
SELECT 'not reached';
