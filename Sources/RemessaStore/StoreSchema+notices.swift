import GRDB

extension StoreSchema {
    /// `v4-notices`: what the richer final file needs of each message (contract §11), the notices to deliver,
    /// and when a batch's personal data was purged (§12).
    static func registerNotices(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-notices") { db in
            try db.execute(
                sql: """
                    -- The row's CODCLIENTE and TAG (Engage, or a base file's columns of those names).
                    ALTER TABLE message ADD COLUMN client_code TEXT;
                    ALTER TABLE message ADD COLUMN tag TEXT;

                    -- When a finished batch's personal data was erased (retention.messages); NULL until then.
                    ALTER TABLE batch ADD COLUMN purged_at REAL;
                    """
            )
        }
    }
}
