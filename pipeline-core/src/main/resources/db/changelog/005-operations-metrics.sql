--liquibase formatted sql

--changeset psa-bridge:005-psa-request-open-idx
-- psa-worker's backlog gauges group the open requests every few seconds: an index of the open rows keeps that
-- independent of how many delivered requests the table holds.
create index psa_request_open_idx on psa_request (status, kind, tenant_id)
    where status in ('QUEUED', 'IN_PROGRESS', 'RETRY_SCHEDULED');
--rollback drop index psa_request_open_idx;
