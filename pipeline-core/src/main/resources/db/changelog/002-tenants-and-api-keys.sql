--liquibase formatted sql

--changeset psa-bridge:002-psa-tenant-connection
-- A tenant's ConnectWise site and API member. The private key is AES-256-GCM ciphertext (nonce + ciphertext + tag)
-- under the credentials key named by credentials_key_id, so keys can be rotated row by row.
create table psa_tenant_connection (
    tenant_id                varchar(64)  primary key,
    site                     varchar(255) not null,
    company_id               varchar(128) not null,
    public_key               varchar(128) not null,
    private_key_encrypted    bytea        not null,
    credentials_key_id       varchar(32)  not null,
    codebase                 varchar(64)  not null,
    api_member_identifier    varchar(64),
    require_signed_callbacks boolean      not null default true,
    created_at               timestamptz  not null default now(),
    updated_at               timestamptz  not null default now()
);
--rollback drop table psa_tenant_connection;

--changeset psa-bridge:002-psa-member-mapping
-- Which ConnectWise member a product user writes as.
create table psa_member_mapping (
    tenant_id          varchar(64)  not null,
    user_id            varchar(128) not null,
    member_id          integer      not null,
    member_identifier  varchar(64),
    matched_by         varchar(8)   not null default 'MANUAL',
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    primary key (tenant_id, user_id),
    constraint psa_member_mapping_matched_by_check check (matched_by in ('MANUAL', 'EMAIL'))
);
--rollback drop table psa_member_mapping;

--changeset psa-bridge:002-psa-api-key
-- API keys are 256-bit random secrets, so a plain SHA-256 is enough to store them: there is nothing to brute-force.
create table psa_api_key (
    id          uuid          primary key,
    name        varchar(128)  not null,
    key_hash    varchar(64)   not null unique,
    tenants     text[]        not null,
    roles       text[]        not null,
    created_at  timestamptz   not null default now(),
    revoked_at  timestamptz
);
--rollback drop table psa_api_key;
