--liquibase formatted sql

--changeset psa-bridge:003-psa-callback-token
-- The secret path segment of a tenant's callback URL. Tokens are 256-bit random values, so a plain SHA-256 is
-- enough to store them. A rotated token's predecessor keeps working until previous_valid_until, so callbacks
-- ConnectWise is still retrying against the old URL are not refused while it is re-registered.
create table psa_callback_token (
    tenant_id             varchar(64)  primary key,
    token_hash            varchar(64)  not null,
    previous_token_hash   varchar(64),
    previous_valid_until  timestamptz,
    created_at            timestamptz  not null default now(),
    rotated_at            timestamptz
);
--rollback drop table psa_callback_token;

--changeset psa-bridge:003-psa-callback-inbox
-- One row per distinct ConnectWise callback message (contract §3): the unique message_id is the de-duplication.
-- A ticket callback that produces an event stores it here in the same transaction; published_at stays null until
-- the broker confirmed it, and the relay publishes what is left (the mark is the guard against emitting twice).
create table psa_callback_inbox (
    id                      bigserial     primary key,
    message_id              varchar(128)  not null,
    tenant_id               varchar(64)   not null,
    type                    varchar(64)   not null,
    action                  varchar(64)   not null,
    record_id               bigint,
    member_id               varchar(128),
    callback_object_rec_id  bigint,
    -- The exact bytes received (and verified): re-serialised JSON would not match the signature.
    raw_body                bytea         not null,
    signature               varchar(16)   not null,
    received_at             timestamptz   not null default now(),
    outcome                 varchar(16)   not null,
    -- Why a ticket event is incomplete or was not emitted, for operators.
    note                    text,
    event_id                uuid,
    routing_key             varchar(32),
    event                   jsonb,
    published_at            timestamptz,
    constraint psa_callback_inbox_message_id_unique unique (message_id),
    constraint psa_callback_inbox_signature_check check (signature in ('VERIFIED', 'NOT_REQUIRED')),
    constraint psa_callback_inbox_outcome_check check (outcome in ('EVENT', 'STORED', 'STALE', 'IGNORED'))
);
-- Events stored but not yet confirmed by the broker: the relay's only query.
create index psa_callback_inbox_unpublished_idx on psa_callback_inbox (id) where event is not null and published_at is null;
-- "What did ConnectWise tell us about this record", newest first; also the retention sweep.
create index psa_callback_inbox_record_idx on psa_callback_inbox (tenant_id, type, record_id, received_at desc);
create index psa_callback_inbox_received_idx on psa_callback_inbox (received_at);
--rollback drop table psa_callback_inbox;

--changeset psa-bridge:003-psa-ticket-snapshot
-- The last state seen of each ticket: changedFields are computed against it, and an update whose
-- _info.lastUpdated is older than last_updated arrived out of order and emits nothing.
create table psa_ticket_snapshot (
    tenant_id     varchar(64)  not null,
    ticket_id     bigint       not null,
    last_updated  timestamptz,
    deleted       boolean      not null default false,
    snapshot      jsonb,
    updated_at    timestamptz  not null default now(),
    primary key (tenant_id, ticket_id)
);
--rollback drop table psa_ticket_snapshot;
