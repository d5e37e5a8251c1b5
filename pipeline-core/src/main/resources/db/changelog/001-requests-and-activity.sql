--liquibase formatted sql

--changeset psa-bridge:001-psa-request
-- One row per accepted request; the row, not the RabbitMQ message, is the truth about a request.
create table psa_request (
    id              uuid         primary key,
    tenant_id       varchar(64)  not null,
    kind            varchar(16)  not null,
    ticket_id       bigint       not null,
    idempotency_key varchar(255),
    -- SHA-256 of the canonical request body: tells "same key, same body" from "same key, different body".
    payload_hash    varchar(64)  not null,
    payload         jsonb        not null,
    reference       varchar(255),
    status          varchar(20)  not null,
    retry_count     integer      not null default 0,
    next_retry_at   timestamptz,
    last_error      jsonb,
    connectwise_id  bigint,
    -- Null while no RabbitMQ message for the current QUEUED state is confirmed: the relay publishes those.
    published_at    timestamptz,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    constraint psa_request_kind_check check (kind in ('TICKET_NOTE', 'TIME_ENTRY')),
    constraint psa_request_status_check
        check (status in ('QUEUED', 'IN_PROGRESS', 'RETRY_SCHEDULED', 'SUCCEEDED', 'DEAD_LETTERED')),
    constraint psa_request_idempotency_key_unique unique (tenant_id, idempotency_key)
);
-- Post history of a tenant, newest first (GET /requests).
create index psa_request_tenant_history_idx on psa_request (tenant_id, created_at desc, id desc);
-- Post history of one ticket, newest first, and "earlier request for the same ticket still open".
create index psa_request_ticket_history_idx on psa_request (tenant_id, ticket_id, created_at desc, id desc);
-- Due retries: the scheduler's only query.
create index psa_request_due_retry_idx on psa_request (next_retry_at) where status = 'RETRY_SCHEDULED';
-- Accepted (or re-queued) but not yet confirmed on RabbitMQ: the relay's only query.
create index psa_request_unpublished_idx on psa_request (updated_at) where status = 'QUEUED' and published_at is null;
create index psa_request_reference_idx on psa_request (tenant_id, reference) where reference is not null;
--rollback drop table psa_request;

--changeset psa-bridge:001-psa-activity-log
-- One row per delivery attempt and per state change: what operators read when a write went wrong.
create table psa_activity_log (
    id                      bigserial    primary key,
    request_id              uuid         not null references psa_request (id) on delete cascade,
    tenant_id               varchar(64)  not null,
    attempt                 integer      not null default 0,
    action                  varchar(32)  not null,
    outcome                 varchar(32)  not null,
    http_status             integer,
    duration_ms             bigint,
    error_code              varchar(64),
    error_message           text,
    connectwise_request_id  varchar(64),
    actor                   varchar(128),
    created_at              timestamptz  not null default now()
);
create index psa_activity_log_request_idx on psa_activity_log (request_id, id);
create index psa_activity_log_tenant_idx on psa_activity_log (tenant_id, created_at desc);
--rollback drop table psa_activity_log;
