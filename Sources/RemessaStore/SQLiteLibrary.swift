import CSQLite

/// Process-wide SQLite settings, made once before the first connection opens.
enum SQLiteLibrary {
    /// Whether memory statistics are off: SQLite refuses once a connection is open (someone else opened one
    /// first), and then it merely runs a little slower.
    static let configured: Bool = remessa_sqlite3_disable_memory_statistics() == SQLITE_OK
}
