// Debian's SQLite, for the one process-wide setting Swift cannot make itself: sqlite3_config() is variadic.
// GRDB (through GRDBSQLite) does everything else.
#include <sqlite3.h>

/// Stops SQLite's memory statistics, which take a global mutex on every allocation and free (a tenth of the
/// daemon's ingest insert thread). Must run before the first connection opens; returns SQLITE_MISUSE after.
static inline int remessa_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
