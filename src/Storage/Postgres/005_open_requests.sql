-- Version 5: the register of requests in flight. A request is written here when it starts and updated when it
-- is paid and when its document is issued; it leaves when its lifecycle record is written, in the same
-- transaction. A row whose deadline has long passed belongs to a request whose silo died: the sweeper
-- closes it as expired (no personal data here either).
CREATE TABLE IF NOT EXISTS request_open (
    request_id         text        PRIMARY KEY,
    terminal_id        text        NOT NULL,
    municipality_code  text        NULL,
    certificate_type   text        NULL,
    fee                integer     NULL,
    paid               integer     NOT NULL,
    certificate_number text        NULL,
    stage              text        NOT NULL,
    started_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_request_open_expires_at ON request_open (expires_at);
