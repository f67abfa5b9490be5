/* store_internal.h - hooks for the store's own tests (not part of the API). */
#ifndef PODIUM_STORE_INTERNAL_H
#define PODIUM_STORE_INTERNAL_H

#include <sqlite3.h>
#include "podium/store.h"

/* The newest schema version this build knows (PRAGMA user_version). */
#define PD_STORE_SCHEMA_VERSION 4

/* Opens the store but migrates only up to schema `version` (1..latest), so a
 * test can build a database as an older Podium left it. */
pd_store_status pd_store_open_version(const pd_store_options *o, int version, pd_store **out, char *err,
                                      size_t err_len);
/* The connection, for tests that write rows as an older version would. */
sqlite3 *pd_store_sqlite(pd_store *st);

#endif
