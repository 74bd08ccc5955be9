-- Target tracking, how each domain's metrics are read, what metric engines remember, and the
-- samples pushed to POST /sensors/data.

alter table domains add column target_metric varchar(256);
alter table domains add column target_value double precision;
alter table domains add column target_minimum_vms integer;
alter table domains add column target_maximum_vms integer;
alter table domains add column target_disable_scale_in boolean;
alter table domains add column target_warmup integer;
alter table domains add column metric_source varchar(64);
alter table domains add column metric_query varchar(4096);
alter table domains add column metric_statistic varchar(16) not null default 'Average';
alter table domains add column metric_sample_window integer not null default 90;
alter table domains add column metric_evaluation_period integer not null default 10;

-- The size a sensor or target engine decided, and its timers: a restart must not forget them.
create table domain_scaling (
    domain_id         varchar(36) primary key references domains (id) on delete cascade,
    engine            varchar(32) not null,
    desired           integer,
    last_scaled_at    bigint,
    last_evaluated_at bigint
);

create table metric_samples (
    owner      bigint           not null,
    -- an instance id, or 'domain:' followed by a domain id
    subject    varchar(80)      not null,
    metric     varchar(256)     not null,
    sampled_at bigint           not null,
    reading    double precision not null
);
create index metric_samples_subject_idx on metric_samples (subject, metric, sampled_at);
create index metric_samples_time_idx on metric_samples (sampled_at);
create index metric_samples_owner_idx on metric_samples (owner, metric);

-- readings may name an instance by the cloud's id
create index instances_iaas_idx on instances (iaas_id);
