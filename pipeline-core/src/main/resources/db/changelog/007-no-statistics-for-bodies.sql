--liquibase formatted sql

--changeset psa-bridge:007-no-statistics-for-bodies
-- ANALYZE (autovacuum's, after every tenth of a table changed) samples 30,000 rows and sorts each column's values to
-- build its statistics. No statement filters or joins on these columns, so the planner never reads what that
-- builds; sorting their 1 KB jsonb payloads, hashes and keys was 42 % of ANALYZE's time on psa_request, and ANALYZE
-- was a fifth of PostgreSQL's CPU in the ingest benchmark (docs/benchmarks.md, "Ingest: ANALYZE"). Idempotency
-- keys are looked up only with their tenant through the unique index, which is exact without them.
alter table psa_request alter column payload set statistics 0;
alter table psa_request alter column payload_hash set statistics 0;
alter table psa_request alter column idempotency_key set statistics 0;
alter table psa_request alter column last_error set statistics 0;
alter table psa_activity_log alter column error_message set statistics 0;
--rollback alter table psa_activity_log alter column error_message set statistics -1;
--rollback alter table psa_request alter column last_error set statistics -1;
--rollback alter table psa_request alter column idempotency_key set statistics -1;
--rollback alter table psa_request alter column payload_hash set statistics -1;
--rollback alter table psa_request alter column payload set statistics -1;
