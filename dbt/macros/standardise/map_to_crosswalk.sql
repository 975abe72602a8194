{#- Map raw values to a crosswalk: exact match on the normalised match_key first, then (only for the schemes
    listed in fuzzy_schemes, i.e. free text) a safe fuzzy match with DuckDB jaro_winkler_similarity.

    values:    a CTE / relation with at least `scheme` and `raw_value` (every other column is passed through).
    crosswalk: a CTE / relation with `scheme`, `match_key`, `match_priority` (lower wins when a key appears
               in more than one lookup list of the same scheme) and the target columns.
    targets:   the crosswalk columns to return (the first one identifies the conformed member, so two
               crosswalk rows with the same first target never compete with each other in fuzzy matching).

    Similarity (match_similarity): the greater of DuckDB jaro_winkler_similarity and the Damerau-Levenshtein
    ratio 1 - distance / longer length (Jaro-Winkler alone punishes a letter dropped early, 'WHTE BRITISH' 0.89).

    Fuzzy rule (documented in _standardise__macros.yml): a value with no exact match and a match_key of at
    least min_length characters takes the crosswalk member whose best similarity is >= threshold, and only
    when the runner-up member scores at least `margin` lower. Otherwise it stays unmapped.

    Adds: match_key, matched_key (the crosswalk key it matched), match_method (exact | fuzzy | unmapped |
    blank) and match_confidence (1.0 exact, the similarity for fuzzy, the best similarity seen for an unmapped
    free-text value, null otherwise). Returns a select that can sit inside a CTE. -#}
{% macro map_to_crosswalk(values, crosswalk, targets, fuzzy_schemes=[], threshold=0.92, margin=0.03, min_length=4) -%}
with

mtc_values as (

    select
        *,
        {{ normalise_match_key('raw_value') }} as match_key
    from {{ values }}

),

mtc_keys as (

    select distinct
        scheme,
        match_key
    from mtc_values
    where match_key is not null and match_key <> ''

),

mtc_exact as (

    select
        mtc_keys.scheme,
        mtc_keys.match_key,
        mtc_crosswalk.match_key as matched_key,
        'exact' as match_method,
        cast(1.0 as double) as match_confidence,
        {%- for target in targets %}
        mtc_crosswalk.{{ target }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mtc_keys
    inner join {{ crosswalk }} as mtc_crosswalk
        on mtc_keys.scheme = mtc_crosswalk.scheme and mtc_keys.match_key = mtc_crosswalk.match_key
    qualify row_number() over (
        partition by mtc_keys.scheme, mtc_keys.match_key order by mtc_crosswalk.match_priority
    ) = 1

),

mtc_fuzzy_scores as (

    select
        mtc_keys.scheme,
        mtc_keys.match_key,
        mtc_crosswalk.match_key as matched_key,
        mtc_crosswalk.match_priority,
        {{ match_similarity('mtc_keys.match_key', 'mtc_crosswalk.match_key') }} as similarity,
        {%- for target in targets %}
        mtc_crosswalk.{{ target }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mtc_keys
    inner join {{ crosswalk }} as mtc_crosswalk
        on mtc_keys.scheme = mtc_crosswalk.scheme
    where
        {% if fuzzy_schemes | length > 0 -%}
        mtc_keys.scheme in ({% for s in fuzzy_schemes %}'{{ s }}'{{ ',' if not loop.last }}{% endfor %})
        {%- else -%}
        false
        {%- endif %}
        and length(mtc_keys.match_key) >= {{ min_length }}
        and not exists (
            select 1 from mtc_exact
            where mtc_exact.scheme = mtc_keys.scheme and mtc_exact.match_key = mtc_keys.match_key
        )

),

mtc_fuzzy_best_per_member as (

    select * from mtc_fuzzy_scores
    qualify row_number() over (
        partition by scheme, match_key, {{ targets[0] }} order by similarity desc, match_priority
    ) = 1

),

mtc_fuzzy_ranked as (

    select
        *,
        row_number() over (
            partition by scheme, match_key order by similarity desc, match_priority
        ) as member_rank,
        lead(similarity) over (
            partition by scheme, match_key order by similarity desc, match_priority
        ) as runner_up_similarity
    from mtc_fuzzy_best_per_member

),

mtc_fuzzy as (

    select
        scheme,
        match_key,
        matched_key,
        'fuzzy' as match_method,
        similarity as match_confidence,
        {%- for target in targets %}
        {{ target }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mtc_fuzzy_ranked
    where
        member_rank = 1
        and similarity >= {{ threshold }}
        and similarity - coalesce(runner_up_similarity, 0) >= {{ margin }}

),

mtc_unmapped as (

    select
        scheme,
        match_key,
        cast(null as varchar) as matched_key,
        'unmapped' as match_method,
        max(similarity) as match_confidence
    from mtc_fuzzy_ranked
    where not exists (
        select 1 from mtc_fuzzy
        where mtc_fuzzy.scheme = mtc_fuzzy_ranked.scheme and mtc_fuzzy.match_key = mtc_fuzzy_ranked.match_key
    )
    group by scheme, match_key

),

mtc_mapped as (

    select * from mtc_exact
    union all by name
    select * from mtc_fuzzy
    union all by name
    select * from mtc_unmapped

)

select
    mtc_values.*,
    mtc_mapped.matched_key,
    case
        when mtc_values.match_key is null or mtc_values.match_key = '' then 'blank'
        else coalesce(mtc_mapped.match_method, 'unmapped')
    end as match_method,
    mtc_mapped.match_confidence,
    {%- for target in targets %}
    mtc_mapped.{{ target }}{{ ',' if not loop.last }}
    {%- endfor %}
from mtc_values
left join mtc_mapped
    on mtc_values.scheme = mtc_mapped.scheme and mtc_values.match_key = mtc_mapped.match_key
{%- endmacro %}


{#- Similarity of two normalised keys in [0, 1]: the greater of Jaro-Winkler and the Damerau-Levenshtein ratio. -#}
{% macro match_similarity(a, b) -%}
greatest(
    jaro_winkler_similarity({{ a }}, {{ b }}),
    1.0 - damerau_levenshtein({{ a }}, {{ b }}) / greatest(length({{ a }}), length({{ b }}), 1)
)
{%- endmacro %}
