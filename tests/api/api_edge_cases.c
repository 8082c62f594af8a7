/*
** The C API's edge cases: misuse, error state, pointer lifetimes, reset and rebind, callbacks.
**
** Built against simlite's sqlite3.h and run twice (tests/api/CMakeLists.txt): linked to real
** SQLite, where every expectation below is checked against the oracle, and linked to simlite's
** libsqlite3.so.0. An expectation holds in both or the test fails. Run under ASan in the
** sanitizer build: no leak, no use after free.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/sqlite3.h"
#include "tests/api/api_check.h"

static void TestVersion(void) {
  CHECK_STR(sqlite3_libversion(), "3.40.1");
  CHECK_STR(sqlite3_version, "3.40.1");
  CHECK_INT(sqlite3_libversion_number(), 3040001);
  /* Programs (Debian's shell) compare the first 60 characters of the source id. */
  CHECK(strncmp(sqlite3_sourceid(), SQLITE_SOURCE_ID, 60) == 0);
  /* SQLite is serialized (1), simlite multi-threaded (2): docs/compat.md. */
  CHECK(sqlite3_threadsafe() != 0);
  CHECK_INT(sqlite3_compileoption_used("SQLITE_THREADSAFE"), 1);
  CHECK_INT(sqlite3_compileoption_used("ENABLE_MATH_FUNCTIONS"), 1);
  CHECK_INT(sqlite3_compileoption_used("sqlite_like_doesnt_match_blobs"), 1);
  CHECK_INT(sqlite3_compileoption_used("NO_SUCH_OPTION"), 0);
  CHECK(sqlite3_compileoption_get(0) != NULL);
  CHECK(sqlite3_compileoption_get(-1) == NULL);
  CHECK(sqlite3_compileoption_get(100000) == NULL);
}

static void TestErrorStrings(void) {
  CHECK_STR(sqlite3_errstr(SQLITE_OK), "not an error");
  CHECK_STR(sqlite3_errstr(SQLITE_ERROR), "SQL logic error");
  CHECK_STR(sqlite3_errstr(SQLITE_BUSY), "database is locked");
  CHECK_STR(sqlite3_errstr(SQLITE_CONSTRAINT_UNIQUE), "constraint failed");
  CHECK_STR(sqlite3_errstr(SQLITE_ABORT_ROLLBACK), "abort due to ROLLBACK");
  CHECK_STR(sqlite3_errstr(SQLITE_RANGE), "column index out of range");
  CHECK_STR(sqlite3_errstr(SQLITE_ROW), "another row available");
  CHECK_STR(sqlite3_errstr(SQLITE_DONE), "no more rows available");
  CHECK_STR(sqlite3_errstr(999), "unknown error");
  CHECK_STR(sqlite3_errstr(-1), "unknown error");
}

static void TestStrings(void) {
  CHECK_INT(sqlite3_stricmp("abc", "ABC"), 0);
  CHECK(sqlite3_stricmp("abc", "abd") < 0);
  CHECK(sqlite3_stricmp(NULL, "a") < 0);
  CHECK_INT(sqlite3_stricmp(NULL, NULL), 0);
  CHECK_INT(sqlite3_strnicmp("abcX", "ABCy", 3), 0);
  CHECK(sqlite3_strnicmp("abcX", "ABCy", 4) < 0);
  CHECK_INT(sqlite3_strglob("a*c", "abbbc"), 0);
  CHECK(sqlite3_strglob("a?c", "abbc") != 0);
  CHECK_INT(sqlite3_strglob("[a-c]x", "bx"), 0);
  CHECK_INT(sqlite3_strlike("A%", "abc", 0), 0);
  CHECK(sqlite3_strlike("a_", "abc", 0) != 0);
  CHECK_INT(sqlite3_strlike("a!%", "a%", '!'), 0);
  CHECK(sqlite3_strlike("a!%", "ab", '!') != 0);
  CHECK_INT(sqlite3_complete("SELECT 1;"), 1);
  CHECK_INT(sqlite3_complete("SELECT 1"), 0);
  CHECK_INT(sqlite3_complete("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;"), 0);
  CHECK_INT(sqlite3_complete("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;"), 1);
  CHECK_INT(sqlite3_complete("-- comment\n;"), 1);
  CHECK_INT(sqlite3_keyword_count(), 147);
  CHECK_INT(sqlite3_keyword_check("select", 6), 1);
  CHECK_INT(sqlite3_keyword_check("selects", 7), 0);
  const char* name = NULL;
  int length = 0;
  CHECK_INT(sqlite3_keyword_name(0, &name, &length), SQLITE_OK);
  CHECK(length > 0 && sqlite3_keyword_check(name, length));
  CHECK_INT(sqlite3_keyword_name(147, &name, &length), SQLITE_ERROR);
}

static void CheckPrintf(const char* expected, char* actual) {
  CHECK_STR(actual, expected);
  sqlite3_free(actual);
}

static void TestPrintf(void) {
  CheckPrintf("", sqlite3_mprintf(""));
  CheckPrintf("42 -7 4294967295 ff 0XFF 17", sqlite3_mprintf("%d %i %u %x %#X %o", 42, -7, -1,
                                                              255, 255, 15));
  CheckPrintf("1099511627776 -1 18446744073709551615",
              sqlite3_mprintf("%lld %ld %llu", 1LL << 40, -1L, -1LL));
  CheckPrintf("[  abc] [abc  ] [ab]", sqlite3_mprintf("[%5s] [%-5s] [%.2s]", "abc", "abc",
                                                      "abc"));
  CheckPrintf("it''s 'it''s' NULL a\"\"b (NULL)",
              sqlite3_mprintf("%q %Q %Q %w %q", "it's", "it's", (char*)NULL, "a\"b",
                              (char*)NULL));
  CheckPrintf("3.142 1e+100 2.500000e+00 1,234,567 22nd 00042 +7 %",
              sqlite3_mprintf("%.3f %g %e %,d %r %05d %+d %%", 3.14159, 1e100, 2.5, 1234567, 22,
                              42, 7));
  CheckPrintf("[\xc3\xa9][\xe2\x82\xac][  xxx]", sqlite3_mprintf("[%c][%c][%5.3c]", 0xe9,
                                                                 0x20ac, 'x'));
  CheckPrintf("ABCDEF", sqlite3_mprintf("%p", (void*)0xabcdef));
  CheckPrintf("zz", sqlite3_mprintf("%z", sqlite3_mprintf("zz")));
  CheckPrintf("|", sqlite3_mprintf("%s|", (char*)NULL));
  int count = 0;
  CheckPrintf("abcd", sqlite3_mprintf("ab%ncd", &count));
  CHECK_INT(count, 2);
  CheckPrintf("x", sqlite3_mprintf("x%T", 1));  /* %T is internal to SQLite: output stops */
  CheckPrintf("\xc3\xa9\xc3\xa9", sqlite3_mprintf("%!.2s", "\xc3\xa9\xc3\xa9x"));
  char buffer[5];
  CHECK(sqlite3_snprintf(5, buffer, "%s", "abcdefgh") == buffer);
  CHECK_STR(buffer, "abcd");
  buffer[0] = 'q';
  sqlite3_snprintf(0, buffer, "%s", "abc");
  CHECK(buffer[0] == 'q');

  sqlite3_str* str = sqlite3_str_new(NULL);
  sqlite3_str_appendf(str, "%d-", 12);
  sqlite3_str_append(str, "abcdef", 3);
  sqlite3_str_appendall(str, "!");
  sqlite3_str_appendchar(str, 3, 'z');
  CHECK_INT(sqlite3_str_length(str), 10);
  CHECK_STR(sqlite3_str_value(str), "12-abc!zzz");
  CHECK_INT(sqlite3_str_errcode(str), SQLITE_OK);
  sqlite3_str_reset(str);
  CHECK_INT(sqlite3_str_length(str), 0);
  sqlite3_str_appendall(str, "end");
  CheckPrintf("end", sqlite3_str_finish(str));
  CHECK(sqlite3_str_finish(sqlite3_str_new(NULL)) == NULL);
}

static void TestMemory(void) {
  CHECK(sqlite3_malloc(0) == NULL);
  CHECK(sqlite3_malloc(-5) == NULL);
  CHECK(sqlite3_malloc64(0) == NULL);
  char* p = sqlite3_malloc(10);
  CHECK(p != NULL);
  CHECK(sqlite3_msize(p) >= 10);
  memcpy(p, "123456789", 10);
  p = sqlite3_realloc(p, 100);
  CHECK_STR(p, "123456789");
  CHECK(sqlite3_msize(p) >= 100);
  CHECK(sqlite3_memory_used() > 0);
  CHECK(sqlite3_realloc(p, 0) == NULL); /* frees */
  p = sqlite3_realloc64(NULL, 8);
  CHECK(p != NULL);
  sqlite3_free(p);
  sqlite3_free(NULL);
  CHECK_INT(sqlite3_msize(NULL), 0);
  unsigned char random[16];
  memset(random, 0, sizeof(random));
  sqlite3_randomness(sizeof(random), random);
  sqlite3_randomness(0, NULL);
  CHECK_INT(sqlite3_sleep(0), 0);
  sqlite3_mutex* mutex = sqlite3_mutex_alloc(SQLITE_MUTEX_RECURSIVE);
  CHECK(mutex != NULL);
  sqlite3_mutex_enter(mutex);
  CHECK_INT(sqlite3_mutex_try(mutex), SQLITE_OK);
  sqlite3_mutex_leave(mutex);
  sqlite3_mutex_leave(mutex);
  sqlite3_mutex_free(mutex);
  CHECK(sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1) ==
        sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1));
}

static void TestMisuse(void) {
  sqlite3* db = (sqlite3*)1;
  CHECK_INT(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_CREATE, NULL), SQLITE_MISUSE);
  /* A handle comes back anyway, holding the error; it must be closed. */
  CHECK_INT(sqlite3_errcode(db), SQLITE_MISUSE);
  CHECK_STR(sqlite3_errmsg(db), "bad parameter or other API misuse");
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
  CHECK_INT(sqlite3_errcode(NULL), SQLITE_NOMEM);
  CHECK_STR(sqlite3_errmsg(NULL), "out of memory");
  CHECK_INT(sqlite3_close(NULL), SQLITE_OK);
  CHECK_INT(sqlite3_close_v2(NULL), SQLITE_OK);
  CHECK_INT(sqlite3_finalize(NULL), SQLITE_OK);
  CHECK_INT(sqlite3_reset(NULL), SQLITE_OK);
  CHECK_INT(sqlite3_step(NULL), SQLITE_MISUSE);
  CHECK_INT(sqlite3_column_count(NULL), 0);
  CHECK_INT(sqlite3_data_count(NULL), 0);
  CHECK(sqlite3_column_text(NULL, 0) == NULL);
  CHECK_INT(sqlite3_column_type(NULL, 0), SQLITE_NULL);
  CHECK_INT(sqlite3_bind_int(NULL, 1, 1), SQLITE_MISUSE);
  CHECK_INT(sqlite3_bind_parameter_count(NULL), 0);
  CHECK(sqlite3_sql(NULL) == NULL);

  db = OpenMemory();
  sqlite3_stmt* stmt = (sqlite3_stmt*)1;
  CHECK_INT(sqlite3_prepare_v2(db, NULL, -1, &stmt, NULL), SQLITE_MISUSE);
  CHECK(stmt == NULL);
  CHECK_INT(sqlite3_errcode(db), SQLITE_OK); /* misuse leaves the error state alone */
  CHECK_INT(sqlite3_exec(NULL, "SELECT 1", NULL, NULL, NULL), SQLITE_MISUSE);
  CHECK_INT(sqlite3_limit(db, -1, 0), -1);
  CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, -1), 1000000000);
  CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 10), 1000000000);
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT 12345678", -1, &stmt, NULL), SQLITE_TOOBIG);
  CHECK_STR(sqlite3_errmsg(db), "string or blob too big");
  CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 2000000000), 10);
  CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, -1), 1000000000);
  CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 1), 127);
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT max(1, 2)", -1, &stmt, NULL), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "too many arguments on function max");
  CHECK_INT(sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 1), 250000);
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT ?, ?", -1, &stmt, NULL), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "too many SQL variables");
  CHECK_INT(sqlite3_close(db), SQLITE_OK);

  /* A failed open still gives a handle that holds the error; it must be closed. */
  db = NULL;
  CHECK_INT(sqlite3_open_v2("/nonexistent-dir/x.db", &db, SQLITE_OPEN_READWRITE, NULL),
            SQLITE_CANTOPEN);
  CHECK(db != NULL);
  CHECK_INT(sqlite3_errcode(db), SQLITE_CANTOPEN);
  CHECK_STR(sqlite3_errmsg(db), "unable to open database file");
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL), SQLITE_MISUSE);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
  CHECK_INT(sqlite3_open("/", &db), SQLITE_CANTOPEN); /* a directory */
  CHECK_INT(sqlite3_extended_errcode(db), SQLITE_CANTOPEN);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);

  db = NULL;
  CHECK_INT(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, "no-such-vfs"), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "no such vfs: no-such-vfs");
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

/* The connection's error state after each kind of call. */
static void TestErrorState(void) {
  sqlite3* db = OpenMemory();
  CHECK_INT(sqlite3_errcode(db), SQLITE_OK);
  CHECK_STR(sqlite3_errmsg(db), "not an error");
  sqlite3_stmt* stmt = NULL;
  CHECK_INT(sqlite3_prepare_v2(db, "selec 1", -1, &stmt, NULL), SQLITE_ERROR);
  CHECK(stmt == NULL);
  CHECK_STR(sqlite3_errmsg(db), "near \"selec\": syntax error");
  CHECK_INT(sqlite3_error_offset(db), 0);
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT 1 + ;", -1, &stmt, NULL), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "near \";\": syntax error");
  CHECK_INT(sqlite3_error_offset(db), 11);
  // Text that ends inside its statement has no offending token: no offset.
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT 1 +", -1, &stmt, NULL), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "incomplete input");
  CHECK_INT(sqlite3_error_offset(db), -1);
  stmt = Prepare(db, "SELECT 1, 'a'");
  CHECK_INT(sqlite3_error_offset(db), -1);
  CHECK_INT(sqlite3_errcode(db), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_errcode(db), SQLITE_ROW);
  CHECK_STR(sqlite3_errmsg(db), "another row available");
  CHECK(sqlite3_column_text(stmt, 5) == NULL);
  CHECK_INT(sqlite3_errcode(db), SQLITE_RANGE);
  CHECK_STR(sqlite3_errmsg(db), "column index out of range");
  CHECK_INT(sqlite3_bind_int(stmt, 1, 1), SQLITE_MISUSE); /* running */
  CHECK_INT(sqlite3_errcode(db), SQLITE_MISUSE);
  CHECK_INT(sqlite3_step(stmt), SQLITE_DONE);
  CHECK_INT(sqlite3_errcode(db), SQLITE_DONE);
  CHECK(sqlite3_column_text(stmt, 0) == NULL); /* no row */
  CHECK_INT(sqlite3_errcode(db), SQLITE_RANGE);
  CHECK_INT(sqlite3_bind_int(stmt, 1, 1), SQLITE_MISUSE); /* done but not reset */
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);              /* automatic reset */
  CHECK_INT(sqlite3_reset(stmt), SQLITE_OK);
  CHECK_INT(sqlite3_errcode(db), SQLITE_OK);
  CHECK_INT(sqlite3_bind_int(stmt, 1, 1), SQLITE_RANGE);
  CHECK_INT(sqlite3_errcode(db), SQLITE_RANGE);
  CHECK_INT(sqlite3_reset(stmt), SQLITE_OK); /* did not run: the state stays */
  CHECK_INT(sqlite3_errcode(db), SQLITE_RANGE);
  CHECK_INT(sqlite3_finalize(stmt), SQLITE_OK);
  CHECK_INT(sqlite3_errcode(db), SQLITE_RANGE);

  Exec(db, "CREATE TABLE t(a UNIQUE)");
  Exec(db, "INSERT INTO t VALUES(1)");
  stmt = Prepare(db, "INSERT INTO t VALUES(1)");
  CHECK_INT(sqlite3_step(stmt), SQLITE_CONSTRAINT);
  CHECK_INT(sqlite3_errcode(db), SQLITE_CONSTRAINT);
  CHECK_INT(sqlite3_extended_errcode(db), SQLITE_CONSTRAINT_UNIQUE);
  CHECK_STR(sqlite3_errmsg(db), "UNIQUE constraint failed: t.a");
  Exec(db, "SELECT 1"); /* clears the state */
  CHECK_INT(sqlite3_errcode(db), SQLITE_OK);
  CHECK_INT(sqlite3_reset(stmt), SQLITE_CONSTRAINT); /* the run's outcome, again */
  CHECK_STR(sqlite3_errmsg(db), "UNIQUE constraint failed: t.a");
  CHECK_INT(sqlite3_reset(stmt), SQLITE_OK);
  CHECK_INT(sqlite3_errcode(db), SQLITE_CONSTRAINT);
  CHECK_INT(sqlite3_step(stmt), SQLITE_CONSTRAINT);
  CHECK_INT(sqlite3_finalize(stmt), SQLITE_CONSTRAINT);

  /* Extended result codes on: the calls return them. */
  CHECK_INT(sqlite3_extended_result_codes(db, 1), SQLITE_OK);
  stmt = Prepare(db, "INSERT INTO t VALUES(1)");
  CHECK_INT(sqlite3_step(stmt), SQLITE_CONSTRAINT_UNIQUE);
  CHECK_INT(sqlite3_errcode(db), SQLITE_CONSTRAINT_UNIQUE);
  CHECK_INT(sqlite3_finalize(stmt), SQLITE_CONSTRAINT_UNIQUE);

  /* The legacy interface reports SQLITE_ERROR from step, the real code from reset. */
  sqlite3_extended_result_codes(db, 0);
  CHECK_INT(sqlite3_prepare(db, "INSERT INTO t VALUES(1)", -1, &stmt, NULL), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ERROR);
  CHECK_INT(sqlite3_reset(stmt), SQLITE_CONSTRAINT);
  CHECK_INT(sqlite3_finalize(stmt), SQLITE_OK);

  /* Closing with a live statement: close refuses, close_v2 waits for the last finalize. */
  stmt = Prepare(db, "SELECT 3");
  CHECK_INT(sqlite3_close(db), SQLITE_BUSY);
  CHECK_STR(sqlite3_errmsg(db),
            "unable to close due to unfinalized statements or unfinished backups");
  CHECK_INT(sqlite3_close_v2(db), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(stmt, 0), 3);
  CHECK_INT(sqlite3_finalize(stmt), SQLITE_OK); /* frees the connection */
}

static int destructor_calls = 0;
static void CountingFree(void* p) {
  destructor_calls++;
  free(p);
}

static char* HeapCopy(const char* text) {
  char* copy = malloc(strlen(text) + 1);
  strcpy(copy, text);
  return copy;
}

static void TestBindAndColumns(void) {
  sqlite3* db = OpenMemory();
  sqlite3_stmt* stmt = Prepare(db, "SELECT ?1, :name, ?3, @x");
  CHECK_INT(sqlite3_bind_parameter_count(stmt), 4);
  CHECK(sqlite3_bind_parameter_name(stmt, 1) != NULL);
  CHECK_STR(sqlite3_bind_parameter_name(stmt, 2), ":name");
  CHECK_STR(sqlite3_bind_parameter_name(stmt, 4), "@x");
  CHECK(sqlite3_bind_parameter_name(stmt, 5) == NULL);
  CHECK_INT(sqlite3_bind_parameter_index(stmt, ":name"), 2);
  CHECK_INT(sqlite3_bind_parameter_index(stmt, "name"), 0);
  CHECK_INT(sqlite3_column_count(stmt), 4);
  CHECK_INT(sqlite3_data_count(stmt), 0);

  char buffer[8] = "abc";
  CHECK_INT(sqlite3_bind_text(stmt, 1, buffer, -1, SQLITE_TRANSIENT), SQLITE_OK);
  buffer[0] = 'X'; /* the statement has its own copy */
  CHECK_INT(sqlite3_bind_text(stmt, 2, "a\0b", 3, SQLITE_STATIC), SQLITE_OK);
  destructor_calls = 0;
  CHECK_INT(sqlite3_bind_blob(stmt, 3, HeapCopy("blob"), 4, CountingFree), SQLITE_OK);
  CHECK_INT(sqlite3_bind_text(stmt, 9, HeapCopy("x"), -1, CountingFree), SQLITE_RANGE);
  CHECK(destructor_calls >= 1); /* the failed bind's at once; the other when SQLite likes */
  CHECK_INT(sqlite3_bind_int64(stmt, 4, 42), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_data_count(stmt), 4);
  CHECK_STR(sqlite3_column_text(stmt, 0), "abc");
  CHECK_INT(sqlite3_column_bytes(stmt, 1), 3); /* an embedded NUL */
  CHECK(memcmp(sqlite3_column_blob(stmt, 1), "a\0b", 3) == 0);
  CHECK_INT(sqlite3_column_type(stmt, 2), SQLITE_BLOB);
  CHECK_INT(sqlite3_column_bytes(stmt, 2), 4);
  CHECK(memcmp(sqlite3_column_blob(stmt, 2), "blob", 4) == 0);
  /* Conversions leave the type alone; the text stays valid across bytes(). */
  const unsigned char* text = sqlite3_column_text(stmt, 3);
  CHECK_STR(text, "42");
  CHECK_INT(sqlite3_column_bytes(stmt, 3), 2);
  CHECK(text == sqlite3_column_text(stmt, 3));
  CHECK_INT(sqlite3_column_type(stmt, 3), SQLITE_INTEGER);
  CHECK_INT(sqlite3_column_double(stmt, 3) == 42.0, 1);
  const unsigned short* text16 = sqlite3_column_text16(stmt, 0);
  CHECK(text16 != NULL && text16[0] == 'a' && text16[3] == 0);
  CHECK_INT(sqlite3_column_bytes16(stmt, 0), 6);
  sqlite3_value* copy = sqlite3_value_dup(sqlite3_column_value(stmt, 0));
  CHECK_INT(sqlite3_step(stmt), SQLITE_DONE);
  CHECK_STR(sqlite3_value_text(copy), "abc"); /* the copy outlives the row */
  sqlite3_value_free(copy);
  sqlite3_value_free(NULL);

  /* Rebind after reset; clear_bindings makes every parameter NULL. */
  CHECK_INT(sqlite3_reset(stmt), SQLITE_OK);
  CHECK_INT(sqlite3_bind_double(stmt, 1, 2.5), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_type(stmt, 0), SQLITE_FLOAT);
  CHECK_STR(sqlite3_column_text(stmt, 0), "2.5");
  CHECK_INT(sqlite3_column_int64(stmt, 3), 42);
  sqlite3_reset(stmt);
  CHECK_INT(sqlite3_clear_bindings(stmt), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_type(stmt, 0), SQLITE_NULL);
  CHECK(sqlite3_column_text(stmt, 0) == NULL);
  CHECK(sqlite3_column_blob(stmt, 3) == NULL);
  CHECK_INT(sqlite3_finalize(stmt), SQLITE_OK);
  CHECK_INT(destructor_calls, 2);

  stmt = Prepare(db, "SELECT x'', '', zeroblob(3)");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK(sqlite3_column_blob(stmt, 0) == NULL); /* an empty blob is a NULL pointer */
  CHECK_INT(sqlite3_column_type(stmt, 0), SQLITE_BLOB);
  CHECK_STR(sqlite3_column_text(stmt, 1), "");
  CHECK_INT(sqlite3_column_bytes(stmt, 2), 3);
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static void TestConversions(void) {
  sqlite3* db = OpenMemory();
  sqlite3_stmt* stmt = Prepare(db, "SELECT '12abc', ' 1e3x', 4294967297, 1e20, -1e20, '12', '1.5', "
                                   "'abc', x'3132', 2.5, 'caf\xc3\xa9'");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(stmt, 0), 12);
  CHECK(sqlite3_column_double(stmt, 1) == 1000.0);
  CHECK_INT(sqlite3_column_int(stmt, 2), 1); /* the low 32 bits */
  CHECK_INT(sqlite3_column_int64(stmt, 3), 9223372036854775807LL);
  CHECK_INT(sqlite3_column_int64(stmt, 4), (-9223372036854775807LL - 1));
  CHECK_STR(sqlite3_column_text(stmt, 3), "1.0e+20");
  sqlite3_value* value = sqlite3_column_value(stmt, 5);
  CHECK_INT(sqlite3_value_numeric_type(value), SQLITE_INTEGER);
  CHECK_INT(sqlite3_value_numeric_type(sqlite3_column_value(stmt, 6)), SQLITE_FLOAT);
  CHECK_INT(sqlite3_value_numeric_type(sqlite3_column_value(stmt, 7)), SQLITE_TEXT);
  CHECK_INT(sqlite3_column_int(stmt, 8), 12); /* a blob's text */
  CHECK_STR(sqlite3_column_text(stmt, 8), "12");
  CHECK_INT(sqlite3_column_bytes16(stmt, 9), 6); /* "2.5" in UTF-16 */
  CHECK_INT(sqlite3_column_bytes(stmt, 10), 5);
  CHECK_INT(sqlite3_column_bytes16(stmt, 10), 8);
  const unsigned short* be = sqlite3_value_text16be(sqlite3_column_value(stmt, 10));
  const unsigned char* be_bytes = (const unsigned char*)be;
  CHECK(be_bytes[0] == 0 && be_bytes[1] == 'c' && be_bytes[6] == 0 && be_bytes[7] == 0xe9);
  sqlite3_finalize(stmt);
  /* Binding UTF-16 (with a surrogate pair) and reading it back as UTF-8. */
  stmt = Prepare(db, "SELECT ?, length(?)");
  const unsigned short text16[] = {'a', 0xd83d, 0xde00, 0};
  CHECK_INT(sqlite3_bind_text16(stmt, 1, text16, -1, SQLITE_STATIC), SQLITE_OK);
  CHECK_INT(sqlite3_bind_text16(stmt, 2, text16, 6, SQLITE_STATIC), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_STR(sqlite3_column_text(stmt, 0), "a\xf0\x9f\x98\x80");
  CHECK_INT(sqlite3_column_int(stmt, 1), 2);
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static void TestColumnMetadata(void) {
  sqlite3* db = OpenMemory();
  Exec(db, "CREATE TABLE t(a INTEGER, b VARCHAR(10), c)");
  sqlite3_stmt* stmt = Prepare(db, "SELECT a, b AS bee, c, a + 1 FROM t");
  CHECK_STR(sqlite3_column_name(stmt, 1), "bee");
  CHECK_STR(sqlite3_column_name(stmt, 3), "a + 1");
  CHECK(sqlite3_column_name(stmt, 4) == NULL);
  CHECK_STR(sqlite3_column_decltype(stmt, 0), "INTEGER");
  CHECK_STR(sqlite3_column_decltype(stmt, 1), "VARCHAR(10)");
  CHECK(sqlite3_column_decltype(stmt, 2) == NULL);
  CHECK(sqlite3_column_decltype(stmt, 3) == NULL);
  CHECK_INT(sqlite3_stmt_readonly(stmt), 1);
  CHECK_STR(sqlite3_sql(stmt), "SELECT a, b AS bee, c, a + 1 FROM t");
  CHECK(sqlite3_db_handle(stmt) == db);
  CHECK(sqlite3_next_stmt(db, NULL) == stmt);
  CHECK(sqlite3_next_stmt(db, stmt) == NULL);
  sqlite3_finalize(stmt);
  stmt = Prepare(db, "INSERT INTO t VALUES(1, 2, 3)");
  CHECK_INT(sqlite3_stmt_readonly(stmt), 0);
  CHECK_INT(sqlite3_stmt_busy(stmt), 0);
  CHECK_INT(sqlite3_step(stmt), SQLITE_DONE);
  CHECK_INT(sqlite3_changes(db), 1);
  CHECK_INT(sqlite3_last_insert_rowid(db), 1);
  sqlite3_finalize(stmt);
  const char* readonly_sql[] = {"BEGIN", "SELECT 1", "CREATE TABLE u(x)", "DELETE FROM t",
                                 "DROP TABLE t", "CREATE INDEX i ON t(a)"};
  const int readonly_expected[] = {1, 1, 0, 0, 0, 0};
  for (int sql_idx = 0; sql_idx < 6; sql_idx++) {
    stmt = Prepare(db, readonly_sql[sql_idx]);
    CHECK_INT(sqlite3_stmt_readonly(stmt), readonly_expected[sql_idx]);
    sqlite3_finalize(stmt);
  }
  CHECK_INT(sqlite3_get_autocommit(db), 1);
  Exec(db, "BEGIN");
  CHECK_INT(sqlite3_get_autocommit(db), 0);
  Exec(db, "COMMIT");
  CHECK_INT(sqlite3_total_changes(db), 1);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

/* A prepared statement survives a schema change: it is compiled again when it runs. */
static void TestReprepare(void) {
  sqlite3* db = OpenMemory();
  sqlite3_stmt* create = Prepare(db, "CREATE TABLE foo(bar)");
  CHECK_INT(sqlite3_step(create), SQLITE_DONE);
  sqlite3_reset(create);
  sqlite3_stmt* insert = Prepare(db, "INSERT INTO foo(bar) VALUES(?)");
  Exec(db, "DROP TABLE foo");
  CHECK_INT(sqlite3_step(create), SQLITE_DONE);
  CHECK_INT(sqlite3_bind_int(insert, 1, 5), SQLITE_OK);
  Exec(db, "DROP TABLE foo; CREATE TABLE foo(bar, baz)");
  CHECK_INT(sqlite3_step(insert), SQLITE_DONE); /* the binding survives too */
  sqlite3_stmt* select = Prepare(db, "SELECT bar FROM foo");
  CHECK_INT(sqlite3_step(select), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(select, 0), 5);
  sqlite3_finalize(select);
  sqlite3_finalize(insert);
  sqlite3_finalize(create);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static void TestPrepareTail(void) {
  sqlite3* db = OpenMemory();
  sqlite3_stmt* stmt = NULL;
  const char* sql = "SELECT 1; SELECT 2";
  const char* tail = NULL;
  CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &stmt, &tail), SQLITE_OK);
  CHECK(tail == sql + 9);
  CHECK_STR(sqlite3_sql(stmt), "SELECT 1;");
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_prepare_v2(db, "   -- nothing\n", -1, &stmt, &tail), SQLITE_OK);
  CHECK(stmt == NULL);
  /* nByte ends the text, and so does a NUL before it. */
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT 12345", 8, &stmt, &tail), SQLITE_OK);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(stmt, 0), 1);
  sqlite3_finalize(stmt);
  const unsigned short sql16[] = {'S', 'E', 'L', 'E', 'C', 'T', ' ', 0xe9 + 0, ';', ' ', 'x', 0};
  const void* tail16 = NULL;
  CHECK_INT(sqlite3_prepare16_v2(db, sql16, -1, &stmt, &tail16), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "no such column: \xc3\xa9");
  const unsigned short good16[] = {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', 0xe9, '\'', ';',
                                   ' ', 'x', 0};
  CHECK_INT(sqlite3_prepare16_v2(db, good16, -1, &stmt, &tail16), SQLITE_OK);
  CHECK(tail16 == good16 + 11);
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_STR(sqlite3_column_text(stmt, 0), "\xc3\xa9");
  CHECK(((const unsigned short*)sqlite3_column_text16(stmt, 0))[0] == 0xe9);
  sqlite3_finalize(stmt);
  const unsigned short* message16 = sqlite3_errmsg16(db);
  CHECK(message16 != NULL && message16[0] == 'n'); /* "not an error" */
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static int callback_rows = 0;
static int CountRows(void* arg, int columns, char** values, char** names) {
  callback_rows++;
  CHECK_INT(columns, 2);
  CHECK_STR(names[0], "a");
  CHECK(values[1] == NULL);
  return arg != NULL; /* a non-null argument asks to stop */
}

static void TestExec(void) {
  sqlite3* db = OpenMemory();
  char* error = NULL;
  CHECK_INT(sqlite3_exec(db, "CREATE TABLE t(a, b); INSERT INTO t VALUES(1, NULL), (2, NULL);",
                         NULL, NULL, &error),
            SQLITE_OK);
  CHECK(error == NULL);
  CHECK_INT(sqlite3_exec(db, "SELECT * FROM t", CountRows, NULL, NULL), SQLITE_OK);
  CHECK_INT(callback_rows, 2);
  CHECK_INT(sqlite3_exec(db, "SELECT * FROM t", CountRows, (void*)1, &error), SQLITE_ABORT);
  CHECK_STR(error, "query aborted");
  sqlite3_free(error);
  CHECK_INT(sqlite3_exec(db, "SELECT * FROM nope; SELECT 1", NULL, NULL, &error), SQLITE_ERROR);
  CHECK_STR(error, "no such table: nope");
  sqlite3_free(error);
  CHECK_INT(sqlite3_exec(db, NULL, NULL, NULL, NULL), SQLITE_OK);
  char** table = NULL;
  int rows = 0, columns = 0;
  CHECK_INT(sqlite3_get_table(db, "SELECT a, b FROM t ORDER BY a", &table, &rows, &columns,
                              NULL),
            SQLITE_OK);
  CHECK_INT(rows, 2);
  CHECK_INT(columns, 2);
  CHECK_STR(table[0], "a");
  CHECK_STR(table[2], "1");
  CHECK(table[3] == NULL);
  CHECK_STR(table[4], "2");
  sqlite3_free_table(table);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static int destroy_calls = 0;
static void CountDestroy(void* arg) {
  (void)arg;
  destroy_calls++;
}

static void Twice(sqlite3_context* context, int argc, sqlite3_value** argv) {
  CHECK_INT(argc, 1);
  CHECK(sqlite3_user_data(context) == &destroy_calls);
  if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
    sqlite3_result_error(context, "text is not allowed", -1);
    return;
  }
  sqlite3_result_int64(context, 2 * sqlite3_value_int64(argv[0]));
}

static void SumStep(sqlite3_context* context, int argc, sqlite3_value** argv) {
  (void)argc;
  long long* sum = sqlite3_aggregate_context(context, sizeof(long long));
  *sum += sqlite3_value_int64(argv[0]);
}

static void SumFinal(sqlite3_context* context) {
  long long* sum = sqlite3_aggregate_context(context, 0);
  if (sum == NULL) {
    sqlite3_result_null(context);
  } else {
    sqlite3_result_int64(context, *sum);
  }
}

static void TestFunctions(void) {
  sqlite3* db = OpenMemory();
  destroy_calls = 0;
  CHECK_INT(sqlite3_create_function_v2(db, "twice", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                       &destroy_calls, Twice, NULL, NULL, CountDestroy),
            SQLITE_OK);
  CHECK_INT(sqlite3_create_function(db, "mysum", 1, SQLITE_UTF8, NULL, NULL, SumStep, SumFinal),
            SQLITE_OK);
  CHECK_INT(sqlite3_create_function(db, "bad", 1, SQLITE_UTF8, NULL, Twice, SumStep, NULL),
            SQLITE_MISUSE);
  CHECK_INT(sqlite3_create_function_v2(db, "bad", 200, SQLITE_UTF8, NULL, Twice, NULL, NULL,
                                       CountDestroy),
            SQLITE_MISUSE);
  CHECK_INT(destroy_calls, 1); /* xDestroy runs when the creation fails */
  sqlite3_stmt* stmt = Prepare(db, "SELECT TWICE(21), twice(NULL)");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(stmt, 0), 42);
  CHECK_INT(sqlite3_column_int(stmt, 1), 0);
  sqlite3_finalize(stmt);
  stmt = Prepare(db, "SELECT twice('x')");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "text is not allowed");
  sqlite3_finalize(stmt);
  Exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES(1), (2), (3)");
  stmt = Prepare(db, "SELECT mysum(a) FROM t");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(stmt, 0), 6);
  sqlite3_finalize(stmt);
  stmt = Prepare(db, "SELECT mysum(a) FROM t WHERE a > 5");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_type(stmt, 0), SQLITE_NULL);
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT twice(1, 2)", -1, &stmt, NULL), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "wrong number of arguments to function twice()");
  /* Replacing a function destroys the old one's data. */
  CHECK_INT(sqlite3_create_function_v2(db, "twice", 1, SQLITE_UTF8, &destroy_calls, Twice, NULL,
                                       NULL, CountDestroy),
            SQLITE_OK);
  CHECK_INT(destroy_calls, 2);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
  CHECK_INT(destroy_calls, 3);
}

/* A window sum that logs its calls: "s<n>" xStep, "i<n>" xInverse, "v" xValue, "f" xFinal. */
static char window_log[512];

static void LogCall(const char* what, sqlite3_value* value) {
  size_t used = strlen(window_log);
  if (value != NULL) {
    snprintf(window_log + used, sizeof window_log - used, "%s%lld ", what,
             sqlite3_value_int64(value));
  } else {
    snprintf(window_log + used, sizeof window_log - used, "%s ", what);
  }
}

static void WinStep(sqlite3_context* context, int argc, sqlite3_value** argv) {
  (void)argc;
  long long* sum = sqlite3_aggregate_context(context, sizeof(long long));
  *sum += sqlite3_value_int64(argv[0]);
  LogCall("s", argv[0]);
}

static void WinInverse(sqlite3_context* context, int argc, sqlite3_value** argv) {
  (void)argc;
  long long* sum = sqlite3_aggregate_context(context, sizeof(long long));
  *sum -= sqlite3_value_int64(argv[0]);
  LogCall("i", argv[0]);
}

static void WinValue(sqlite3_context* context) {
  long long* sum = sqlite3_aggregate_context(context, sizeof(long long));
  LogCall("v", NULL);
  if (*sum < 0) {
    sqlite3_result_error(context, "negative sum", -1);
    return;
  }
  sqlite3_result_int64(context, *sum);
}

static void WinFinal(sqlite3_context* context) {
  long long* sum = sqlite3_aggregate_context(context, 0);
  LogCall("f", NULL);
  sqlite3_result_int64(context, sum == NULL ? 0 : *sum);
}

/* The rows of `sql` as "a:b " pairs, and the calls the window function saw. */
static void CheckWindow(sqlite3* db, const char* sql, const char* rows, const char* calls) {
  char got[256] = "";
  window_log[0] = '\0';
  sqlite3_stmt* stmt = Prepare(db, sql);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    size_t used = strlen(got);
    snprintf(got + used, sizeof got - used, "%d:%d ", sqlite3_column_int(stmt, 0),
             sqlite3_column_int(stmt, 1));
  }
  sqlite3_finalize(stmt);
  CHECK_STR(got, rows);
  CHECK_STR(window_log, calls);
}

static void TestWindowFunctions(void) {
  sqlite3* db = OpenMemory();
  Exec(db, "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'x'), (4, 'y')");
  CHECK_INT(sqlite3_create_window_function(db, "wsum", 1, SQLITE_UTF8, NULL, WinStep, WinFinal,
                                           WinValue, WinInverse, NULL),
            SQLITE_OK);
  /* xValue and xInverse come together or not at all; without them it is a plain aggregate. */
  CHECK_INT(sqlite3_create_window_function(db, "half", 1, SQLITE_UTF8, NULL, WinStep, WinFinal,
                                           WinValue, NULL, NULL),
            SQLITE_MISUSE);
  CHECK_INT(sqlite3_create_window_function(db, "plain", 1, SQLITE_UTF8, NULL, WinStep, WinFinal,
                                           NULL, NULL, NULL),
            SQLITE_OK);
  CheckWindow(db,
              "SELECT a, wsum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) "
              "FROM t",
              "1:3 2:6 3:9 4:7 ", "s1 s2 v s3 v i1 s4 v i2 v f ");
  CheckWindow(db, "SELECT a, wsum(a) OVER (PARTITION BY b) FROM t", "1:4 3:4 2:6 4:6 ",
              "s1 s3 v f s2 s4 v f ");
  CheckWindow(db,
              "SELECT a, wsum(a) OVER (ORDER BY a ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) "
              "FROM t",
              "1:5 2:7 3:4 4:0 ", "s1 s2 i1 s3 v i2 s4 v i3 v i4 v f ");
  CheckWindow(db,
              "SELECT a, wsum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING "
              "EXCLUDE CURRENT ROW) FROM t",
              "1:2 2:4 3:6 4:3 ", "s2 f s1 s3 f s2 s4 f s3 f ");
  CheckWindow(db, "SELECT a, wsum(a) FILTER (WHERE a <> 2) OVER (ORDER BY b, a) FROM t",
              "1:1 3:4 2:4 4:8 ", "s1 v s3 v v s4 v f ");
  sqlite3_stmt* stmt = Prepare(db, "SELECT wsum(-a) OVER (ORDER BY a) FROM t");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "negative sum");
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT plain(a) OVER () FROM t", -1, &stmt, NULL),
            SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "plain() may not be used as a window function");
  CHECK_INT(sqlite3_prepare_v2(db, "SELECT wsum(a) FILTER (WHERE 1) FROM t", -1, &stmt, NULL),
            SQLITE_OK);
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static void TestExpandedSql(void) {
  sqlite3* db = OpenMemory();
  sqlite3_stmt* stmt = Prepare(db, "SELECT ?, :a, '?', ?5, -- ?\n @b, ?, x'01'");
  char* expanded = sqlite3_expanded_sql(stmt);
  CHECK_STR(expanded, "SELECT NULL, NULL, '?', NULL, -- ?\n NULL, NULL, x'01'");
  sqlite3_free(expanded);
  sqlite3_bind_int(stmt, 1, -7);
  sqlite3_bind_text(stmt, 2, "it's", -1, SQLITE_STATIC);
  sqlite3_bind_double(stmt, 5, 0.1);
  sqlite3_bind_blob(stmt, 6, "\x01\xab", 2, SQLITE_STATIC);
  sqlite3_bind_double(stmt, 7, 1e300);
  expanded = sqlite3_expanded_sql(stmt);
  CHECK_STR(expanded, "SELECT -7, 'it''s', '?', 0.1, -- ?\n x'01ab', 1.0e+300, x'01'");
  sqlite3_free(expanded);
  CHECK_INT(sqlite3_stmt_isexplain(stmt), 0);
  sqlite3_finalize(stmt);
  CHECK(sqlite3_expanded_sql(NULL) == NULL);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static void TestBlob(void) {
  sqlite3* db = OpenMemory();
  Exec(db, "CREATE TABLE t(b, n); INSERT INTO t VALUES(x'00010203', 5), ('text', NULL)");
  sqlite3_blob* blob = (sqlite3_blob*)1;
  CHECK_INT(sqlite3_blob_open(db, "main", "nope", "b", 1, 0, &blob), SQLITE_ERROR);
  CHECK(blob == NULL);
  CHECK_STR(sqlite3_errmsg(db), "no such table: main.nope");
  CHECK_INT(sqlite3_blob_open(db, "main", "t", "nope", 1, 0, &blob), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "no such column: \"nope\"");
  CHECK_INT(sqlite3_blob_open(db, "main", "t", "b", 9, 0, &blob), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "no such rowid: 9");
  CHECK_INT(sqlite3_blob_open(db, "main", "t", "n", 1, 0, &blob), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "cannot open value of type integer");
  CHECK_INT(sqlite3_blob_open(db, "main", "t", "b", 1, 1, &blob), SQLITE_OK);
  CHECK_INT(sqlite3_blob_bytes(blob), 4);
  unsigned char buffer[4] = {9, 9, 9, 9};
  CHECK_INT(sqlite3_blob_read(blob, buffer, 2, 1), SQLITE_OK);
  CHECK(buffer[0] == 1 && buffer[1] == 2 && buffer[2] == 9);
  CHECK_INT(sqlite3_blob_read(blob, buffer, 4, 1), SQLITE_ERROR);
  CHECK_INT(sqlite3_blob_write(blob, "\xff", 1, 3), SQLITE_OK);
  sqlite3_stmt* stmt = Prepare(db, "SELECT hex(b) FROM t WHERE rowid = 1");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_STR(sqlite3_column_text(stmt, 0), "000102FF");
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_blob_reopen(blob, 2), SQLITE_OK);
  CHECK_INT(sqlite3_blob_bytes(blob), 4);
  CHECK_INT(sqlite3_blob_read(blob, buffer, 4, 0), SQLITE_OK);
  CHECK(memcmp(buffer, "text", 4) == 0);
  Exec(db, "UPDATE t SET b = 'TEXT' WHERE rowid = 2"); /* the handle expires */
  CHECK_INT(sqlite3_blob_read(blob, buffer, 4, 0), SQLITE_ABORT);
  CHECK_INT(sqlite3_blob_close(blob), SQLITE_OK);
  CHECK_INT(sqlite3_blob_open(db, "main", "t", "b", 1, 0, &blob), SQLITE_OK);
  CHECK_INT(sqlite3_blob_write(blob, "x", 1, 0), SQLITE_READONLY);
  CHECK_INT(sqlite3_close(db), SQLITE_BUSY); /* an open blob is an open statement */
  CHECK_INT(sqlite3_blob_close(blob), SQLITE_READONLY); /* the handle's last error */
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static void TestBackupAndSerialize(void) {
  sqlite3* source = OpenMemory();
  sqlite3* dest = OpenMemory();
  Exec(source, "CREATE TABLE t(a INTEGER PRIMARY KEY, b); INSERT INTO t VALUES(7, 'x')");
  Exec(dest, "CREATE TABLE old(z)");
  CHECK(sqlite3_backup_init(source, "main", source, "main") == NULL);
  CHECK_STR(sqlite3_errmsg(source), "source and destination must be distinct");
  CHECK(sqlite3_backup_init(dest, "main", source, "nosuch") == NULL);
  CHECK_STR(sqlite3_errmsg(dest), "unknown database nosuch");
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source, "main");
  CHECK(backup != NULL);
  CHECK_INT(sqlite3_backup_step(backup, 1), SQLITE_OK);
  CHECK_INT(sqlite3_backup_pagecount(backup), 2);
  CHECK_INT(sqlite3_backup_remaining(backup), 1);
  CHECK_INT(sqlite3_backup_step(backup, 1), SQLITE_DONE);
  CHECK_INT(sqlite3_backup_remaining(backup), 0);
  CHECK_INT(sqlite3_backup_finish(backup), SQLITE_OK);
  sqlite3_stmt* stmt = Prepare(dest, "SELECT a, b FROM t");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(stmt, 0), 7);
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_prepare_v2(dest, "SELECT * FROM old", -1, &stmt, NULL), SQLITE_ERROR);

  sqlite3_int64 size = 0;
  unsigned char* image = sqlite3_serialize(source, "main", &size, 0);
  CHECK(image != NULL);
  CHECK_INT(size, 2 * 4096);
  CHECK(memcmp(image, "SQLite format 3", 16) == 0);
  sqlite3_int64 no_size = 0;
  CHECK(sqlite3_serialize(source, "nosuch", &no_size, 0) == NULL);
  CHECK_INT(no_size, -1);
  sqlite3* copy = OpenMemory();
  CHECK_INT(sqlite3_deserialize(copy, "main", image, size, size,
                                SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE),
            SQLITE_OK);
  stmt = Prepare(copy, "SELECT b FROM t WHERE a = 7");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_STR(sqlite3_column_text(stmt, 0), "x");
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_close(copy), SQLITE_OK);
  CHECK_INT(sqlite3_close(dest), SQLITE_OK);
  CHECK_INT(sqlite3_close(source), SQLITE_OK);
}

static void TestTableMetadata(void) {
  sqlite3* db = OpenMemory();
  Exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE, x)");
  const char* type = NULL;
  const char* collation = NULL;
  int not_null = -1, primary_key = -1, autoincrement = -1;
  CHECK_INT(sqlite3_table_column_metadata(db, NULL, "t", "name", &type, &collation, &not_null,
                                          &primary_key, &autoincrement),
            SQLITE_OK);
  CHECK_STR(type, "TEXT");
  CHECK_STR(collation, "NOCASE");
  CHECK_INT(not_null, 1);
  CHECK_INT(primary_key, 0);
  CHECK_INT(sqlite3_table_column_metadata(db, "main", "t", "id", &type, &collation, &not_null,
                                          &primary_key, &autoincrement),
            SQLITE_OK);
  CHECK_STR(type, "INTEGER");
  CHECK_STR(collation, "BINARY");
  CHECK_INT(primary_key, 1);
  CHECK_INT(autoincrement, 0);
  CHECK_INT(sqlite3_table_column_metadata(db, NULL, "t", "rowid", &type, NULL, NULL,
                                          &primary_key, NULL),
            SQLITE_OK);
  CHECK_STR(type, "INTEGER");
  CHECK_INT(primary_key, 1);
  CHECK_INT(sqlite3_table_column_metadata(db, NULL, "t", "x", &type, NULL, NULL, NULL, NULL),
            SQLITE_OK);
  CHECK(type == NULL);
  CHECK_INT(sqlite3_table_column_metadata(db, NULL, "t", NULL, NULL, NULL, NULL, NULL, NULL),
            SQLITE_OK);
  CHECK_INT(sqlite3_table_column_metadata(db, NULL, "t", "nope", NULL, NULL, NULL, NULL, NULL),
            SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "no such table column: t.nope");
  CHECK_INT(sqlite3_table_column_metadata(db, NULL, "nope", "a", NULL, NULL, NULL, NULL, NULL),
            SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "no such table column: nope.a");
  int log = 0, checkpointed = 0;
  CHECK_INT(sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &checkpointed),
            SQLITE_OK);
  CHECK_INT(log, -1);
  CHECK_INT(checkpointed, -1);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static void TestInterrupt(void) {
  sqlite3* db = OpenMemory();
  Exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES(1), (2), (3), (4)");
  for (int doubling = 0; doubling < 12; doubling++) Exec(db, "INSERT INTO t SELECT a FROM t");
  sqlite3_interrupt(db); /* nothing runs: no effect on later statements */
  sqlite3_stmt* stmt = Prepare(db, "SELECT count(*) FROM t");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(stmt, 0), 4 << 12);
  sqlite3_finalize(stmt);
  stmt = Prepare(db, "SELECT a FROM t");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  sqlite3_interrupt(db);
  int rc = SQLITE_ROW;
  for (int row_idx = 0; row_idx < (4 << 12) && rc == SQLITE_ROW; row_idx++) rc = sqlite3_step(stmt);
  CHECK_INT(rc, SQLITE_INTERRUPT);
  CHECK_STR(sqlite3_errmsg(db), "interrupted");
  CHECK_INT(sqlite3_finalize(stmt), SQLITE_INTERRUPT);
  stmt = Prepare(db, "SELECT 1");
  CHECK_INT(sqlite3_step(stmt), SQLITE_ROW);
  sqlite3_finalize(stmt);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
}

static int busy_calls = 0;
static int GiveUpAfterThree(void* arg, int count) {
  CHECK(arg == &busy_calls);
  CHECK_INT(count, busy_calls);
  busy_calls++;
  return count < 3;
}

/* Two connections to one file: the second finds the first's write lock. */
static void TestBusy(void) {
  char path[64]; /* per process: the two builds of this test may run at once */
  snprintf(path, sizeof(path), "api_edge_cases_busy_%d.db", (int)getpid());
  remove(path);
  sqlite3* first = NULL;
  sqlite3* second = NULL;
  CHECK_INT(sqlite3_open(path, &first), SQLITE_OK);
  CHECK_INT(sqlite3_open(path, &second), SQLITE_OK);
  Exec(first, "CREATE TABLE t(a)");
  Exec(first, "BEGIN");
  Exec(first, "INSERT INTO t VALUES(1)");
  CHECK_INT(sqlite3_busy_handler(second, GiveUpAfterThree, &busy_calls), SQLITE_OK);
  CHECK_INT(sqlite3_exec(second, "INSERT INTO t VALUES(2)", NULL, NULL, NULL), SQLITE_BUSY);
  CHECK_INT(busy_calls, 4);
  CHECK_STR(sqlite3_errmsg(second), "database is locked");
  CHECK_INT(sqlite3_busy_timeout(second, 30), SQLITE_OK);
  CHECK_INT(sqlite3_exec(second, "INSERT INTO t VALUES(2)", NULL, NULL, NULL), SQLITE_BUSY);
  CHECK_INT(busy_calls, 4); /* the timeout replaced the handler */
  Exec(first, "COMMIT");
  CHECK_INT(sqlite3_exec(second, "INSERT INTO t VALUES(2)", NULL, NULL, NULL), SQLITE_OK);
  CHECK_INT(sqlite3_close(second), SQLITE_OK);
  CHECK_INT(sqlite3_close(first), SQLITE_OK);
  remove(path);
}

static void TestUri(void) {
  sqlite3* db = NULL;
  CHECK_INT(sqlite3_open_v2("file::memory:?cache=private&x=1", &db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL),
            SQLITE_OK);
  const char* name = sqlite3_db_filename(db, "main");
  CHECK_STR(name, "");
  CHECK(sqlite3_db_filename(db, "nosuch") == NULL);
  CHECK_INT(sqlite3_close(db), SQLITE_OK);
  CHECK_INT(sqlite3_open_v2("file:x.db?mode=bogus", &db, SQLITE_OPEN_READWRITE, NULL),
            SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "no such access mode: bogus");
  sqlite3_close(db);
  CHECK_INT(sqlite3_open_v2("file:x.db?mode=rwc", &db, SQLITE_OPEN_READONLY, NULL), SQLITE_PERM);
  CHECK_STR(sqlite3_errmsg(db), "access mode not allowed: rwc");
  sqlite3_close(db);
  CHECK_INT(sqlite3_open_v2("file://host/x.db", &db, SQLITE_OPEN_READONLY, NULL), SQLITE_ERROR);
  CHECK_STR(sqlite3_errmsg(db), "invalid uri authority: host");
  sqlite3_close(db);
}

int main(void) {
  TestVersion();
  TestErrorStrings();
  TestStrings();
  TestPrintf();
  TestMemory();
  TestMisuse();
  TestErrorState();
  TestBindAndColumns();
  TestConversions();
  TestColumnMetadata();
  TestReprepare();
  TestPrepareTail();
  TestExec();
  TestFunctions();
  TestWindowFunctions();
  TestExpandedSql();
  TestInterrupt();
  TestBusy();
  TestBlob();
  TestTableMetadata();
  TestBackupAndSerialize();
  TestUri();
  return CheckResult();
}
