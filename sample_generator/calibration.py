"""Volumes and rates the sample is calibrated on, with where each comes from.

Sources: the Coventry DA needs assessment 2021 (inventory in shared/research, cited as "NA §x") and
the agency extract contract (docs/AGENCY_EXTRACTS.md). Everything is per year at scale 1, 2020-21.
"""

from __future__ import annotations

# Records per year in 2020-21 (AGENCY_EXTRACTS.md); later years grow by ANNUAL_GROWTH.
ANNUAL_VOLUME = {
    "police": 9300,  # DA-flagged incidents (NA §2.2: 9,280 in 2020)
    "marac": 620,  # cases discussed (NA §6.2: 613 in the year to June 2021)
    "idva": 450,  # intakes
    "housing": 300,  # homelessness approaches with DA
    "refuge": 150,  # referrals (about 50 move-ins)
    "health": 200,  # IRIS GP referrals (NA §11.4: 38 a quarter in 2020-21, rising)
    "childrens": 450,  # episodes with DA factors (NA §12.3: 371 in 2020-21)
    "perpetrator": 70,  # Choose2Change referrals (NA §8.2: 69 in 2020)
}
ANNUAL_GROWTH = 0.03
# Relative volume by calendar month (summer and Christmas peaks), mean 1.
SEASONALITY = {
    1: 0.97,
    2: 0.90,
    3: 0.95,
    4: 0.98,
    5: 1.02,
    6: 1.05,
    7: 1.08,
    8: 1.06,
    9: 1.00,
    10: 0.98,
    11: 0.96,
    12: 1.05,
}
# Incidents are more frequent at weekends and in the evening.
WEEKDAY_WEIGHTS = (0.92, 0.88, 0.88, 0.9, 1.0, 1.22, 1.2)  # Monday first
HOUR_WEIGHTS = (3, 2, 2, 1, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 4, 5, 5, 6, 7, 8, 8, 8, 7, 5)

# Age of adults at their first contact, by population-estimate band (NA §2.5: 18-24 about 18%,
# 55+ about 11% of police victims; 35-44 the highest rate).
VICTIM_AGE_BANDS = {
    "16_17": 0.02,
    "18_24": 0.19,
    "25_34": 0.33,
    "35_44": 0.22,
    "45_54": 0.13,
    "55_64": 0.07,
    "65_74": 0.03,
    "75_plus": 0.01,
}
HARM_AGE_BANDS = {
    "18_24": 0.16,
    "25_34": 0.34,
    "35_44": 0.25,
    "45_54": 0.15,
    "55_64": 0.07,
    "65_74": 0.03,
}
VICTIM_FEMALE_SHARE = 0.755  # police victims: 26% male in 2020 (NA §2.5)
HARM_FEMALE_SHARE_IF_VICTIM_FEMALE = 0.07
HARM_FEMALE_SHARE_IF_VICTIM_MALE = 0.75
COHABITING_SHARE = 0.45  # person who harms lives at the victim's postcode
HARM_OUTSIDE_COVENTRY_SHARE = 0.12  # of those living elsewhere
SHARED_SURNAME_SHARE = 0.3  # female victims who took the partner's surname
SAME_ETHNICITY_AS_PARTNER = 0.8
CHILDREN_PER_HOUSEHOLD = (0.42, 0.24, 0.19, 0.10, 0.05)  # 0..4 children, victims aged 18-55

# Police (NA §2.2, 2020 counts as weights). Clare's Law and MARAC-referral non-crimes are in the
# extract but not in the board's incident count.
POLICE_CRIME_SHARE = 0.62
NON_CRIME_OFFENCES = {
    "DOMESTIC VIOLENCE INCIDENT - NON CRIME": 3507,
    "MARAC DA REFERRAL- NON CRIME": 201,
    "DOMESTIC VIOLENCE DISCLOSURE REQUEST (CLARE'S LAW) - NON CRIME": 118,
    "BREACH OF DV PROTECTION NOTICE/ORDER - NON CRIME": 26,
    "RAPE NON CRIME - COMMITTED AND TRANSFERRED TO ANOTHER POLICE FORCE AREA": 4,
    "VULNERABLE ADULT ABUSE/INCIDENT-NON CRIME": 3,
    "FRAUD - NON CRIME - NORMALLY RECORDED BY ACTION FRAUD": 2,
    "RAPE NON CRIME - VICTIM (OR THIRD PARTY) NOT CONFIRMED OR CANNOT BE TRACED": 1,
    "HATE INCIDENT - NON CRIME": 1,
    "CHILD SEXUAL OFFENDER DISCLOSURE SCHEME - NON CRIME": 1,
}
NOT_COUNTED_OFFENCES = (
    "MARAC DA REFERRAL- NON CRIME",
    "DOMESTIC VIOLENCE DISCLOSURE REQUEST (CLARE'S LAW) - NON CRIME",
)
STALKING = "PURSUE COURSE OF CONDUCT IN BREACH OF S1(1) WHICH AMOUNTS TO STALKING"
CRIME_OFFENCES = {
    "COMMON ASSAULT": 1390,
    "ASSAULT OCCASION ABH": 1037,
    STALKING: 421,  # before the recording rule change the fault plan scales this down
    "SEND COMMUNICATION/ARTICLE CONVEYING A THREATENING MESSAGE": 320,
    "HARASSMENT": 317,
    "BREACH OF NON-MOLESTATION ORDER": 210,
    "MALICIOUS WOUNDING": 195,
    "ENGAGE IN CONTROLLING/COERCIVE BEHAVIOUR IN AN INTIMATE/FAMILY RELATIONSHIP": 175,
    "THREATEN TO DAMAGE PROPERTY": 129,
    "CRIMINAL DAMAGE - RESIDENCE": 124,
    "OTHER CRIMINAL DAMAGE": 112,
    "THREATS TO KILL": 111,
    "BREACH OF RESTRAINING ORDER": 110,
    "SEND COMMUNICATION/ARTICLE CONVEYING INDECENT/GROSSLY OFFENSIVE MESSAGE": 93,
    "RAPE OF FEMALE 16 OR OVER": 82,
    "CAUSE INT HARASSMENT/ALARM/DISTRESS": 80,
    "CRIMINAL DAMAGE TO VEHICLE": 64,
    "THEFT DWELLING NOT MACHINE/METER": 56,
    "CAUSE GBH WITH INTENT": 49,
    # The needs assessment groups 579 more crimes as OTHER; these are typical members of that group.
    "SEXUAL ASSAULT ON A FEMALE AGED 13 AND OVER": 110,
    "PUBLIC FEAR ALARM OR DISTRESS": 140,
    "DISCLOSE PRIVATE SEXUAL PHOTOGRAPHS AND FILMS WITH INTENT TO CAUSE DISTRESS": 60,
    "ASSAULT BY BEATING": 90,
    "FALSE IMPRISONMENT": 25,
    "ARSON NOT ENDANGERING LIFE": 24,
    "BURGLARY - RESIDENTIAL": 80,
    "ROBBERY OF PERSONAL PROPERTY": 50,
}
# The most serious offences: MARAC's police referrals come mostly from these.
HIGH_HARM_OFFENCES = (
    "ASSAULT OCCASION ABH",
    "MALICIOUS WOUNDING",
    "CAUSE GBH WITH INTENT",
    "THREATS TO KILL",
    "RAPE OF FEMALE 16 OR OVER",
    STALKING,
    "ENGAGE IN CONTROLLING/COERCIVE BEHAVIOUR IN AN INTIMATE/FAMILY RELATIONSHIP",
    "FALSE IMPRISONMENT",
    "MARAC DA REFERRAL- NON CRIME",
)
# Overall about 80% none, 15% slight (NA §2.5); injuries come with crimes far more than non-crimes.
INJURY_CRIME = {"NONE": 0.72, "THREATS": 0.05, "SLIGHT": 0.21, "SERIOUS": 0.02}
INJURY_NON_CRIME = {"NONE": 0.93, "THREATS": 0.03, "SLIGHT": 0.04}
SUSPECT_LINKED_SHARE = (0.12, 0.10)  # first and last month: fewer perpetrators recorded each year
INCIDENT_AT_HOME_SHARE = 0.8
# Repeat victimisation: each month a share of incidents are new victims, the rest repeats drawn in
# proportion to a victim's recent incidents (decaying monthly). Tuned so about 35-40% of victims have
# two or more incidents over the period (NA §2.5: 35% over 2016-2020).
POLICE_NEW_VICTIM_SHARE = 0.55
POLICE_REPEAT_DECAY = 0.88

# MARAC (NA §6): 45% repeat cases, police referrals falling as partner referrals rise.
MARAC_REPEAT_SHARE = 0.45
MARAC_REFERRERS_START = {
    "Police": 0.62,
    "IDVA": 0.18,
    "Health": 0.04,
    "Mental Health": 0.02,
    "Housing": 0.03,
    "Children's Social Care": 0.06,
    "Probation": 0.03,
    "Other": 0.02,
}
MARAC_REFERRERS_END = {
    "Police": 0.50,
    "IDVA": 0.25,
    "Health": 0.06,
    "Mental Health": 0.03,
    "Housing": 0.04,
    "Children's Social Care": 0.07,
    "Probation": 0.03,
    "Other": 0.02,
}
MARAC_POLICE_KNOWN_SHARE = 0.65  # of partner referrals, victims already known to the police
MARAC_PERPETRATOR_NAMED_SHARE = 0.92
MARAC_MALE_ACCEPT = 0.04  # MARAC victims are about 1-3% male (NA §6.6)

# IDVA: sources of intakes; cases last about 14 weeks (SafeLives Insights).
IDVA_SOURCE_SHARES = {"MARAC": 0.55, "Police": 0.25, "other": 0.20}
IDVA_OTHER_SOURCES = {
    "Self": 0.35,
    "Health": 0.2,
    "Children's Services": 0.2,
    "Housing": 0.1,
    "Other": 0.15,
}
IDVA_MEAN_CASE_DAYS = 98
IDVA_MALE_ACCEPT = 0.06

HOUSING_SOURCE_SHARES = {"police": 0.5, "idva": 0.15, "new": 0.35}
HOUSING_NEW_OUTSIDE_SHARE = 0.2
HOUSING_REASONS = {
    "Domestic abuse - victim": 0.74,
    "Relationship with partner ended (non-violent breakdown)": 0.08,
    "Family or friends no longer willing or able to accommodate": 0.08,
    "End of private rented tenancy - assured shorthold tenancy": 0.05,
    "Other violence or harassment": 0.05,
}
HOUSING_DUTY = {"Prevention": 0.3, "Relief": 0.55, "Main": 0.15}
HOUSING_TA = {"None": 0.45, "B&B": 0.04, "Hostel": 0.18, "Self-contained": 0.23, "Refuge": 0.10}

# Valley House (NA §10.4): about a third accepted, 63% of residents from outside Coventry.
REFUGE_OUTSIDE_SHARE = 0.6
REFUGE_NO_POSTCODE_SHARE = 0.25  # of those from outside: no settled address at all
REFUGE_SOURCES_LOCAL = {
    "SELF": 0.25,
    "COUNCIL HOUSING": 0.22,
    "POLICE": 0.12,
    "HAVEN": 0.16,
    "COUNCIL SOCIAL CARE": 0.1,
    "OTHER PARTNER": 0.15,
}
REFUGE_SOURCES_OUTSIDE = {
    "SELF": 0.3,
    "WOMEN'S AID NATIONAL": 0.35,
    "OUT OF CITY AGENCY": 0.3,
    "OTHER PARTNER": 0.05,
}
REFUGE_OUTCOMES = {
    "Accepted": 0.36,
    "Referral Declined the Service": 0.36,
    "Ineligible for the Service": 0.1,
    "Accommodation Available not Suitable": 0.08,
    "Full": 0.06,
    "Waiting List": 0.04,
}
REFUGE_MEDIAN_STAY_DAYS = 55
REFUGE_MAX_STAY_DAYS = 244
REFUGE_MOVE_ON = {
    "DA Supported Accommodation": 0.22,
    "Friends and Family": 0.12,
    "Returned Home": 0.1,
    "Private Tenancy": 0.1,
    "Council Tenancy": 0.09,
    "Housing Association Tenancy": 0.09,
    "Other Refuge": 0.07,
    "Supported Housing (non-DA)": 0.05,
    "Temporary Accommodation": 0.05,
    "Returned to Perpetrator": 0.04,
    "Evicted": 0.03,
    "Abandoned": 0.02,
    "Not Known": 0.02,
}
REFUGE_RISK = {"High": 0.57, "Medium": 0.3, "Standard": 0.13}
REFUGE_RISK_UNKNOWN_SHARE_BEFORE_APRIL_2021 = 0.2
REFUGE_SUPPORT_NEEDS = {
    "Housing": 0.75,
    "Mental Health": 0.48,
    "Legal": 0.54,
    "Family Support": 0.21,
    "Substance Use": 0.08,
    "Immigration/NRPF": 0.1,
}
REFUGE_RELIGION = {
    "No Religion": 0.42,
    "Islam/Muslim": 0.23,
    "Christian": 0.12,
    "Roman Catholic": 0.12,
    "Church of England": 0.06,
    "Jewish": 0.01,
    "Other": 0.04,
}

HEALTH_VICTIM_SHARE = 0.96
HEALTH_POLICE_KNOWN_SHARE = 0.35  # the rest reach IRIS through their GP with no police contact
HEALTH_PRACTICES_BY_DISTRICT = {
    "CV1": 5,
    "CV2": 9,
    "CV3": 8,
    "CV4": 3,
    "CV5": 4,
    "CV6": 12,
    "CV7": 1,
}
HEALTH_OUTSIDE_SHARE = 0.02

CHILDRENS_REFERRERS = {
    "Family Hub": 0.86,
    "School": 0.09,
    "Children's Services": 0.02,
    "Early Support": 0.01,
    "Health": 0.01,
    "Social Services": 0.01,
}
CHILDRENS_POLICE_KNOWN_SHARE = 0.75
CHILDRENS_ASSESSED_SHARE = 0.6  # NA §12.3: 58-62% of episodes assessed
CHILDRENS_PARENT_NAMED_SHARE = 0.85
OTHER_CIN_FACTORS = {"1B": 0.12, "2B": 0.1, "4B": 0.25, "6B": 0.05, "8B": 0.04, "21": 0.06}

PERPETRATOR_SOURCES = {
    "Children's Social Care": 0.62,
    "Early Help": 0.12,
    "Probation": 0.08,
    "Police": 0.08,
    "Self": 0.06,
    "Health": 0.04,
}
PERPETRATOR_FULL_ASSESSMENT_SHARE = 0.41  # NA §8.2: 28 of 69
PERPETRATOR_EXIT_NOT_ASSESSED = {
    "Inappropriate referral": 0.4,
    "Disengaged before assessment": 0.45,
    "Declined": 0.15,
}
PERPETRATOR_EXIT_ASSESSED = {
    "Completed programme": 0.55,
    "Disengaged": 0.3,
    "Risk escalation": 0.08,
    "Moved out of area": 0.07,
}
PERPETRATOR_CYP_STATUS = {
    "No Children": 0.1,
    "No Plan": 0.12,
    "LAC": 0.05,
    "CIN": 0.25,
    "CP Emotion": 0.2,
    "CP Neglect": 0.08,
    "EH": 0.12,
    "Unknown": 0.04,
    "Not known": 0.04,
}
PERPETRATOR_CYP_CLOSURE_BLANK_SHARE = 0.74
PERPETRATOR_LENGTH_OF_ABUSE = {
    "Not known": 0.71,
    "Less than 1 year": 0.05,
    "1-2 years": 0.07,
    "2-5 years": 0.09,
    "5-10 years": 0.05,
    "Over 10 years": 0.03,
}
PERPETRATOR_FEMALE_ACCEPT = 0.35
