--liquibase formatted sql

--changeset psa-bridge:004-delivery-engine
-- A write whose answer never came (timeout, reset, 5xx) may exist in ConnectWise: the next attempt looks for it first.
alter table psa_request add column write_unconfirmed boolean not null default false;
-- A replay with an edited payload is a new request that names the dead letter it replaces.
alter table psa_request add column replay_of uuid references psa_request (id);
-- 401/403 from ConnectWise pause the tenant's deliveries until its connection is saved again or tested OK.
alter table psa_tenant_connection add column paused_at timestamptz;
alter table psa_tenant_connection add column pause_reason text;
-- Requests parked while their tenant is paused (RETRY_SCHEDULED with no time) are woken together on resume.
create index psa_request_parked_idx on psa_request (tenant_id) where status = 'RETRY_SCHEDULED' and next_retry_at is null;
-- Deliveries left IN_PROGRESS by a worker that died are found by age.
create index psa_request_in_progress_idx on psa_request (updated_at) where status = 'IN_PROGRESS';
--rollback drop index psa_request_in_progress_idx; drop index psa_request_parked_idx; alter table psa_tenant_connection drop column pause_reason; alter table psa_tenant_connection drop column paused_at; alter table psa_request drop column replay_of; alter table psa_request drop column write_unconfirmed;
