-- Each domain's policy as its codec's parameters, one JSON object (PolicyCodec), instead of a
-- column per parameter of every engine: a parameter added later needs no migration. The names
-- are the columns' names, which are the API's. SQLite's V5 does the same; only the JSON
-- functions are spelled differently (so this migration is not in ../common). Stored as text, as
-- on SQLite: the store writes and reads it whole and never queries into it.

alter table domains add column policy_params varchar not null default '{}';

update domains set policy_params = case de_name
    when 'multicloud' then json_build_object('vm_count', vm_count)::text
    when 'sensor' then json_build_object('sensor_metric', sensor_metric, 'sensor_minimum_vms', sensor_minimum_vms,
        'sensor_maximum_vms', sensor_maximum_vms, 'sensor_scale_up_threshold', sensor_scale_up_threshold,
        'sensor_scale_up_vms', sensor_scale_up_vms, 'sensor_scale_down_threshold', sensor_scale_down_threshold,
        'sensor_scale_down_vms', sensor_scale_down_vms, 'sensor_cooldown', sensor_cooldown)::text
    when 'target' then json_build_object('target_metric', target_metric, 'target_value', target_value,
        'target_minimum_vms', target_minimum_vms, 'target_maximum_vms', target_maximum_vms,
        'target_disable_scale_in', target_disable_scale_in, 'target_warmup', target_warmup)::text
    else policy_params
end;

alter table domains drop column vm_count, drop column sensor_metric, drop column sensor_minimum_vms,
    drop column sensor_maximum_vms, drop column sensor_scale_up_threshold, drop column sensor_scale_up_vms,
    drop column sensor_scale_down_threshold, drop column sensor_scale_down_vms, drop column sensor_cooldown,
    drop column target_metric, drop column target_value, drop column target_minimum_vms,
    drop column target_maximum_vms, drop column target_disable_scale_in, drop column target_warmup;
