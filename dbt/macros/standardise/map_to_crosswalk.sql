{#- Map raw values to a crosswalk: exact match on the normalised match_key first, then (only for the schemes
    listed in wording['schemes']) a match on the value's wording (match_by_wording: word order, separators,
    filler words and qualifiers do not matter), then (only for the schemes listed in fuzzy_schemes, i.e. free
    text) a safe fuzzy match with DuckDB jaro_winkler_similarity.

    values:    a CTE / relation with at least `scheme` and `raw_value` (every other column is passed through).
    crosswalk: a CTE / relation with `scheme`, `match_key`, `match_priority` (lower wins when a key appears
               in more than one lookup list of the same scheme) and the target columns.
    targets:   the crosswalk columns to return (the first one identifies the conformed member, so two
               crosswalk rows with the same first target never compete with each other in fuzzy matching;
               rows whose first target is null compete as one member).
    wording:   none, or a mapping with `schemes`, the relations match_by_wording reads (`filler_words`,
               `member_hierarchy`, `ignorable_words`, `state_members`) and `min_word_length`, the shortest word
               corrected word by word.

    Similarity (match_similarity): the greater of DuckDB jaro_winkler_similarity and the Damerau-Levenshtein
    ratio 1 - distance / longer length (Jaro-Winkler alone punishes a letter dropped early, 'WHTE BRITISH' 0.89).

    Fuzzy rule (documented in _standardise__macros.yml): a value with no exact match and a match_key of at
    least min_length characters takes the crosswalk member whose best similarity is >= threshold, and only
    when the runner-up member scores at least `margin` lower. Otherwise it stays unmapped. For schemes that
    are in both wording['schemes'] and fuzzy_schemes, the same rule is first applied word by word
    (correct_misspelt_words) and the corrected wording matched ('Black Carribean' -> 'BLACK CARIBBEAN'), since
    a whole long key is often nearly as close to a neighbouring label as to its own; the whole-key rule is then
    tried only on values with a word that is neither known nor correctable ('whitebritish'), and never when
    such a word is shorter than min_word_length ('non', 'no', '2').

    Adds: match_key, matched_key (the crosswalk key it matched), match_method (exact | normalised | fuzzy |
    unmapped | blank) and match_confidence (1.0 exact and normalised, the similarity for fuzzy, the best
    similarity seen for an unmapped free-text value, null otherwise). Returns a select that can sit inside a
    CTE. -#}
{% macro map_to_crosswalk(
    values, crosswalk, targets, fuzzy_schemes=[], threshold=0.92, margin=0.03, min_length=4, wording=none
) -%}
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

{%- if wording %}

mtc_wording_keys as (

    select * from mtc_keys
    where
        scheme in ({% for s in wording.schemes %}'{{ s }}'{{ ',' if not loop.last }}{% endfor %})
        and not exists (
            select 1 from mtc_exact
            where mtc_exact.scheme = mtc_keys.scheme and mtc_exact.match_key = mtc_keys.match_key
        )

),

mtc_normalised as (

    {{ match_by_wording(
        'mtc_wording_keys', crosswalk, targets,
        wording.filler_words, wording.member_hierarchy, wording.ignorable_words, wording.state_members
    ) }}

),

mtc_misspelt_keys as (

    -- free text whose wording matched nothing: try again with misspelt words corrected (fuzzy, word by word)
    select * from mtc_wording_keys
    where
        scheme in ({% for s in fuzzy_schemes %}'{{ s }}'{{ ',' if not loop.last }}{% else %}null{% endfor %})
        and not exists (
            select 1 from mtc_normalised
            where mtc_normalised.scheme = mtc_wording_keys.scheme
                and mtc_normalised.match_key = mtc_wording_keys.match_key
        )

),

mtc_corrected as (

    {{ correct_misspelt_words(
        'mtc_misspelt_keys', crosswalk, wording.filler_words, threshold, margin, wording.min_word_length
    ) }}

),

mtc_corrected_keys as (

    select distinct
        scheme,
        corrected_key as match_key
    from mtc_corrected
    where corrected_key is not null

),

mtc_corrected_matches as (

    {{ match_by_wording(
        'mtc_corrected_keys', crosswalk, targets,
        wording.filler_words, wording.member_hierarchy, wording.ignorable_words, wording.state_members
    ) }}

),

mtc_word_fuzzy as (

    select
        mtc_corrected.scheme,
        mtc_corrected.match_key,
        mtc_corrected_matches.matched_key,
        'fuzzy' as match_method,
        mtc_corrected.correction_similarity as match_confidence,
        {%- for target in targets %}
        mtc_corrected_matches.{{ target }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mtc_corrected
    inner join mtc_corrected_matches
        on
            mtc_corrected.scheme = mtc_corrected_matches.scheme
            and mtc_corrected.corrected_key = mtc_corrected_matches.match_key

),
{%- endif %}

mtc_matched as (

    -- matched before the whole-key fuzzy rule is tried
    select * from mtc_exact
    {%- if wording %}
    union all by name
    select * from mtc_normalised
    union all by name
    select * from mtc_word_fuzzy
    {%- endif %}

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
            select 1 from mtc_matched
            where mtc_matched.scheme = mtc_keys.scheme and mtc_matched.match_key = mtc_keys.match_key
        )
        {%- if wording %}
        -- free text whose every word is known (or was corrected) says something the vocabulary cannot place
        -- ('Black Turkish'), and a short unknown word may reverse it ('White non British'): a near neighbour of
        -- the whole value ('Black British', 'White British') would be a guess
        and not exists (
            select 1 from mtc_corrected
            where
                mtc_corrected.scheme = mtc_keys.scheme
                and mtc_corrected.match_key = mtc_keys.match_key
                and (
                    mtc_corrected.unknown_word_count = 0
                    or mtc_corrected.corrected_key is not null
                    or mtc_corrected.short_unknown_word_count > 0
                )
        )
        {%- endif %}

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

    select * from mtc_matched
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
