/*
** What the C API test programs share (api_edge_cases.c, api_authorizer_collation.c): the
** check macros, which count failures and report each with its line, and small helpers. Each
** program is built twice, against real SQLite and against simlite (CMakeLists.txt).
*/
#ifndef SIMLITE_TESTS_API_API_CHECK_H_
#define SIMLITE_TESTS_API_API_CHECK_H_

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/sqlite3.h"

static int failures = 0;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                          \
    }                                                                      \
  } while (0)

#define CHECK_INT(actual, expected)                                                    \
  do {                                                                                 \
    long long a_ = (long long)(actual), e_ = (long long)(expected);                    \
    if (a_ != e_) {                                                                    \
      fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #actual, \
              a_, e_);                                                                 \
      failures++;                                                                      \
    }                                                                                  \
  } while (0)

#define CHECK_STR(actual, expected)                                                         \
  do {                                                                                      \
    const char* a_ = (const char*)(actual);                                                 \
    const char* e_ = (expected);                                                            \
    if ((a_ == NULL) != (e_ == NULL) || (a_ != NULL && strcmp(a_, e_) != 0)) {              \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual, \
              a_ ? a_ : "(null)", e_ ? e_ : "(null)");                                      \
      failures++;                                                                           \
    }                                                                                       \
  } while (0)

static inline sqlite3* OpenMemory(void) {
  sqlite3* db = NULL;
  CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
  return db;
}

static inline sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "prepare failed (%d, %s): %s\n", rc, sqlite3_errmsg(db), sql);
    failures++;
  }
  return stmt;
}

static inline void Exec(sqlite3* db, const char* sql) {
  char* error = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
    fprintf(stderr, "exec failed (%s): %s\n", error ? error : "?", sql);
    failures++;
  }
  sqlite3_free(error);
}

/* main's result: 0 when every check passed. */
static inline int CheckResult(void) {
  if (failures != 0) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("all checks passed\n");
  return 0;
}

#endif  /* SIMLITE_TESTS_API_API_CHECK_H_ */
