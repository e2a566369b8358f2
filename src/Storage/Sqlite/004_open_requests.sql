-- Version 4: the register of requests in flight. A request is written here when it starts and updated when it
-- is paid and when its document is issued; it leaves when its lifecycle record is written, in the same
-- transaction. A row whose deadline has long passed belongs to a request whose silo died: the sweeper
-- closes it as expired (no personal data here either).
CREATE TABLE IF NOT EXISTS request_open (
    request_id         TEXT    NOT NULL PRIMARY KEY,
    terminal_id        TEXT    NOT NULL,
    municipality_code  TEXT    NULL,
    certificate_type   TEXT    NULL,
    fee                INTEGER NULL,
    paid               INTEGER NOT NULL,
    certificate_number TEXT    NULL,
    stage              TEXT    NOT NULL,
    started_at         TEXT    NOT NULL,
    expires_at         TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_request_open_expires_at ON request_open (expires_at);
