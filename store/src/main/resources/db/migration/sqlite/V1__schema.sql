-- The first schema on SQLite, the embedded default. It is PostgreSQL's V1 (shipped, never edited)
-- but for the identity columns: SQLite's rowid, with `autoincrement` so that an id is never used
-- twice (PostgreSQL's identity never reuses one; user ids are carried in VMs' ownership tags). Later
-- migrations are one file for both databases (../common). SQLite enforces neither varchar lengths
-- nor column types: the code checks every length before a write. Times are epoch milliseconds.

create table users (
    id            integer primary key autoincrement,
    username      varchar(128) not null,
    password_hash varchar(256) not null,
    created_at    bigint       not null,
    constraint users_username_uq unique (username)
);

-- Only the SHA-256 of a token is stored; lookups go by that hash.
create table tokens (
    id         integer primary key autoincrement,
    user_id    bigint   not null references users (id) on delete cascade,
    token_hash char(64) not null,
    created_at bigint   not null,
    expires_at bigint   not null,
    revoked_at bigint,
    constraint tokens_hash_uq unique (token_hash)
);
create index tokens_user_idx on tokens (user_id);

create table site_credentials (
    owner             bigint        not null references users (id) on delete cascade,
    site              varchar(128)  not null,
    access_key        varchar(1024) not null,
    secret_ciphertext varchar(4096) not null,
    key_name          varchar(1024) not null,
    updated_at        bigint        not null,
    primary key (owner, site)
);

create table key_pairs (
    owner       bigint         not null references users (id) on delete cascade,
    site        varchar(128)   not null,
    name        varchar(256)   not null,
    public_key  varchar(16384) not null,
    fingerprint varchar(128)   not null,
    created_at  bigint         not null,
    primary key (owner, site, name)
);

create table launch_configurations (
    id                       varchar(32)  primary key,
    owner                    bigint       not null references users (id) on delete cascade,
    name                     varchar(128) not null,
    contextualization_method varchar(32)  not null,
    user_data                varchar,
    published                boolean      not null default false,
    created_at               bigint       not null,
    updated_at               bigint       not null,
    constraint lc_owner_name_uq unique (owner, name)
);

create table launch_configuration_sites (
    lc_id         varchar(32)   not null references launch_configurations (id) on delete cascade,
    site          varchar(128)  not null,
    image_id      varchar(1024) not null,
    instance_type varchar(256)  not null,
    max_vms       integer       not null,
    common_image  boolean       not null,
    site_rank     integer       not null,
    user_data     varchar,
    primary key (lc_id, site)
);

create table domains (
    id                          varchar(36)   primary key,
    owner                       bigint        not null references users (id) on delete cascade,
    name                        varchar(128)  not null,
    -- equal to name while the domain is live, null once deleted: names are unique among live
    -- domains only, so a name can be reused while a deleted domain's VMs are still draining
    live_name                   varchar(128),
    lc_name                     varchar(128)  not null,
    de_name                     varchar(32)   not null,
    vm_count                    integer,
    sensor_metric               varchar(256),
    sensor_minimum_vms          integer,
    sensor_maximum_vms          integer,
    sensor_scale_up_threshold   double precision,
    sensor_scale_up_vms         integer,
    sensor_scale_down_threshold double precision,
    sensor_scale_down_vms       integer,
    sensor_cooldown             integer,
    monitor_sensors             varchar(8192) not null default '',
    monitor_domain_sensors      varchar(8192) not null default '',
    version                     bigint        not null,
    created_at                  bigint        not null,
    updated_at                  bigint        not null,
    deleted_at                  bigint,
    constraint domains_owner_live_name_uq unique (owner, live_name)
);
create index domains_owner_lc_idx on domains (owner, lc_name);

create table instances (
    id               varchar(64)   primary key,
    domain_id        varchar(36)   not null references domains (id) on delete cascade,
    owner            bigint        not null,
    site             varchar(128)  not null,
    batch_id         varchar(64)   not null,
    state            smallint      not null,
    iaas_id          varchar(256),
    image_id         varchar(1024) not null,
    instance_type    varchar(256)  not null,
    keyname          varchar(1024),
    user_data        varchar,
    hostname         varchar(1024),
    public_ip        varchar(64),
    private_ip       varchar(64),
    reason           varchar(2048),
    created_at       bigint        not null,
    state_changed_at bigint        not null,
    missing_since    bigint,
    end_state        smallint,
    -- set by the API (DELETE .../instances/id), acted on by the control loop, never cleared
    termination_requested boolean   not null default false
);
create index instances_domain_idx on instances (domain_id, state);
create index instances_site_iaas_idx on instances (site, iaas_id);
create index instances_state_idx on instances (state);

create table activities (
    id             integer primary key autoincrement,
    domain_id      varchar(36)   not null references domains (id) on delete cascade,
    owner          bigint        not null,
    occurred_at    bigint        not null,
    action         varchar(64)   not null,
    cause          varchar(2048) not null,
    description    varchar(4096) not null,
    result         varchar(64)   not null,
    site           varchar(128),
    instance_count integer       not null
);
create index activities_domain_idx on activities (domain_id, id);

-- How each site has been doing for each domain: consecutive failures and back-off (SPEC 4.1).
create table domain_site_health (
    domain_id            varchar(36)  not null references domains (id) on delete cascade,
    site                 varchar(128) not null,
    consecutive_failures integer      not null,
    backoff_until        bigint,
    backoff_level        integer      not null,
    primary key (domain_id, site)
);

-- One row: this installation's id, carried in the ownership tag of every VM it launches.
create table installation (
    singleton  integer     primary key check (singleton = 1),
    id         varchar(64) not null,
    created_at bigint      not null
);
