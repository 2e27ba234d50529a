import GRDB

/// The store's tables, created and changed only by the daemon's migrations.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per file Remessa claimed (or tried to). `stage` is the FileStage it last reached durably.
            try db.execute(
                sql: """
                    CREATE TABLE file (
                        id INTEGER PRIMARY KEY,
                        drop_name TEXT NOT NULL,
                        name TEXT NOT NULL,
                        processing_name TEXT NOT NULL,
                        remote_size INTEGER NOT NULL,
                        remote_mtime INTEGER NOT NULL,
                        stage TEXT NOT NULL,
                        outcome TEXT,
                        sha256 TEXT,
                        size INTEGER,
                        layout TEXT,
                        encoding TEXT,
                        rows INTEGER NOT NULL DEFAULT 0,
                        accepted INTEGER NOT NULL DEFAULT 0,
                        rejected INTEGER NOT NULL DEFAULT 0,
                        segments INTEGER NOT NULL DEFAULT 0,
                        error_code TEXT,
                        error_message TEXT,
                        moved_to TEXT,
                        claimed_at REAL NOT NULL,
                        ingested_at REAL,
                        done_at REAL
                    );
                    CREATE INDEX file_by_drop_stage ON file(drop_name, stage);
                    CREATE INDEX file_by_hash ON file(drop_name, sha256);

                    -- The accepted part of a file: what the dispatcher sends.
                    CREATE TABLE batch (
                        id INTEGER PRIMARY KEY,
                        file_id INTEGER NOT NULL UNIQUE REFERENCES file(id),
                        drop_name TEXT NOT NULL,
                        route TEXT NOT NULL,
                        messages INTEGER NOT NULL,
                        segments INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        cancelled_at REAL,
                        finished_at REAL
                    );

                    -- Ids are assigned by the ingest in line order, so a batch's ids are contiguous.
                    CREATE TABLE message (
                        id INTEGER PRIMARY KEY,
                        batch_id INTEGER NOT NULL REFERENCES batch(id),
                        line INTEGER NOT NULL,
                        destination TEXT NOT NULL,
                        correlation_id TEXT,
                        priority INTEGER NOT NULL,
                        text TEXT NOT NULL,
                        encoding TEXT NOT NULL,
                        segments INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        reason_code TEXT,
                        provider_id TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        submitted_at REAL,
                        done_at REAL
                    );
                    CREATE INDEX message_by_batch_status ON message(batch_id, status);

                    -- Every status change, in order; DLR files publish ranges of it.
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        message_id INTEGER NOT NULL REFERENCES message(id),
                        batch_id INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        reason_code TEXT,
                        at REAL NOT NULL
                    );
                    CREATE INDEX event_by_batch ON event(batch_id, seq);

                    -- Files written to a drop's outbox: intent first, then the name the server gave it.
                    CREATE TABLE publication (
                        file_id INTEGER NOT NULL REFERENCES file(id),
                        kind TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        first_seq INTEGER,
                        last_seq INTEGER,
                        published_name TEXT,
                        published_at REAL,
                        PRIMARY KEY (file_id, kind, number)
                    );

                    CREATE TABLE suppression (
                        destination TEXT PRIMARY KEY,
                        added_at REAL NOT NULL,
                        added_by TEXT NOT NULL,
                        reason TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2-dispatch") { db in
            try db.execute(
                sql: """
                    -- When a QUEUED/SCHEDULED message may next be tried (a retry's backoff, a send window's
                    -- opening); NULL for now. The last temporary failure, for operators.
                    ALTER TABLE message ADD COLUMN next_attempt_at REAL;
                    ALTER TABLE message ADD COLUMN last_error TEXT;

                    -- The dispatcher's queue: only messages still to send, in line order per batch.
                    CREATE INDEX message_pending ON message(batch_id, id) WHERE status IN ('QUEUED', 'SCHEDULED');
                    -- Delivery reports that name the gateway's id.
                    CREATE INDEX message_by_provider_id ON message(provider_id) WHERE provider_id IS NOT NULL;

                    -- Every change to the suppression list: who, when, why, even after a removal.
                    CREATE TABLE suppression_log (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        destination TEXT NOT NULL,
                        action TEXT NOT NULL,
                        at REAL NOT NULL,
                        actor TEXT NOT NULL,
                        reason TEXT NOT NULL
                    );
                    CREATE INDEX suppression_log_by_destination ON suppression_log(destination, seq);
                    """
            )
        }
        migrator.registerMigration("v3-campaigns") { db in
            try db.execute(
                sql: """
                    -- A campaign's settings (BatchSettings); NULL for a plain inbox file.
                    ALTER TABLE batch ADD COLUMN label TEXT;
                    ALTER TABLE batch ADD COLUMN sender TEXT;
                    ALTER TABLE batch ADD COLUMN send_at REAL;
                    ALTER TABLE batch ADD COLUMN send_until REAL;
                    """
            )
        }
        registerCampaignBases(in: &migrator)
        registerNotices(&migrator)
        registerReplies(in: &migrator)
        registerNoticeDelivery(&migrator)
        return migrator
    }
}
