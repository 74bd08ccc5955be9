-- When a domain's metrics were last evaluated is kept in memory now (nothing is written per
-- evaluation); only the decided size and the cooldown's start need to survive a restart.
alter table domain_scaling drop column last_evaluated_at;
