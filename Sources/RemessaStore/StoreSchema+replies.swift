import GRDB

extension StoreSchema {
    /// `v4-replies` (contract section 11): opt-out lists by name, the replies phones sent back, and the drop-wide
    /// outbox files (`replies.NNNN.csv`, `optouts.NNNN.csv`).
    ///
    /// The one list there was becomes `global`, every entry and its history kept: an operator's plain
    /// `remessa optout add` still suppresses a number for every drop subscribed to `global` (the default).
    static func registerReplies(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-replies") { db in
            try db.execute(
                sql: """
                    -- A number is on a list once; a drop's own list is `drop:<name>` (OptOutListName).
                    CREATE TABLE suppression_by_list (
                        list TEXT NOT NULL,
                        destination TEXT NOT NULL,
                        added_at REAL NOT NULL,
                        added_by TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (list, destination)
                    ) WITHOUT ROWID;
                    INSERT INTO suppression_by_list (list, destination, added_at, added_by, reason)
                    SELECT 'global', destination, added_at, added_by, reason FROM suppression;
                    DROP TABLE suppression;
                    ALTER TABLE suppression_by_list RENAME TO suppression;
                    CREATE INDEX suppression_by_destination ON suppression(destination);

                    -- Who changed a list: `operator`, `reply` (an opt-out word, with the message it answered) or
                    -- `client` (an upload in `optout/`). Earlier changes were all to the one list.
                    ALTER TABLE suppression_log ADD COLUMN list TEXT NOT NULL DEFAULT 'global';
                    ALTER TABLE suppression_log ADD COLUMN source TEXT NOT NULL DEFAULT 'operator';
                    ALTER TABLE suppression_log ADD COLUMN message_id INTEGER;
                    CREATE INDEX suppression_log_by_list ON suppression_log(list, seq);

                    -- Every reply (MO); `drop_name` and `message_id` NULL when it was not attributed.
                    CREATE TABLE reply (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        route TEXT NOT NULL,
                        received_at REAL NOT NULL,
                        sender TEXT NOT NULL,
                        text TEXT NOT NULL,
                        drop_name TEXT,
                        message_id INTEGER,
                        opt_out INTEGER NOT NULL
                    );
                    CREATE INDEX reply_by_drop ON reply(drop_name, seq);

                    -- Attribution: the last message submitted to a number.
                    CREATE INDEX message_by_destination ON message(destination, submitted_at)
                        WHERE submitted_at IS NOT NULL;

                    -- A drop's own outbox files, as `publication` for a file's: intent (name and the range of
                    -- `reply` or `suppression_log` rows it holds) first, then the name it was published under.
                    CREATE TABLE drop_publication (
                        drop_name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        first_seq INTEGER NOT NULL,
                        last_seq INTEGER NOT NULL,
                        published_name TEXT,
                        published_at REAL,
                        PRIMARY KEY (drop_name, kind, number)
                    );
                    """
            )
        }
    }
}
