{#- The plain-English guidance for every data-quality rule (seed dq_rule_guidance), published so the feedback packs
    read everything they show from the publish schema. Written for every agency alike: it names no agency. -#}
select * from {{ ref('dq_rule_guidance') }}
