{#- Every agency's contacts: one row per person in every current record, from the newest row of the record (the
    row the agency staging models keep). Both person linkage and standardisation start here, and
    fct_agency_contacts brings them together. -#}
select * exclude (is_newest_row)
from {{ ref('int_agency_contact_rows_unioned') }}
where is_newest_row
