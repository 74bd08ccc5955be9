-- Each domain's policy as its codec's parameters, one JSON object (PolicyCodec), instead of a
-- column per parameter of every engine: a parameter added later needs no migration. The names
-- are the columns' names, which are the API's. PostgreSQL's V5 does the same; only the JSON
-- functions are spelled differently (so this migration is not in ../common). A boolean is 0 or 1
-- here and becomes JSON true or false.

alter table domains add column policy_params varchar not null default '{}';

update domains set policy_params = case de_name
    when 'multicloud' then json_object('vm_count', vm_count)
    when 'sensor' then json_object('sensor_metric', sensor_metric, 'sensor_minimum_vms', sensor_minimum_vms,
        'sensor_maximum_vms', sensor_maximum_vms, 'sensor_scale_up_threshold', sensor_scale_up_threshold,
        'sensor_scale_up_vms', sensor_scale_up_vms, 'sensor_scale_down_threshold', sensor_scale_down_threshold,
        'sensor_scale_down_vms', sensor_scale_down_vms, 'sensor_cooldown', sensor_cooldown)
    when 'target' then json_object('target_metric', target_metric, 'target_value', target_value,
        'target_minimum_vms', target_minimum_vms, 'target_maximum_vms', target_maximum_vms,
        'target_disable_scale_in',
            json(case when target_disable_scale_in then 'true' when not target_disable_scale_in then 'false' end),
        'target_warmup', target_warmup)
    else policy_params
end;

alter table domains drop column vm_count;
alter table domains drop column sensor_metric;
alter table domains drop column sensor_minimum_vms;
alter table domains drop column sensor_maximum_vms;
alter table domains drop column sensor_scale_up_threshold;
alter table domains drop column sensor_scale_up_vms;
alter table domains drop column sensor_scale_down_threshold;
alter table domains drop column sensor_scale_down_vms;
alter table domains drop column sensor_cooldown;
alter table domains drop column target_metric;
alter table domains drop column target_value;
alter table domains drop column target_minimum_vms;
alter table domains drop column target_maximum_vms;
alter table domains drop column target_disable_scale_in;
alter table domains drop column target_warmup;
