-- Verification asks how the request that issued a certificate ended: found by its certificate number.
CREATE INDEX IF NOT EXISTS ix_request_lifecycle_certificate_number ON request_lifecycle (certificate_number);
CREATE INDEX IF NOT EXISTS ix_request_open_certificate_number ON request_open (certificate_number);
