{#- One row per contact (the newest row of each record, as int_agency_contacts_unioned keeps it) with every
    demographic field standardised: the contact's row of int_agency_contact_rows_standardised, where the mapping
    lives, without the row's lineage columns. -#}
select * exclude (submission_id, source_row_number, is_newest_row)
from {{ ref('int_agency_contact_rows_standardised') }}
where is_newest_row
