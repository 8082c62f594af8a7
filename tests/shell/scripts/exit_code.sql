-- .exit with a code.
SELECT 1;
.exit 3
SELECT 2;
