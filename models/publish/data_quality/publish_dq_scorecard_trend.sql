{#- fct_dq_scorecard_trend as published: counts of records, files and rules, not of people, so nothing here needs
    suppressing (demographic counts live in the board metrics and the feedback packs' unmapped values). -#}
select * from {{ ref('fct_dq_scorecard_trend') }}
