import GRDB

extension StoreSchema {
    /// Saved bases and campaign files (contract §10).
    static func registerCampaignBases(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-camp") { db in
            try db.execute(
                sql: """
                    -- 'base': a check of a file in bases/ (never sent); NULL: an inbox file.
                    ALTER TABLE file ADD COLUMN kind TEXT;
                    -- A campaign file: its content's hash with its base's, for DUPLICATE_FILE.
                    ALTER TABLE file ADD COLUMN campaign_key TEXT;
                    CREATE INDEX file_by_campaign_key ON file(drop_name, campaign_key) WHERE campaign_key IS NOT NULL;

                    -- The drop's bases as Remessa last checked them. size and mtime are the listing's at the check:
                    -- a base listed otherwise has changed and is checked again.
                    CREATE TABLE saved_base (
                        drop_name TEXT NOT NULL,
                        name TEXT NOT NULL,
                        file_id INTEGER NOT NULL REFERENCES file(id),
                        state TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        mtime INTEGER NOT NULL,
                        layout TEXT,
                        rows INTEGER NOT NULL,
                        valid_rows INTEGER NOT NULL,
                        rejected_rows INTEGER NOT NULL,
                        reasons TEXT NOT NULL,
                        first_saved_at REAL,
                        saved_at REAL NOT NULL,
                        expires_at REAL,
                        PRIMARY KEY (drop_name, name)
                    );
                    """
            )
        }
    }
}
