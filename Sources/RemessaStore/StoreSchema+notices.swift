import GRDB

extension StoreSchema {
    /// `v4-notices`: what the richer final file needs of each message (contract §11).
    static func registerNotices(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-notices") { db in
            try db.execute(
                sql: """
                    -- The row's CODCLIENTE and TAG (Engage, or a base file's columns of those names).
                    ALTER TABLE message ADD COLUMN client_code TEXT;
                    ALTER TABLE message ADD COLUMN tag TEXT;
                    """
            )
        }
    }

    /// `v5-notices`: the notices to deliver (contract §11) and when a batch's personal data was purged (§12).
    static func registerNoticeDelivery(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-notices") { db in
            try db.execute(
                sql: """
                    -- When a finished batch's personal data was erased (retention.messages); NULL until then.
                    ALTER TABLE batch ADD COLUMN purged_at REAL;

                    -- Notices to POST to a drop's notify URL, recorded with what they tell about; kept until
                    -- delivered (a 2xx) or given up (24 h). The id is stable, so recording twice keeps one.
                    CREATE TABLE notice (
                        id TEXT PRIMARY KEY,
                        drop_name TEXT NOT NULL,
                        event TEXT NOT NULL,
                        body TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL NOT NULL,
                        last_error TEXT,
                        delivered_at REAL,
                        abandoned_at REAL
                    );
                    CREATE INDEX notice_due ON notice(next_attempt_at)
                        WHERE delivered_at IS NULL AND abandoned_at IS NULL;
                    """
            )
        }
    }
}
