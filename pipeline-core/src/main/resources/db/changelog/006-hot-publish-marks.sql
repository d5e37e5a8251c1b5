--liquibase formatted sql

--changeset psa-bridge:006-hot-publish-marks
-- The gateway marks every accepted request published_at once the broker confirmed it. While published_at was in an
-- index predicate (psa_request_unpublished_idx) that mark could never be a HOT update: each one wrote a new row
-- version into every index of psa_request, and PostgreSQL spent 0.50 ms of CPU per accepted request against
-- 0.23 ms with the mark made HOT (docs/benchmarks.md, "Ingest: HOT publish marks"). So no index of psa_request may
-- name published_at, and pages keep room for the new row version beside the old one.
-- The relay finds unpublished rows through the QUEUED rows by age instead. Its statement had in any case stopped
-- using the old index when it learnt to republish long-unconsumed rows (an OR over published_at): it read the
-- whole table every second.
drop index psa_request_unpublished_idx;
create index psa_request_queued_idx on psa_request (updated_at) where status = 'QUEUED';
-- Room for the new version of every row of a page: one mark statement updates the rows a batch inserted
-- together, which share pages, and a version made dead by that statement cannot be pruned while it runs. At 70 %
-- 45 % of the marks were HOT, at 50 % 99 %; psa_request then takes about twice the pages.
-- Applies to pages written from now on; older pages are full and their marks are long done.
alter table psa_request set (fillfactor = 50);
--rollback alter table psa_request reset (fillfactor);
--rollback drop index psa_request_queued_idx;
--rollback create index psa_request_unpublished_idx on psa_request (updated_at) where status = 'QUEUED' and published_at is null;
