-- publish_dq_rule_guidance: what each data-quality rule means, why it matters and how to fix it.
select * from read_parquet('publish_parquet/publish_dq_rule_guidance.parquet')
