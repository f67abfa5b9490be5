/* null_column.h - a NULL where the schema says NOT NULL, as SQLite reads a
 * record damaged on its page (test_store_damage, test_ui_damage; issue 11).
 * Header-only: each test program includes it once. */
#ifndef PODIUM_TEST_NULL_COLUMN_H
#define PODIUM_TEST_NULL_COLUMN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "check.h"

/* Writes NULL into table.col (rows matching where) past the NOT NULL
 * constraint: the schema is made writable, the constraint taken out, the row
 * changed, the schema put back. What SQLite then returns for that row is what
 * it returns for a record damaged on its page. */
static void write_null(const char *dir, const char *table, const char *col, const char *where)
{
    char path[600], sql[1200];
    snprintf(path, sizeof path, "%s/podium.db", dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    char *orig = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK, "open %s", path);
    snprintf(sql, sizeof sql, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '%s'", table);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        orig = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    CHECK(orig != NULL, "schema of %s", table);
    if (!orig) {
        sqlite3_close(db);
        return;
    }
    snprintf(sql, sizeof sql,
             "PRAGMA writable_schema = ON;"
             "UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = '%s';",
             table);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "schema made writable: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK, "open %s", path);
    snprintf(sql, sizeof sql, "UPDATE %s SET %s = NULL WHERE %s", table, col, where);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK && sqlite3_changes(db) > 0, "%s: %s", sql,
          sqlite3_errmsg(db));
    CHECK(sqlite3_exec(db, "PRAGMA writable_schema = ON", NULL, NULL, NULL) == SQLITE_OK, "writable");
    if (sqlite3_prepare_v2(db, "UPDATE sqlite_master SET sql = ? WHERE name = ?", -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, orig, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, table, -1, SQLITE_TRANSIENT);
        CHECK(sqlite3_step(s) == SQLITE_DONE, "schema put back");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(orig);
}

#endif
