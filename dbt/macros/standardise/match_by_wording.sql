{#- Match free-text keys by their wording rather than by the whole key, for values such as 'Black British -
    Caribbean', 'Caribbean (Black British)', 'White Other - Polish' or 'Somali background' that no crosswalk row
    spells out.

    A key's wording is its words sorted, each once, with filler words dropped ('background', 'origin', 'any' ...),
    so separators and word order never matter. A value can be read as member M (M is a complete reading) when every
    one of its words is explained for M by crosswalk entries whose words all appear in the value:
    - at least one entry names M: its member is M, or a narrower member that M contains;
    - the other entries name M or support it: their member is broader and contains M ('Black' in 'Black
      Caribbean');
    - entries deliberately left unplaced (null member, for example 'South African') explain their words for any
      member but name none, and so do the entries of a state member ('not known') beside a term naming a group:
      'White - not specified' reads as White;
    - words ignorable beside M explain themselves ('British' beside Pakistani; 'and' beside a Mixed member).
    The value maps to the most specific complete reading that every other complete reading is narrower or broader
    than: 'Black Caribbean' reads as Caribbean or as Black and maps to Caribbean; 'Roma Gypsy' reads as Roma, as Gypsy
    or Irish Traveller and as White not British, and maps to White not British; 'White Nigerian' has no complete
    reading and 'Asian Somali' two unrelated ones, so neither maps.
    Entries with the same words in one scheme are one entry: the lowest match_priority list decides, and a word set
    that list gives to two members is left out.

    keys:             (scheme, match_key) to match.
    crosswalk:        (scheme, match_key, match_priority, targets...), as for map_to_crosswalk.
    targets:          the crosswalk columns to return; the first is the member.
    filler_words:     (word): words that carry no meaning in a value or an entry.
    member_hierarchy: (member, broader_member): every member with each broader member that contains it.
    ignorable_words:  (member, word, in_terms): words that may stand beside member M in a value; when in_terms, M's
                      own entries ignore the word too ('White and Asian' is read as WHITE ASIAN, so that 'White/Asian'
                      matches it).
    state_members:    (member): members that record a state rather than a group (not known, not stated).

    Returns (scheme, match_key, matched_key, match_method 'normalised', match_confidence 1.0, targets...):
    matched_key lists the entries that explained the value, longest first ('BLACK CARIBBEAN + BLACK BRITISH'); the
    other targets come from the longest entry of M itself among them, and are null when only narrower members named
    M. -#}
{% macro match_by_wording(keys, crosswalk, targets, filler_words, member_hierarchy, ignorable_words, state_members) -%}
{%- set member = targets[0] -%}
with

mbw_ignorable_words as (

    select
        member,
        list(word) as ignorable_words,
        coalesce(list(word) filter (where in_terms), cast([] as varchar [])) as term_ignorable_words
    from {{ ignorable_words }}
    group by member

),

mbw_entry_words as (

    {{ key_words(crosswalk, ['scheme', 'match_key', 'match_priority'] + targets, filler_words) }}

),

mbw_own_entry_words as (

    select
        mbw_entry_words.* replace (
            list_filter(
                mbw_entry_words.words,
                entry_word -> not list_contains(
                    coalesce(mbw_ignorable_words.term_ignorable_words, cast([] as varchar [])), entry_word
                )
            ) as words
        )
    from mbw_entry_words
    left join mbw_ignorable_words
        on mbw_entry_words.{{ member }} = mbw_ignorable_words.member

),

mbw_best_entry_words as (

    -- of entries with the same words, those of the lowest match_priority list
    select * from mbw_own_entry_words
    qualify rank() over (partition by scheme, words order by match_priority) = 1

),

mbw_entries as (

    select
        scheme,
        words,
        min(match_key) as match_key,
        {%- for target in targets %}
        arg_min({{ target }}, match_key) as {{ target }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mbw_best_entry_words
    group by scheme, words
    having count(distinct coalesce({{ member }}, '')) = 1

),

mbw_values as (

    {{ key_words(keys, ['scheme', 'match_key'], filler_words) }}

),

mbw_hits as (

    select
        mbw_values.scheme,
        mbw_values.match_key,
        mbw_values.words as value_words,
        mbw_entries.match_key as entry_key,
        mbw_entries.words as entry_words,
        {%- for target in targets %}
        mbw_entries.{{ target }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mbw_values
    inner join mbw_entries
        on mbw_values.scheme = mbw_entries.scheme and list_has_all(mbw_values.words, mbw_entries.words)

),

mbw_links as (

    -- how an entry's member bears on a candidate member: names it (the same member, or a narrower one) or
    -- supports it (a broader member that contains it)
    select distinct
        {{ member }} as candidate,
        {{ member }} as entry_member,
        true as names_candidate
    from mbw_entries
    where {{ member }} is not null
    union all
    select
        broader_member as candidate,
        member as entry_member,
        true as names_candidate
    from {{ member_hierarchy }}
    union all
    select
        member as candidate,
        broader_member as entry_member,
        false as names_candidate
    from {{ member_hierarchy }}

),

mbw_neutral_words as (

    select
        scheme,
        match_key,
        flatten(list(entry_words)) as neutral_words
    from mbw_hits
    where {{ member }} is null or {{ member }} in (select state.member from {{ state_members }} as state)
    group by scheme, match_key

),

mbw_depth as (

    select
        member,
        count(*) as depth
    from {{ member_hierarchy }}
    group by member

),

mbw_candidates as (

    select
        mbw_hits.scheme,
        mbw_hits.match_key,
        mbw_hits.value_words,
        mbw_links.candidate,
        flatten(list(mbw_hits.entry_words)) as explained_words,
        string_agg(mbw_hits.entry_key, ' + ' order by len(mbw_hits.entry_words) desc, mbw_hits.entry_key)
            as matched_key,
        {%- for target in targets[1:] %}
        arg_max(mbw_hits.{{ target }}, len(mbw_hits.entry_words))
            filter (where mbw_hits.{{ member }} = mbw_links.candidate) as {{ target }},
        {%- endfor %}
        bool_or(mbw_links.names_candidate) as is_named
    from mbw_hits
    inner join mbw_links
        on mbw_hits.{{ member }} = mbw_links.entry_member
    group by mbw_hits.scheme, mbw_hits.match_key, mbw_hits.value_words, mbw_links.candidate

),

mbw_complete as (

    -- the complete readings of each value
    select
        mbw_candidates.*,
        coalesce(mbw_depth.depth, 0) as depth
    from mbw_candidates
    left join mbw_neutral_words
        on mbw_candidates.scheme = mbw_neutral_words.scheme and mbw_candidates.match_key = mbw_neutral_words.match_key
    left join {{ state_members }} as candidate_state
        on mbw_candidates.candidate = candidate_state.member
    left join mbw_ignorable_words
        on mbw_candidates.candidate = mbw_ignorable_words.member
    left join mbw_depth
        on mbw_candidates.candidate = mbw_depth.member
    where
        mbw_candidates.is_named
        and list_has_all(
            list_concat(
                mbw_candidates.explained_words,
                -- neutral words explain a group, never a state ('Declined - not known' is neither state)
                case
                    when candidate_state.member is null then mbw_neutral_words.neutral_words
                end,
                coalesce(mbw_ignorable_words.ignorable_words, cast([] as varchar []))
            ),
            mbw_candidates.value_words
        )

),

mbw_consistent as (

    -- readings that every other complete reading of the value is narrower or broader than
    select * from mbw_complete
    where not exists (
        select 1 from mbw_complete as other_reading
        where
            other_reading.scheme = mbw_complete.scheme
            and other_reading.match_key = mbw_complete.match_key
            and other_reading.candidate <> mbw_complete.candidate
            and not exists (
                select 1 from {{ member_hierarchy }} as hierarchy
                where
                    (hierarchy.member = mbw_complete.candidate and hierarchy.broader_member = other_reading.candidate)
                    or (hierarchy.member = other_reading.candidate and hierarchy.broader_member = mbw_complete.candidate)
            )
    )

)

select
    scheme,
    match_key,
    matched_key,
    'normalised' as match_method,
    cast(1.0 as double) as match_confidence,
    candidate as {{ member }}{{ ',' if targets | length > 1 }}
    {%- for target in targets[1:] %}
    {{ target }}{{ ',' if not loop.last }}
    {%- endfor %}
from mbw_consistent
qualify row_number() over (partition by scheme, match_key order by depth desc) = 1
{%- endmacro %}


{#- A relation's keys as word sets: every word of match_key once, sorted, filler words dropped. `columns` are
    carried through (they must include match_key). -#}
{% macro key_words(relation, columns, filler_words) -%}
select
    {{ columns | join(',\n    ') }},
    list_sort(list_distinct(list(key_word))) as words
from (
    select
        {{ columns | join(',\n        ') }},
        unnest(string_split(match_key, ' ')) as key_word
    from {{ relation }}
) as split_keys
where key_word not in (select filler.word from {{ filler_words }} as filler)
group by all
{%- endmacro %}


{#- Correct misspelt words in free-text keys with the safe fuzzy rule, word by word: a word found in no crosswalk
    entry and no filler word, of at least min_length letters, becomes the vocabulary word whose similarity
    (match_similarity) is >= threshold, when the runner-up word scores at least `margin` lower ('CARRIBEAN' ->
    'CARIBBEAN'). Returns every key with unknown_word_count (words found in no entry and no filler word),
    short_unknown_word_count (those shorter than min_length), corrected_key (its words with every unknown word
    corrected; null when there is none or one cannot be corrected) and correction_similarity (the lowest
    similarity of a correction). -#}
{% macro correct_misspelt_words(keys, crosswalk, filler_words, threshold, margin, min_length) -%}
with

cmw_vocabulary as (

    select distinct
        scheme,
        unnest(string_split(match_key, ' ')) as word
    from {{ crosswalk }}
    union
    select
        schemes.scheme,
        filler.word
    from (select distinct scheme from {{ keys }}) as schemes
    cross join {{ filler_words }} as filler

),

cmw_value_words as (

    select distinct
        scheme,
        match_key,
        unnest(string_split(match_key, ' ')) as word
    from {{ keys }}

),

cmw_unknown_words as (

    select * from cmw_value_words
    where not exists (
        select 1 from cmw_vocabulary
        where cmw_vocabulary.scheme = cmw_value_words.scheme and cmw_vocabulary.word = cmw_value_words.word
    )

),

cmw_scores as (

    select
        cmw_unknown_words.scheme,
        cmw_unknown_words.match_key,
        cmw_unknown_words.word,
        cmw_vocabulary.word as vocabulary_word,
        {{ match_similarity('cmw_unknown_words.word', 'cmw_vocabulary.word') }} as similarity
    from cmw_unknown_words
    inner join cmw_vocabulary
        on cmw_unknown_words.scheme = cmw_vocabulary.scheme
    where length(cmw_unknown_words.word) >= {{ min_length }}

),

cmw_corrections as (

    select
        scheme,
        match_key,
        word,
        vocabulary_word,
        similarity
    from (
        select
            *,
            row_number() over (partition by scheme, match_key, word order by similarity desc, vocabulary_word)
                as word_rank,
            lead(similarity) over (partition by scheme, match_key, word order by similarity desc, vocabulary_word)
                as runner_up_similarity
        from cmw_scores
    ) as ranked
    where
        word_rank = 1
        and similarity >= {{ threshold }}
        and similarity - coalesce(runner_up_similarity, 0) >= {{ margin }}

)

select
    cmw_value_words.scheme,
    cmw_value_words.match_key,
    count(cmw_unknown_words.word) as unknown_word_count,
    count(cmw_unknown_words.word) filter (where length(cmw_unknown_words.word) < {{ min_length }})
        as short_unknown_word_count,
    case
        when count(cmw_unknown_words.word) > 0 and count(cmw_unknown_words.word) = count(cmw_corrections.word)
            then string_agg(
                coalesce(cmw_corrections.vocabulary_word, cmw_value_words.word), ' ' order by cmw_value_words.word
            )
    end as corrected_key,
    min(cmw_corrections.similarity) as correction_similarity
from cmw_value_words
left join cmw_unknown_words
    on
        cmw_value_words.scheme = cmw_unknown_words.scheme
        and cmw_value_words.match_key = cmw_unknown_words.match_key
        and cmw_value_words.word = cmw_unknown_words.word
left join cmw_corrections
    on
        cmw_value_words.scheme = cmw_corrections.scheme
        and cmw_value_words.match_key = cmw_corrections.match_key
        and cmw_value_words.word = cmw_corrections.word
group by cmw_value_words.scheme, cmw_value_words.match_key
{%- endmacro %}
