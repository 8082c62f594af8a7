/*
** sqlite3session.h for simlite: the session extension's interface (the session/ pages of the
** documentation), for the functions simlite's libsqlite3.so.0 exports. Programs built with
** SQLite's session extension (Debian's sqlite3 shell) link against these; simlite records no
** changes yet, so sqlite3session_create fails with SQLITE_ERROR and the rest are never reached
** with a session.
*/
#ifndef SIMLITE_SQLITE3SESSION_H
#define SIMLITE_SQLITE3SESSION_H
#include "sqlite3.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sqlite3_session sqlite3_session;

int sqlite3session_create(sqlite3 *db, const char *zDb, sqlite3_session **ppSession);
void sqlite3session_delete(sqlite3_session *pSession);
int sqlite3session_enable(sqlite3_session *pSession, int bEnable);
int sqlite3session_indirect(sqlite3_session *pSession, int bIndirect);
int sqlite3session_attach(sqlite3_session *pSession, const char *zTab);
void sqlite3session_table_filter(sqlite3_session *pSession,
                                 int (*xFilter)(void *pCtx, const char *zTab), void *pCtx);
int sqlite3session_changeset(sqlite3_session *pSession, int *pnChangeset, void **ppChangeset);
int sqlite3session_patchset(sqlite3_session *pSession, int *pnPatchset, void **ppPatchset);
int sqlite3session_isempty(sqlite3_session *pSession);

#ifdef __cplusplus
} /* extern "C" */
#endif
#endif /* SIMLITE_SQLITE3SESSION_H */
