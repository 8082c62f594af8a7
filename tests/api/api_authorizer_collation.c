/*
** The authorizer (sqlite3_set_authorizer) and application-defined collations
** (sqlite3_create_collation*, sqlite3_collation_needed*).
**
** Built against simlite's sqlite3.h and run twice (tests/api/CMakeLists.txt): linked to real
** SQLite, where every expectation below is checked against the oracle, and linked to simlite's
** libsqlite3.so.0. An expectation holds in both or the test fails.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/sqlite3.h"
#include "tests/api/api_check.h"

/* The rows of a query, "a,b;c,d;" (NULL as "-"), or "error: MESSAGE". */
static char rows_text[4096];
static const char* Rows(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = NULL;
  rows_text[0] = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
    snprintf(rows_text, sizeof(rows_text), "error: %s", sqlite3_errmsg(db));
    return rows_text;
  }
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (int column = 0; column < sqlite3_column_count(stmt); column++) {
      const char* text = (const char*)sqlite3_column_text(stmt, column);
      size_t used = strlen(rows_text);
      snprintf(rows_text + used, sizeof(rows_text) - used, "%s%s", column > 0 ? "," : "",
               text != NULL ? text : "-");
    }
    strncat(rows_text, ";", sizeof(rows_text) - strlen(rows_text) - 1);
  }
  if (rc != SQLITE_DONE) {
    snprintf(rows_text, sizeof(rows_text), "error: %s", sqlite3_errmsg(db));
  }
  sqlite3_finalize(stmt);
  return rows_text;
}

/* ---- The authorizer ----------------------------------------------------------------- */

/* What the logging authorizer saw: "ACTION(arg1,arg2,db,inner) ..." with NULL as "-". */
static char auth_log[8192];
/* Its answers: DENY (or IGNORE, or `odd_answer`) for the action `match_action` when arg1 and
** arg2 match (a NULL pattern matches anything); OK otherwise. */
static int match_action = -1;
static const char* match_arg1 = NULL;
static const char* match_arg2 = NULL;
static int match_answer = SQLITE_OK;

static int Matches(const char* pattern, const char* value) {
  return pattern == NULL || (value != NULL && strcmp(pattern, value) == 0);
}

static int LoggingAuthorizer(void* arg, int action, const char* arg1, const char* arg2,
                             const char* database, const char* inner) {
  (void)arg;
  size_t used = strlen(auth_log);
  snprintf(auth_log + used, sizeof(auth_log) - used, "%s%d(%s,%s,%s,%s)", used > 0 ? " " : "",
           action, arg1 ? arg1 : "-", arg2 ? arg2 : "-", database ? database : "-",
           inner ? inner : "-");
  if (action == match_action && Matches(match_arg1, arg1) && Matches(match_arg2, arg2)) {
    return match_answer;
  }
  return SQLITE_OK;
}

static void Answer(int action, const char* arg1, const char* arg2, int answer) {
  match_action = action;
  match_arg1 = arg1;
  match_arg2 = arg2;
  match_answer = answer;
}

/* Prepares (and finalizes) sql; returns the authorizer calls it made. */
static const char* Calls(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = NULL;
  auth_log[0] = 0;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "prepare failed (%d, %s): %s\n", rc, sqlite3_errmsg(db), sql);
    failures++;
  }
  sqlite3_finalize(stmt);
  return auth_log;
}

static sqlite3* AuthorizerDatabase(void) {
  sqlite3* db = OpenMemory();
  Exec(db,
       "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c);"
       "CREATE TABLE u(x, y);"
       "CREATE INDEX ui ON u(x);"
       "CREATE VIEW tv AS SELECT b, c FROM t;"
       "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u VALUES(new.b, new.c); END;"
       "INSERT INTO t VALUES(1, 2, 3);");
  Answer(-1, NULL, NULL, SQLITE_OK);
  CHECK_INT(sqlite3_set_authorizer(db, LoggingAuthorizer, NULL), SQLITE_OK);
  return db;
}

/* The action codes and arguments SQLite passes for typical statements. */
static void TestAuthorizerCalls(void) {
  sqlite3* db = AuthorizerDatabase();
  CHECK_STR(Calls(db, "SELECT b FROM t"), "21(-,-,-,-) 20(t,b,main,-)");
  CHECK_STR(Calls(db, "SELECT * FROM t WHERE a = 1"),
            "21(-,-,-,-) 20(t,a,main,-) 20(t,b,main,-) 20(t,c,main,-) 20(t,a,main,-)");
  CHECK_STR(Calls(db, "SELECT count(*) FROM t"), "21(-,-,-,-) 31(-,count,-,-) 20(t,,-,-)");
  CHECK_STR(Calls(db, "SELECT rowid FROM u"), "21(-,-,-,-) 20(u,ROWID,main,-) 20(u,,-,-)");
  CHECK_STR(Calls(db, "SELECT a, rowid FROM t WHERE c > 1 ORDER BY b"),
            "21(-,-,-,-) 20(t,a,main,-) 20(t,a,main,-) 20(t,c,main,-) 20(t,b,main,-)");
  CHECK_STR(Calls(db, "SELECT b FROM t GROUP BY c HAVING count(*) > 1"),
            "21(-,-,-,-) 20(t,b,main,-) 31(-,count,-,-) 20(t,c,main,-)");
  CHECK_STR(Calls(db, "SELECT t.b, u.x FROM t JOIN u ON t.a = u.y"),
            "21(-,-,-,-) 20(t,b,main,-) 20(u,x,main,-) 20(t,a,main,-) 20(u,y,main,-)");
  CHECK_STR(Calls(db, "SELECT upper(b) FROM t"), "21(-,-,-,-) 31(-,upper,-,-) 20(t,b,main,-)");
  /* Views and subqueries: resolved before the query around them is coded. */
  CHECK_STR(Calls(db, "SELECT * FROM tv"),
            "21(-,-,-,-) 20(t,b,main,tv) 20(t,c,main,tv) 20(tv,b,main,-) 20(tv,c,main,-) "
            "21(-,-,-,tv)");
  CHECK_STR(Calls(db, "SELECT (SELECT max(y) FROM u) FROM t"),
            "21(-,-,-,-) 31(-,max,-,-) 20(u,y,main,-) 20(t,,-,-) 21(-,-,-,-)");
  CHECK_STR(Calls(db, "SELECT c FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.y = t.b)"),
            "21(-,-,-,-) 20(t,c,main,-) 20(u,y,main,-) 20(t,b,main,-) 21(-,-,-,-)");
  CHECK_STR(Calls(db, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
                     "SELECT count(*) FROM r"),
            "21(-,-,-,-) 31(-,count,-,-) 20(r,,-,-) 21(-,-,-,r) 33(-,-,-,r) 21(-,-,-,r) "
            "21(-,-,-,r)");
  CHECK_STR(Calls(db, "SELECT 1 UNION SELECT b FROM t"),
            "21(-,-,-,-) 20(t,b,main,-) 21(-,-,-,-) 21(-,-,-,-)");
  CHECK_STR(Calls(db, "CREATE TABLE ct AS SELECT b FROM t"),
            "18(sqlite_master,-,main,-) 2(ct,-,main,-) 20(t,b,main,-) 21(-,-,-,-) "
            "23(sqlite_master,type,main,-) 23(sqlite_master,name,main,-) "
            "23(sqlite_master,tbl_name,main,-) 23(sqlite_master,rootpage,main,-) "
            "23(sqlite_master,sql,main,-) 20(sqlite_master,ROWID,main,-)");
  CHECK_STR(Calls(db, "INSERT INTO t VALUES(5, 6, 7)"),
            "18(t,-,main,-) 18(u,-,main,tr) 20(t,b,main,tr) 20(t,c,main,tr)");
  CHECK_STR(Calls(db, "INSERT INTO u SELECT * FROM u"),
            "18(u,-,main,-) 21(-,-,-,-) 20(u,x,main,-) 20(u,y,main,-)");
  CHECK_STR(Calls(db, "UPDATE t SET b = 1, c = c + 1 WHERE a = 2"),
            "23(t,b,main,-) 20(t,c,main,-) 23(t,c,main,-) 20(t,a,main,-)");
  CHECK_STR(Calls(db, "DELETE FROM t WHERE b = 3"), "9(t,-,main,-) 20(t,b,main,-)");
  CHECK_STR(Calls(db, "CREATE TABLE w(p UNIQUE, q)"),
            "18(sqlite_master,-,main,-) 2(w,-,main,-) 18(sqlite_master,-,main,-) "
            "1(sqlite_autoindex_w_1,w,main,-) 20(w,p,main,-) 18(sqlite_master,-,main,-) "
            "23(sqlite_master,type,main,-) 23(sqlite_master,name,main,-) "
            "23(sqlite_master,tbl_name,main,-) 23(sqlite_master,rootpage,main,-) "
            "23(sqlite_master,sql,main,-) 20(sqlite_master,ROWID,main,-)");
  CHECK_STR(Calls(db, "CREATE INDEX ti ON t(b, c)"),
            "18(sqlite_master,-,main,-) 1(ti,t,main,-) 20(t,b,main,-) 20(t,c,main,-) "
            "18(sqlite_master,-,main,-) 27(ti,-,main,-)");
  CHECK_STR(Calls(db, "CREATE VIEW v AS SELECT b FROM t"),
            "18(sqlite_master,-,main,-) 8(v,-,main,-) 23(sqlite_master,type,main,-) "
            "23(sqlite_master,name,main,-) 23(sqlite_master,tbl_name,main,-) "
            "23(sqlite_master,rootpage,main,-) 23(sqlite_master,sql,main,-) "
            "20(sqlite_master,ROWID,main,-)");
  CHECK_STR(Calls(db, "CREATE TRIGGER ut AFTER DELETE ON u BEGIN DELETE FROM t; END"),
            "7(ut,u,main,-) 18(sqlite_master,-,main,-) 18(sqlite_master,-,main,-)");
  CHECK_STR(Calls(db, "DROP TRIGGER tr"),
            "16(tr,t,main,-) 9(sqlite_master,-,main,-) 9(sqlite_master,-,main,-) "
            "20(sqlite_master,name,main,-) 20(sqlite_master,type,main,-)");
  CHECK_STR(Calls(db, "DROP INDEX ui"),
            "9(sqlite_master,-,main,-) 10(ui,u,main,-) 9(sqlite_master,-,main,-) "
            "20(sqlite_master,name,main,-) 20(sqlite_master,type,main,-) "
            "23(sqlite_master,rootpage,main,-) 20(sqlite_master,rootpage,main,-)");
  CHECK_STR(Calls(db, "DROP TABLE u"),
            "9(sqlite_master,-,main,-) 11(u,-,main,-) 9(u,-,main,-) 9(sqlite_master,-,main,-) "
            "20(sqlite_master,tbl_name,main,-) 20(sqlite_master,type,main,-) "
            "23(sqlite_master,rootpage,main,-) 20(sqlite_master,rootpage,main,-) "
            "23(sqlite_master,rootpage,main,-) 20(sqlite_master,rootpage,main,-)");
  CHECK_STR(Calls(db, "PRAGMA user_version"), "19(user_version,-,-,-)");
  CHECK_STR(Calls(db, "PRAGMA main.cache_size = -100"), "19(cache_size,-100,main,-)");
  CHECK_STR(Calls(db, "PRAGMA table_info('t')"), "19(table_info,t,-,-)");
  CHECK_STR(Calls(db, "BEGIN"), "22(BEGIN,-,-,-)");
  CHECK_STR(Calls(db, "COMMIT"), "22(COMMIT,-,-,-)");
  CHECK_STR(Calls(db, "ROLLBACK"), "22(ROLLBACK,-,-,-)");
  CHECK_STR(Calls(db, "REINDEX u"), "27(ui,-,main,-)");
  sqlite3_close(db);
}

/* Prepares sql and returns its result code; *message gets the error message. */
static int PrepareCode(sqlite3* db, const char* sql, const char** message) {
  sqlite3_stmt* stmt = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  *message = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  return rc;
}

static void TestAuthorizerAnswers(void) {
  sqlite3* db = AuthorizerDatabase();
  const char* message = NULL;
  /* DENY: the statement fails to prepare. */
  Answer(SQLITE_READ, "t", "c", SQLITE_DENY);
  CHECK_INT(PrepareCode(db, "SELECT b, c FROM t", &message), SQLITE_AUTH);
  CHECK_STR(message, "access to t.c is prohibited");
  CHECK_INT(sqlite3_errcode(db), SQLITE_AUTH);
  Answer(SQLITE_INSERT, "u", NULL, SQLITE_DENY);
  CHECK_INT(PrepareCode(db, "INSERT INTO u VALUES(1, 2)", &message), SQLITE_AUTH);
  CHECK_STR(message, "not authorized");
  Answer(SQLITE_FUNCTION, NULL, "abs", SQLITE_DENY);
  CHECK_INT(PrepareCode(db, "SELECT abs(-1)", &message), SQLITE_ERROR);
  CHECK_STR(message, "not authorized to use function: abs");
  Answer(SQLITE_PRAGMA, "user_version", NULL, SQLITE_DENY);
  CHECK_INT(PrepareCode(db, "PRAGMA user_version", &message), SQLITE_AUTH);
  CHECK_STR(message, "not authorized");
  /* Any other answer is a malfunction. */
  Answer(SQLITE_SELECT, NULL, NULL, 7);
  CHECK_INT(PrepareCode(db, "SELECT 1", &message), SQLITE_ERROR);
  CHECK_STR(message, "authorizer malfunction");
  /* IGNORE: a column reads NULL, a function call is NULL, an updated column keeps its value,
  ** an INSERT does nothing, a DELETE still deletes (row by row). */
  Answer(SQLITE_READ, "t", "c", SQLITE_IGNORE);
  CHECK_STR(Rows(db, "SELECT a, b, c FROM t"), "1,2,-;");
  CHECK_STR(Rows(db, "SELECT count(*) FROM t WHERE c = 3"), "0;");
  Answer(SQLITE_FUNCTION, NULL, "abs", SQLITE_IGNORE);
  CHECK_STR(Rows(db, "SELECT abs(-1), 2"), "-,2;");
  /* An ignored aggregate is a NULL: the query is no aggregate any more. */
  Answer(SQLITE_FUNCTION, NULL, "count", SQLITE_IGNORE);
  CHECK_STR(Rows(db, "SELECT count(*), b FROM t"), "-,2;");
  /* An ignored SELECT returns nothing; INSERT ... SELECT inserts nothing. */
  Answer(SQLITE_SELECT, NULL, NULL, SQLITE_IGNORE);
  CHECK_STR(Rows(db, "SELECT 1"), "");
  CHECK_STR(Rows(db, "INSERT INTO u SELECT b, c FROM t"), "");
  Answer(-1, NULL, NULL, SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT count(*) FROM u"), "1;");
  Answer(SQLITE_UPDATE, "t", "c", SQLITE_IGNORE);
  CHECK_STR(Rows(db, "UPDATE t SET b = 20, c = 30"), "");
  Answer(-1, NULL, NULL, SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT a, b, c FROM t"), "1,20,3;");
  Answer(SQLITE_INSERT, "t", NULL, SQLITE_IGNORE);
  CHECK_STR(Rows(db, "INSERT INTO t VALUES(9, 9, 9)"), "");
  Answer(-1, NULL, NULL, SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT count(*) FROM t"), "1;");
  Answer(SQLITE_DELETE, "t", NULL, SQLITE_IGNORE);
  CHECK_STR(Rows(db, "DELETE FROM t"), "");
  CHECK_INT(sqlite3_changes(db), 1);
  CHECK_STR(Rows(db, "SELECT count(*) FROM t"), "0;");
  sqlite3_close(db);
}

/* A statement prepared before an authorizer is set is prepared again under it. */
static void TestAuthorizerExpiresStatements(void) {
  sqlite3* db = AuthorizerDatabase();
  CHECK_INT(sqlite3_set_authorizer(db, NULL, NULL), SQLITE_OK);
  sqlite3_stmt* stmt = NULL;
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT c FROM t", -1, &stmt, NULL), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_reset(stmt), SQLITE_OK);
  Answer(SQLITE_READ, "t", "c", SQLITE_DENY);
  CHECK_INT(sqlite3_set_authorizer(db, LoggingAuthorizer, NULL), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_AUTH);
  CHECK_STR(sqlite3_errmsg(db), "access to t.c is prohibited");
  CHECK_INT(sqlite3_set_authorizer(db, NULL, NULL), SQLITE_OK);
  CHECK_INT(sqlite3_reset(stmt), SQLITE_AUTH);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_STR(sqlite3_column_text(stmt, 0), "3");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

/* ---- Collations ---------------------------------------------------------------------- */

static int compare_calls = 0;

/* Reverse byte order. */
static int Reverse(void* arg, int a_size, const void* a, int b_size, const void* b) {
  (void)arg;
  compare_calls++;
  int common = a_size < b_size ? a_size : b_size;
  int c = common > 0 ? memcmp(a, b, (size_t)common) : 0;
  if (c == 0) c = a_size - b_size;
  return c < 0 ? 1 : c > 0 ? -1 : 0;
}

/* By length only. */
static int ByLength(void* arg, int a_size, const void* a, int b_size, const void* b) {
  (void)arg;
  (void)a;
  (void)b;
  return a_size < b_size ? -1 : a_size > b_size ? 1 : 0;
}

/* UTF-16 (native order) text, compared by its first code unit only. */
static int FirstUnit16(void* arg, int a_size, const void* a, int b_size, const void* b) {
  (void)arg;
  CHECK(a_size % 2 == 0 && b_size % 2 == 0);
  unsigned short x = 0;
  unsigned short y = 0;
  if (a_size >= 2) memcpy(&x, a, 2);
  if (b_size >= 2) memcpy(&y, b, 2);
  return x < y ? -1 : x > y ? 1 : 0;
}

static int destroy_calls = 0;
static void CountDestroy(void* arg) {
  (void)arg;
  destroy_calls++;
}

static void TestCollationUses(void) {
  sqlite3* db = OpenMemory();
  CHECK_INT(sqlite3_create_collation(db, "rev", SQLITE_UTF8, NULL, Reverse), SQLITE_OK);
  CHECK_INT(sqlite3_create_collation(db, "LEN", SQLITE_UTF8, NULL, ByLength), SQLITE_OK);
  Exec(db, "CREATE TABLE t(a TEXT COLLATE rev, b TEXT);"
           "INSERT INTO t VALUES('a', 'xx'), ('c', 'y'), ('b', 'zzz'), ('B', 'q'), ('a', 'w');");
  CHECK_STR(Rows(db, "SELECT a FROM t ORDER BY a"), "c;b;a;a;B;");
  CHECK_STR(Rows(db, "SELECT a FROM t ORDER BY a COLLATE binary"), "B;a;a;b;c;");
  CHECK_STR(Rows(db, "SELECT b FROM t ORDER BY b COLLATE len, b"), "q;w;y;xx;zzz;");
  CHECK_STR(Rows(db, "SELECT a FROM t WHERE a > 'b' ORDER BY 1"), "a;a;B;");
  CHECK_STR(Rows(db, "SELECT a FROM t WHERE a BETWEEN 'c' AND 'a' ORDER BY 1"), "c;b;a;a;");
  CHECK_STR(Rows(db, "SELECT count(*) FROM t WHERE a IN ('a', 'c')"), "3;");
  CHECK_STR(Rows(db, "SELECT b FROM t WHERE b = 'aa' COLLATE len"), "xx;");
  CHECK_STR(Rows(db, "SELECT min(a), max(a) FROM t"), "c,B;");
  CHECK_STR(Rows(db, "SELECT min(b COLLATE len), max(b COLLATE len) FROM t"), "y,zzz;");
  CHECK_STR(Rows(db, "SELECT length(b), count(*) FROM t GROUP BY b COLLATE len ORDER BY 1"),
            "1,3;2,1;3,1;");
  CHECK_STR(Rows(db, "SELECT count(DISTINCT b COLLATE len) FROM t"), "3;");
  CHECK_STR(Rows(db, "SELECT 'a' < 'b' COLLATE rev, max('a', 'b' COLLATE rev), "
                     "nullif('ab', 'cd' COLLATE len)"),
            "0,a,-;");
  /* An index in the collation's order, and lookups through it. */
  Exec(db, "CREATE INDEX tb ON t(b COLLATE len);");
  CHECK_STR(Rows(db, "SELECT b FROM t INDEXED BY tb WHERE b COLLATE len = 'zz'"), "xx;");
  CHECK_STR(Rows(db, "SELECT b FROM t INDEXED BY tb WHERE b COLLATE len > 'zz' "
                     "ORDER BY b COLLATE len"),
            "zzz;");
  Exec(db, "CREATE UNIQUE INDEX tab ON t(a, b COLLATE len);");
  CHECK_STR(Rows(db, "INSERT INTO t VALUES('a', 'zz')"), "error: UNIQUE constraint failed: t.a, t.b");
  CHECK_STR(Rows(db, "PRAGMA integrity_check"), "ok;");
  /* Unknown names. */
  CHECK_STR(Rows(db, "SELECT 'a' = 'b' COLLATE nosuch"), "error: no such collation sequence: nosuch");
  CHECK_STR(Rows(db, "EXPLAIN QUERY PLAN SELECT a FROM t ORDER BY a COLLATE nosuch"),
            "error: no such collation sequence: nosuch");
  /* Only a comparison needs the collation. */
  CHECK_STR(Rows(db, "SELECT 'x' COLLATE nosuch"), "x;");
  CHECK_STR(Rows(db, "CREATE TABLE bad(x COLLATE nosuch)"),
            "error: no such collation sequence: nosuch");
  sqlite3_close(db);
}

static void TestCollationReplaceAndDelete(void) {
  sqlite3* db = OpenMemory();
  destroy_calls = 0;
  CHECK_INT(sqlite3_create_collation_v2(db, "c", SQLITE_UTF8, NULL, Reverse, CountDestroy),
            SQLITE_OK);
  const char* sql = "SELECT x FROM (SELECT 'a' AS x UNION ALL SELECT 'b') ORDER BY x COLLATE c";
  CHECK_STR(Rows(db, sql), "b;a;");
  /* A statement prepared now runs with the comparator registered when it next starts. */
  sqlite3_stmt* stmt = NULL;
  CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  /* Replacing it while a statement runs: SQLITE_BUSY, nothing changes. */
  CHECK_INT(sqlite3_create_collation_v2(db, "C", SQLITE_UTF8, NULL, ByLength, CountDestroy),
            SQLITE_BUSY);
  CHECK_STR(sqlite3_errmsg(db),
            "unable to delete/modify collation sequence due to active statements");
  CHECK_INT(destroy_calls, 0);
  CHECK_INT(sqlite3_reset(stmt), SQLITE_OK);
  /* Replaced: the old one's xDestroy runs. */
  CHECK_INT(sqlite3_create_collation_v2(db, "C", SQLITE_UTF8, NULL, Reverse, CountDestroy),
            SQLITE_OK);
  CHECK_INT(destroy_calls, 1);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_STR(sqlite3_column_text(stmt, 0), "b");
  sqlite3_finalize(stmt);
  /* Deleted: xDestroy runs, and the name is unknown again. */
  CHECK_INT(sqlite3_create_collation(db, "c", SQLITE_UTF8, NULL, NULL), SQLITE_OK);
  CHECK_INT(destroy_calls, 2);
  CHECK_STR(Rows(db, sql), "error: no such collation sequence: c");
  /* Closing the connection destroys what is left. */
  CHECK_INT(sqlite3_create_collation_v2(db, "d", SQLITE_UTF8, NULL, Reverse, CountDestroy),
            SQLITE_OK);
  CHECK_INT(sqlite3_create_collation(db, "d2", 99, NULL, Reverse), SQLITE_MISUSE);
  sqlite3_close(db);
  CHECK_INT(destroy_calls, 3);
}

static void TestCollationUtf16(void) {
  sqlite3* db = OpenMemory();
  CHECK_INT(sqlite3_create_collation(db, "first16", SQLITE_UTF16, NULL, FirstUnit16),
            SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT 'abc' = 'axy' COLLATE first16, 'b\xc3\xa9' > 'bz' COLLATE first16"),
            "1,0;");
  /* The name in UTF-16 (native byte order). */
  unsigned short name16[] = {'l', 'e', 'n', '1', '6', 0};
  CHECK_INT(sqlite3_create_collation16(db, name16, SQLITE_UTF8, NULL, ByLength), SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT 'ab' = 'xy' COLLATE len16"), "1;");
  sqlite3_close(db);
}

static int needed_calls = 0;
static char needed_name[64];
static void Needed(void* arg, sqlite3* db, int text_rep, const char* name) {
  (void)arg;
  needed_calls++;
  CHECK_INT(text_rep, SQLITE_UTF8);
  snprintf(needed_name, sizeof(needed_name), "%s", name);
  if (strcmp(name, "lazy") == 0) {
    CHECK_INT(sqlite3_create_collation(db, name, SQLITE_UTF8, NULL, Reverse), SQLITE_OK);
  }
}

static void Needed16(void* arg, sqlite3* db, int text_rep, const void* name) {
  (void)arg;
  (void)text_rep;
  needed_calls++;
  CHECK(memcmp(name, "l\0a\0z\0y\0\0\0", 10) == 0 || memcmp(name, "\0l\0a\0z\0y\0\0", 10) == 0);
  CHECK_INT(sqlite3_create_collation(db, "lazy", SQLITE_UTF8, NULL, Reverse), SQLITE_OK);
}

static void TestCollationNeeded(void) {
  sqlite3* db = OpenMemory();
  needed_calls = 0;
  CHECK_INT(sqlite3_collation_needed(db, NULL, Needed), SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT x FROM (SELECT 'a' AS x UNION ALL SELECT 'b') ORDER BY x COLLATE lazy"),
            "b;a;");
  CHECK_INT(needed_calls, 1);
  CHECK_STR(needed_name, "lazy");
  CHECK_STR(Rows(db, "SELECT 1 ORDER BY 1 COLLATE other"), "error: no such collation sequence: other");
  CHECK_STR(needed_name, "other");
  sqlite3_close(db);

  db = OpenMemory();
  needed_calls = 0;
  CHECK_INT(sqlite3_collation_needed16(db, NULL, Needed16), SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT 'a' < 'b' COLLATE lazy"), "0;");
  CHECK_INT(needed_calls, 1);
  sqlite3_close(db);
}

/* A schema whose column or index declares a collation the application has not registered:
** the database opens, and only the uses that need the collation fail. */
static void TestCollationMissingFromSchema(void) {
  char path[] = "/tmp/simlite_collation_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  unlink(path);
  sqlite3* db = NULL;
  CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
  CHECK_INT(sqlite3_create_collation(db, "rev", SQLITE_UTF8, NULL, Reverse), SQLITE_OK);
  Exec(db, "CREATE TABLE c(x TEXT COLLATE rev); INSERT INTO c VALUES('a'), ('b');"
           "CREATE TABLE d(y TEXT); CREATE INDEX dy ON d(y COLLATE rev);"
           "INSERT INTO d VALUES('p'), ('q');");
  sqlite3_close(db);
  CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT x FROM c"), "a;b;");
  CHECK_STR(Rows(db, "SELECT x FROM c ORDER BY x"), "error: no such collation sequence: rev");
  CHECK_STR(Rows(db, "SELECT x FROM c WHERE x = 'a'"), "error: no such collation sequence: rev");
  CHECK_STR(Rows(db, "INSERT INTO d VALUES('r')"), "error: no such collation sequence: rev");
  /* The planner leaves an index with an unregistered collation alone. */
  CHECK_STR(Rows(db, "SELECT y FROM d ORDER BY y"), "p;q;");
  CHECK_STR(Rows(db, "SELECT y FROM d WHERE y = 'q'"), "q;");
  CHECK_INT(sqlite3_create_collation(db, "REV", SQLITE_UTF8, NULL, Reverse), SQLITE_OK);
  CHECK_STR(Rows(db, "SELECT x FROM c ORDER BY x"), "b;a;");
  CHECK_STR(Rows(db, "INSERT INTO d VALUES('r')"), "");
  CHECK_STR(Rows(db, "SELECT y FROM d WHERE y > 'p' COLLATE rev"), "");
  CHECK_STR(Rows(db, "SELECT y FROM d WHERE y < 'p' COLLATE rev ORDER BY y"), "q;r;");
  CHECK_STR(Rows(db, "PRAGMA integrity_check"), "ok;");
  sqlite3_close(db);
  unlink(path);
}

int main(void) {
  TestAuthorizerCalls();
  TestAuthorizerAnswers();
  TestAuthorizerExpiresStatements();
  TestCollationUses();
  TestCollationReplaceAndDelete();
  TestCollationUtf16();
  TestCollationNeeded();
  TestCollationMissingFromSchema();
  return CheckResult();
}
