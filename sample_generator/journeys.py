"""Journeys: what happens to people, as true events, before any agency writes anything down.

A police incident may be followed by a MARAC referral (high risk), IDVA support, a housing approach
or a refuge stay; children in the household appear in children's services episodes; some people
who harm are referred to the perpetrator programme; some victims reach a service (IRIS through their
GP, a refuge from another city) with no police contact at all. Each agency's events are drawn from
the people and events upstream of it, so the same person turns up across agencies in a plausible
order. Dates are true dates; how each agency records them is the business of `agencies/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sample_generator import calibration as cal
from sample_generator.faults import FaultPlan
from sample_generator.periods import SAMPLE_END, month_end, sample_months
from sample_generator.population import Population
from sample_generator.reference import ONS19_TO_ONS5, Reference

DAY = np.timedelta64(1, "D")
END_DAY = np.datetime64(SAMPLE_END, "D")


@dataclass
class World:
    """Everyone in the sample and every true event, one table per agency."""

    people: Population
    households: Households
    police: pd.DataFrame
    marac: pd.DataFrame
    idva: pd.DataFrame
    housing: pd.DataFrame
    refuge: pd.DataFrame
    health: pd.DataFrame
    childrens: pd.DataFrame
    perpetrator: pd.DataFrame


def choose(weights: dict[str, float], n: int, rng: np.random.Generator) -> np.ndarray:
    labels = list(weights)
    probs = np.array([weights[k] for k in labels], dtype=float)
    return np.array(labels, dtype=object)[rng.choice(len(labels), n, p=probs / probs.sum())]


def days(values) -> np.ndarray:
    """Dates as whole days since 1970, for searching and arithmetic."""
    return np.asarray(values, dtype="datetime64[D]").astype(np.int64)


def monthly_counts(agency: str, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Records per month: the 2020-21 volume, growing each year, with seasonality and noise."""
    base = cal.ANNUAL_VOLUME[agency] * scale / 12
    targets = [
        base * (1 + cal.ANNUAL_GROWTH) ** (i / 12) * cal.SEASONALITY[month.month]
        for i, month in enumerate(sample_months())
    ]
    return rng.poisson(targets)


def random_days(
    counts: np.ndarray, rng: np.random.Generator, weekday_weighted: bool = False
) -> np.ndarray:
    """`counts[i]` random dates in the i-th sample month, sorted."""
    out = []
    for month, n in zip(sample_months(), counts, strict=True):
        first = np.datetime64(month, "D")
        span = (np.datetime64(month_end(month.year, month.month), "D") - first).astype(int) + 1
        offsets = np.arange(span)
        if weekday_weighted:
            weekday = (first.astype(int) + 3 + offsets) % 7  # 1970-01-01 was a Thursday
            weights = np.array(cal.WEEKDAY_WEIGHTS)[weekday]
            picked = rng.choice(offsets, n, p=weights / weights.sum())
        else:
            picked = rng.integers(0, span, n)
        out.append(first + np.sort(picked) * DAY)
    return np.concatenate(out) if out else np.array([], dtype="datetime64[D]")


def random_times(counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Incident times: weekday- and evening-weighted, sorted within each month."""
    day = random_days(counts, rng, weekday_weighted=True)
    hours = np.array(cal.HOUR_WEIGHTS, dtype=float)
    hour = rng.choice(24, len(day), p=hours / hours.sum())
    minute = rng.integers(0, 60, len(day))
    times = day.astype("datetime64[m]") + (hour * 60 + minute) * np.timedelta64(1, "m")
    return np.sort(times)


def pick_recent(
    event_day: np.ndarray,
    at_day: np.ndarray,
    window: tuple[int, int],
    rng: np.random.Generator,
    accept: Callable[[np.ndarray], np.ndarray] | None = None,
    tries: int = 12,
) -> np.ndarray:
    """For each `at_day`, a random event between `window[0]` and `window[1]` days earlier.

    `event_day` must be sorted. `accept(positions)` may reject candidates (for example male
    victims, rare at MARAC); rejected ones are redrawn. Returns event positions, -1 where none.
    """
    nearest, furthest = window
    start = np.searchsorted(event_day, at_day - furthest, side="left")
    stop = np.searchsorted(event_day, at_day - nearest, side="right")
    result = np.full(len(at_day), -1)
    todo = np.flatnonzero(stop > start)
    for _ in range(tries):
        if not len(todo):
            break
        span = stop[todo] - start[todo]
        positions = start[todo] + (rng.random(len(todo)) * span).astype(int)
        ok = accept(positions) if accept else np.ones(len(todo), dtype=bool)
        result[todo[ok]] = positions[ok]
        todo = todo[~ok]
    return result


def accept_by_sex(female: np.ndarray, male_accept: float, rng: np.random.Generator) -> Callable:
    """An `accept` for pick_recent over events whose person is female[position]."""
    return lambda positions: (
        rng.random(len(positions)) < np.where(female[positions], 1.0, male_accept)
    )


class Households:
    """Who harms whom, and the children in each victim's household.

    Every victim is created with the person who harms them (a partner or ex-partner, sometimes at
    the same postcode) and a number of children; the children themselves are only created when an
    agency first needs one, because most are never recorded anywhere.
    """

    def __init__(self, people: Population, rng: np.random.Generator):
        self.people = people
        self.rng = rng
        self.partner: dict[int, int] = {}
        self.children_count: dict[int, int] = {}
        self.created_at: dict[int, np.datetime64] = {}
        self.children: dict[int, np.ndarray] = {}

    def create_victims(
        self,
        at: np.ndarray,
        female: np.ndarray,
        coventry: np.ndarray | None = None,
        band_weights: dict[str, float] = cal.VICTIM_AGE_BANDS,
        min_children: int = 0,
    ) -> np.ndarray:
        rng, n = self.rng, len(at)
        coventry = np.ones(n, dtype=bool) if coventry is None else coventry
        victims = self.people.add_adults("victim", at, female, band_weights, coventry=coventry)
        harm_female = rng.random(n) < np.where(
            female, cal.HARM_FEMALE_SHARE_IF_VICTIM_FEMALE, cal.HARM_FEMALE_SHARE_IF_VICTIM_MALE
        )
        cohabiting = rng.random(n) < cal.COHABITING_SHARE
        harm_coventry = np.where(
            cohabiting, coventry, coventry & (rng.random(n) > cal.HARM_OUTSIDE_COVENTRY_SHARE)
        )
        table = self.people.table()
        same_ethnicity = rng.random(n) < cal.SAME_ETHNICITY_AS_PARTNER
        ons19 = np.where(same_ethnicity, table.loc[victims, "ons19"].to_numpy(), 0)
        harms = self.people.add_adults(
            "person_who_harms",
            at,
            harm_female,
            cal.HARM_AGE_BANDS,
            coventry=harm_coventry,
            ons19=ons19,
            same_home_as=np.where(cohabiting, victims, -1),
        )
        took_name = female & ~harm_female & (rng.random(n) < cal.SHARED_SURNAME_SHARE)
        self.people.share_surname(victims[took_name], harms[took_name])

        table = self.people.table()
        age = (
            np.asarray(at, dtype="datetime64[D]")
            - table.loc[victims, "dob"].to_numpy().astype("datetime64[D]")
        ).astype(int) / 365.25
        kids = rng.choice(len(cal.CHILDREN_PER_HOUSEHOLD), n, p=cal.CHILDREN_PER_HOUSEHOLD)
        # No more children than the adult's age allows (at most one every two years from 16).
        kids = np.where(
            (age >= 18) & (age < 56),
            np.maximum(np.minimum(kids, (age.astype(int) - 16) // 2), min_children),
            0,
        )
        for victim, harm, count, when in zip(
            victims, harms, kids, np.asarray(at, dtype="datetime64[D]"), strict=True
        ):
            self.partner[int(victim)] = int(harm)
            self.children_count[int(victim)] = int(count)
            self.created_at[int(victim)] = when
        return victims

    def partners_of(self, victims: np.ndarray) -> np.ndarray:
        return np.array([self.partner.get(int(v), -1) for v in victims], dtype=int)

    def children_counts(self, victims: np.ndarray) -> np.ndarray:
        return np.array([self.children_count.get(int(v), 0) for v in victims], dtype=int)

    def child_under_18(self, victims: np.ndarray, at: np.ndarray) -> np.ndarray:
        """A random child of each victim who is under 18 at `at` (creating the family's children
        the first time any is needed), or -1."""
        self._create_children(
            [
                v
                for v in dict.fromkeys(victims.tolist())
                if v not in self.children and self.children_count.get(v, 0)
            ]
        )
        dob = self.people.table()["dob"].to_numpy().astype("datetime64[D]")
        chosen = np.full(len(victims), -1)
        for i, (victim, when) in enumerate(
            zip(victims, np.asarray(at, dtype="datetime64[D]"), strict=True)
        ):
            kids = self.children.get(int(victim), np.array([], dtype=int))
            young = kids[(when - dob[kids]).astype(int) < 18 * 365.25] if len(kids) else kids
            if len(young):
                chosen[i] = young[self.rng.integers(0, len(young))]
        return chosen

    def _create_children(self, victims: list[int]) -> None:
        if not victims:
            return
        table = self.people.table()
        counts = np.array([self.children_count[v] for v in victims])
        parents = np.repeat(np.array(victims), counts)
        at = np.array([self.created_at[v] for v in parents], dtype="datetime64[D]")
        parent_age = (at - table.loc[parents, "dob"].to_numpy().astype("datetime64[D]")).astype(
            int
        ) // 365
        oldest = np.clip(parent_age - 17, 0, 17)
        age = (self.rng.random(len(parents)) * (oldest + 1)).astype(int)
        ons19 = self._child_ethnicity(parents)
        kids = self.people.add_children(parents, at, age, ons19)
        # Most children carry the victim's surname, some the other parent's.
        other_parent = self.partners_of(parents)
        fathers_name = (self.rng.random(len(kids)) < 0.35) & (other_parent >= 0)
        self.people.share_surname(kids[fathers_name], other_parent[fathers_name])
        self.people.share_surname(kids[~fathers_name], parents[~fathers_name])
        start = 0
        for victim, count in zip(victims, counts, strict=True):
            self.children[victim] = kids[start : start + count]
            start += count

    def _child_ethnicity(self, parents: np.ndarray) -> np.ndarray:
        """The parent's group, or a Mixed category when the parents' groups differ."""
        table = self.people.table()
        parent = table.loc[parents, "ons19"].to_numpy()
        partner = self.partners_of(parents)
        other = np.where(partner >= 0, table["ons19"].to_numpy()[np.maximum(partner, 0)], parent)
        group = table.loc[parents, "ons5"].to_numpy()
        other_group = np.array([ONS19_TO_ONS5[c] for c in other], dtype=object)
        pair = {frozenset(("White", "Asian")): 9, frozenset(("White", "Black")): 11}
        mixed = np.array(
            [pair.get(frozenset((a, b)), 12) for a, b in zip(group, other_group, strict=True)]
        )
        return np.where(group == other_group, parent, mixed)


def _police_offences(
    months: np.ndarray, plan: FaultPlan, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Offence label and crime flag per incident, with recording rule changes from the fault plan."""
    is_crime = rng.random(len(months)) < cal.POLICE_CRIME_SHARE
    offence = np.empty(len(months), dtype=object)
    offence[~is_crime] = choose(cal.NON_CRIME_OFFENCES, int((~is_crime).sum()), rng)
    for month in np.unique(months):
        rows = np.flatnonzero((months == month) & is_crime)
        weights = dict(cal.CRIME_OFFENCES)
        for label, factor in plan.offence_multipliers("police", str(month)).items():
            weights[label] = weights[label] * factor
        offence[rows] = choose(weights, len(rows), rng)
    return offence, is_crime


def police_incidents(
    households: Households,
    reference: Reference,
    plan: FaultPlan,
    scale: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    counts = monthly_counts("police", scale, rng)
    times = random_times(counts, rng)
    # Repeat victimisation: new victims or repeats drawn in proportion to recent incidents.
    victim_index = np.empty(len(times), dtype=int)
    weights = np.zeros(0)
    first_seen: list[np.ndarray] = []
    position = 0
    for m, n in enumerate(counts):
        new_share = cal.POLICE_NEW_VICTIM_SHARE + (1 - cal.POLICE_NEW_VICTIM_SHARE) * np.exp(-m / 4)
        new = (rng.random(n) < new_share) | (weights.sum() == 0)
        known = len(weights)
        index = np.empty(n, dtype=int)
        index[new] = known + np.arange(new.sum())
        if (~new).any():
            index[~new] = rng.choice(known, int((~new).sum()), p=weights / weights.sum())
        victim_index[position : position + n] = index
        first_seen.append(times[position : position + n][new])
        weights = np.concatenate([weights * cal.POLICE_REPEAT_DECAY, np.zeros(int(new.sum()))])
        np.add.at(weights, index, 1.0)
        position += n
    first = np.concatenate(first_seen)
    victims = households.create_victims(first, rng.random(len(first)) < cal.VICTIM_FEMALE_SHARE)
    victim = victims[victim_index]

    month = times.astype("datetime64[M]").astype(str)
    offence, is_crime = _police_offences(month, plan, rng)
    injury = np.where(
        is_crime,
        choose(cal.INJURY_CRIME, len(times), rng),
        choose(cal.INJURY_NON_CRIME, len(times), rng),
    )
    progress = np.arange(len(times)) / max(len(times) - 1, 1)
    linked_share = (
        cal.SUSPECT_LINKED_SHARE[0]
        + (cal.SUSPECT_LINKED_SHARE[1] - cal.SUSPECT_LINKED_SHARE[0]) * progress
    )
    table = households.people.table()
    at_home = (rng.random(len(times)) < cal.INCIDENT_AT_HOME_SHARE) & table.loc[
        victim, "in_coventry"
    ].to_numpy()
    # Elsewhere in the city: a random postcode, weighted like incidents towards deprived wards.
    ward_weight = reference.ward_deprivation_factor.reindex(
        reference.postcodes["ward_code"]
    ).to_numpy()
    elsewhere = rng.choice(len(reference.postcodes), len(times), p=ward_weight / ward_weight.sum())
    location = reference.postcodes.iloc[elsewhere][["postcode", "ward_code", "lsoa"]].to_numpy()
    home = table.loc[victim, ["postcode", "ward_code", "lsoa"]].to_numpy()
    location[at_home] = home[at_home]
    return pd.DataFrame(
        {
            "incident_id": np.arange(len(times)),
            "recorded_at": times,
            "victim_id": victim,
            "perp_id": households.partners_of(victim),
            "suspect_linked": rng.random(len(times)) < linked_share,
            "offence": offence,
            "is_crime": is_crime,
            "counts_as_incident": ~np.isin(offence, cal.NOT_COUNTED_OFFENCES),
            "injury": injury,
            "location_postcode": location[:, 0],
            "location_ward": location[:, 1],
            "location_lsoa": location[:, 2],
        }
    )


class NewVictims:
    """Victims an agency meets who are not yet in the sample, created in one batch.

    Ids are handed out before the people exist (they are the next rows of the population table),
    so loops can refer to them; `create` must then be called once, before anything else adds people.
    """

    def __init__(self, households: Households):
        self.households = households
        self.at: list[np.datetime64] = []
        self.female: list[bool] = []

    def request(self, at: np.ndarray, female: np.ndarray) -> np.ndarray:
        first = self.households.people.size + len(self.at)
        self.at.extend(np.asarray(at, dtype="datetime64[D]"))
        self.female.extend(np.asarray(female, dtype=bool))
        return np.arange(first, first + len(at))

    def create(self, **options) -> np.ndarray:
        if not self.at:
            return np.array([], dtype=int)
        expected = self.households.people.size
        victims = self.households.create_victims(
            np.array(self.at), np.array(self.female), **options
        )
        assert victims[0] == expected, "people were added between request() and create()"
        return victims


def meeting_days() -> np.ndarray:
    """MARAC meets fortnightly on Tuesdays."""
    first = np.datetime64("2020-04-07")
    count = (END_DAY - first).astype(int) // 14 + 1
    return first + np.arange(count) * 14 * DAY


def marac_cases(
    households: Households, police: pd.DataFrame, scale: float, rng: np.random.Generator
) -> pd.DataFrame:
    people = households.people.table()
    counts = monthly_counts("marac", scale, rng)
    meetings = meeting_days()
    incident_day = days(police["recorded_at"])
    incident_victim = police["victim_id"].to_numpy()
    female = people["female"].to_numpy()[incident_victim]
    high_harm = police["offence"].isin(cal.HIGH_HARM_OFFENCES).to_numpy()

    def police_accept(positions: np.ndarray) -> np.ndarray:
        weight = np.where(female[positions], 1.0, cal.MARAC_MALE_ACCEPT) * np.where(
            high_harm[positions], 1.0, 0.2
        )
        return rng.random(len(positions)) < weight

    def partner_accept(positions: np.ndarray) -> np.ndarray:
        return rng.random(len(positions)) < np.where(female[positions], 1.0, cal.MARAC_MALE_ACCEPT)

    new_victims = NewVictims(households)
    history_victim: list[int] = []
    history_day: list[int] = []
    frames = []
    for m, (month, n) in enumerate(zip(sample_months(), counts, strict=True)):
        month_meetings = meetings[meetings.astype("datetime64[M]") == np.datetime64(month, "M")]
        meeting = month_meetings[rng.integers(0, len(month_meetings), n)]
        referral = meeting - rng.integers(7, 29, n) * DAY
        progress = m / (len(counts) - 1)
        referrer_weights = {
            k: cal.MARAC_REFERRERS_START[k]
            + (cal.MARAC_REFERRERS_END[k] - cal.MARAC_REFERRERS_START[k]) * progress
            for k in cal.MARAC_REFERRERS_START
        }
        referrer = choose(referrer_weights, n, rng)
        victim = np.full(n, -1)
        pre_period_repeat = np.zeros(n, dtype=bool)

        # Repeats: someone discussed in the last 12 months, if there is anyone yet.
        wants_repeat = np.flatnonzero(rng.random(n) < cal.MARAC_REPEAT_SHARE)
        month_day = days(np.datetime64(month, "D"))
        recent = (
            np.array(history_victim)[np.array(history_day, dtype=np.int64) >= month_day - 365]
            if history_victim
            else np.array([], dtype=int)
        )
        pool = np.unique(recent)
        taken = min(len(wants_repeat), len(pool))
        victim[wants_repeat[:taken]] = rng.choice(pool, taken, replace=False)
        # With no in-sample history (the first months), a repeat is of a pre-2020 case.
        pre_period_repeat[wants_repeat[taken:]] = True

        open_rows = np.flatnonzero(victim < 0)
        from_police = open_rows[referrer[open_rows] == "Police"]
        picked = pick_recent(incident_day, days(referral[from_police]), (2, 42), rng, police_accept)
        victim[from_police[picked >= 0]] = incident_victim[picked[picked >= 0]]

        partner_rows = np.flatnonzero(victim < 0)
        known = partner_rows[rng.random(len(partner_rows)) < cal.MARAC_POLICE_KNOWN_SHARE]
        picked = pick_recent(incident_day, days(referral[known]), (7, 365), rng, partner_accept)
        victim[known[picked >= 0]] = incident_victim[picked[picked >= 0]]

        unknown = np.flatnonzero(victim < 0)
        victim[unknown] = new_victims.request(referral[unknown], rng.random(len(unknown)) > 0.01)

        history_victim.extend(victim.tolist())
        history_day.extend(days(meeting).tolist())
        frames.append(
            pd.DataFrame(
                {
                    "referral_date": referral,
                    "meeting_date": meeting,
                    "referring_agency": referrer,
                    "victim_id": victim,
                    "pre_period_repeat": pre_period_repeat,
                }
            )
        )
    new_victims.create()

    cases = pd.concat(frames, ignore_index=True).sort_values(
        ["meeting_date", "referral_date"], kind="stable"
    )
    previous = cases.groupby("victim_id")["meeting_date"].shift(1)
    within_year = (cases["meeting_date"] - previous).dt.days <= 365
    cases["is_repeat"] = within_year.fillna(False).astype(bool) | cases["pre_period_repeat"]
    n = len(cases)
    dash = np.where(
        rng.random(n) < 0.85,
        rng.integers(14, 25, n),
        np.where(rng.random(n) < 0.8, rng.integers(10, 14, n), rng.integers(5, 10, n)),
    )
    cases["dash"] = dash
    cases["perp_id"] = households.partners_of(cases["victim_id"].to_numpy())
    cases["perp_named"] = rng.random(n) < cal.MARAC_PERPETRATOR_NAMED_SHARE
    cases["children"] = households.children_counts(cases["victim_id"].to_numpy())
    cases["case_id"] = np.arange(n)
    return cases.drop(columns="pre_period_repeat").reset_index(drop=True)


def _risk_and_dash(risk: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A DASH score consistent with the risk level (14+ ticks is high risk)."""
    n = len(risk)
    return np.select(
        [risk == "High", risk == "Medium"],
        [
            np.where(rng.random(n) < 0.85, rng.integers(14, 25, n), rng.integers(10, 14, n)),
            rng.integers(8, 14, n),
        ],
        default=rng.integers(0, 8, n),
    )


def _dedupe_by_person(
    frame: pd.DataFrame, person: str, date_column: str, gap_days: int
) -> pd.DataFrame:
    """Drop a person's later referral when it comes within `gap_days` of their previous one."""
    frame = frame.sort_values([date_column], kind="stable")
    previous = frame.groupby(person)[date_column].shift(1)
    keep = previous.isna() | ((frame[date_column] - previous).dt.days > gap_days)
    return frame[keep.to_numpy()]


def idva_cases(
    households: Households,
    police: pd.DataFrame,
    marac: pd.DataFrame,
    scale: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """IDVA intakes: most from MARAC, some straight from police (PPU), the rest self or partner referred."""
    female = households.people.table()["female"].to_numpy()
    counts = monthly_counts("idva", scale, rng)
    total = int(counts.sum())
    shares = cal.IDVA_SOURCE_SHARES

    from_marac = marac.iloc[np.sort(rng.permutation(len(marac))[: int(total * shares["MARAC"])])]
    marac_rows = pd.DataFrame(
        {
            "referral_date": from_marac["referral_date"].to_numpy()
            + rng.integers(0, 8, len(from_marac)) * DAY,
            "victim_id": from_marac["victim_id"].to_numpy(),
            "referral_source": "MARAC",
            "risk_level": "High",
        }
    )
    crimes = police[police["is_crime"].to_numpy() & female[police["victim_id"].to_numpy()]]
    crimes = crimes.iloc[np.sort(rng.permutation(len(crimes))[: int(total * shares["Police"])])]
    police_rows = pd.DataFrame(
        {
            "referral_date": crimes["recorded_at"].to_numpy().astype("datetime64[D]")
            + rng.integers(1, 22, len(crimes)) * DAY,
            "victim_id": crimes["victim_id"].to_numpy(),
            "referral_source": "Police",
            "risk_level": choose({"High": 0.35, "Medium": 0.45, "Standard": 0.2}, len(crimes), rng),
        }
    )
    other_day = random_days(rng.binomial(counts, shares["other"]), rng)
    victim = _known_or_new(households, police, other_day, 0.5, (7, 365), cal.IDVA_MALE_ACCEPT, rng)
    other_rows = pd.DataFrame(
        {
            "referral_date": other_day,
            "victim_id": victim,
            "referral_source": choose(cal.IDVA_OTHER_SOURCES, len(other_day), rng),
            "risk_level": choose(
                {"High": 0.2, "Medium": 0.5, "Standard": 0.3}, len(other_day), rng
            ),
        }
    )
    cases = pd.concat([marac_rows, police_rows, other_rows], ignore_index=True)
    cases = cases[cases["referral_date"] <= END_DAY]
    cases = _dedupe_by_person(cases, "victim_id", "referral_date", 120).reset_index(drop=True)
    n = len(cases)
    cases["dash"] = _risk_and_dash(cases["risk_level"].to_numpy(), rng)
    cases["children"] = households.children_counts(cases["victim_id"].to_numpy())
    length = np.maximum(rng.gamma(2.0, cal.IDVA_MEAN_CASE_DAYS / 2, n).astype(int), 7)
    closed = cases["referral_date"].to_numpy() + length * DAY
    cases["closed_date"] = np.where(closed <= END_DAY, closed, np.datetime64("NaT"))
    cases["outcome_stopped"] = choose({"Y": 0.72, "N": 0.2, "": 0.08}, n, rng)
    cases["outcome_safer"] = choose({"Y": 0.8, "N": 0.12, "": 0.08}, n, rng)
    cases["case_id"] = np.arange(n)
    return cases


def _known_or_new(
    households: Households,
    police: pd.DataFrame,
    at: np.ndarray,
    known_share: float,
    window: tuple[int, int],
    male_accept: float,
    rng: np.random.Generator,
    female_share_new: float = 0.97,
    coventry_share_new: float = 1.0,
) -> np.ndarray:
    """For each date, a victim known to the police (a recent incident) or a new victim."""
    female = households.people.table()["female"].to_numpy()
    incident_victim = police["victim_id"].to_numpy()
    victim = np.full(len(at), -1)
    known = np.flatnonzero(rng.random(len(at)) < known_share)
    picked = pick_recent(
        days(police["recorded_at"]),
        days(at[known]),
        window,
        rng,
        accept_by_sex(female[incident_victim], male_accept, rng),
    )
    victim[known[picked >= 0]] = incident_victim[picked[picked >= 0]]
    unknown = np.flatnonzero(victim < 0)
    new = NewVictims(households)
    victim[unknown] = new.request(at[unknown], rng.random(len(unknown)) < female_share_new)
    new.create(coventry=rng.random(len(unknown)) < coventry_share_new)
    return victim


def housing_cases(
    households: Households,
    police: pd.DataFrame,
    idva: pd.DataFrame,
    scale: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Homelessness approaches: police-known victims, IDVA clients, and people new to services."""
    approach = random_days(monthly_counts("housing", scale, rng), rng)
    n = len(approach)
    female = households.people.table()["female"].to_numpy()
    source = choose(cal.HOUSING_SOURCE_SHARES, n, rng)
    victim = np.full(n, -1)
    via_idva = np.flatnonzero(source == "idva")
    idva_sorted = idva.sort_values("referral_date", kind="stable")
    picked = pick_recent(
        days(idva_sorted["referral_date"]), days(approach[via_idva]), (1, 120), rng
    )
    victim[via_idva[picked >= 0]] = idva_sorted["victim_id"].to_numpy()[picked[picked >= 0]]
    via_police = np.flatnonzero((source == "police") | (victim < 0) & (source == "idva"))
    picked = pick_recent(
        days(police["recorded_at"]),
        days(approach[via_police]),
        (1, 120),
        rng,
        accept_by_sex(female[police["victim_id"].to_numpy()], 0.3, rng),
    )
    victim[via_police[picked >= 0]] = police["victim_id"].to_numpy()[picked[picked >= 0]]
    unknown = np.flatnonzero(victim < 0)
    new = NewVictims(households)
    victim[unknown] = new.request(approach[unknown], rng.random(len(unknown)) < 0.9)
    new.create(coventry=rng.random(len(unknown)) > cal.HOUSING_NEW_OUTSIDE_SHARE)
    cases = pd.DataFrame({"approach_date": approach, "victim_id": victim})
    cases["reason"] = choose(cal.HOUSING_REASONS, n, rng)
    cases["duty"] = choose(cal.HOUSING_DUTY, n, rng)
    cases["temporary_accommodation"] = choose(cal.HOUSING_TA, n, rng)
    cases["children"] = households.children_counts(victim)
    cases["case_id"] = np.arange(n)
    return cases


def refuge_referrals(
    households: Households, police: pd.DataFrame, scale: float, rng: np.random.Generator
) -> pd.DataFrame:
    """Valley House: women only; most come from outside Coventry, the rest are local victims."""
    referral = random_days(monthly_counts("refuge", scale, rng), rng)
    n = len(referral)
    outside = rng.random(n) < cal.REFUGE_OUTSIDE_SHARE
    victim = np.full(n, -1)
    local = np.flatnonzero(~outside)
    female = households.people.table()["female"].to_numpy()
    picked = pick_recent(
        days(police["recorded_at"]),
        days(referral[local]),
        (1, 90),
        rng,
        accept_by_sex(female[police["victim_id"].to_numpy()], 0.0, rng),
    )
    victim[local[picked >= 0]] = police["victim_id"].to_numpy()[picked[picked >= 0]]
    unknown = np.flatnonzero(victim < 0)
    new = NewVictims(households)
    victim[unknown] = new.request(referral[unknown], np.ones(len(unknown), dtype=bool))
    created = new.create(coventry=~outside[unknown])
    # Some women arriving from elsewhere have no settled address at all.
    arrivals = created[outside[unknown]]
    no_address = arrivals[rng.random(len(arrivals)) < cal.REFUGE_NO_POSTCODE_SHARE]
    table = households.people.table()
    table.loc[no_address, ["postcode", "district"]] = ""

    outcome = choose(cal.REFUGE_OUTCOMES, n, rng)
    accepted = outcome == "Accepted"
    move_in = referral + rng.integers(0, 11, n) * DAY
    stay = np.clip(
        rng.lognormal(np.log(cal.REFUGE_MEDIAN_STAY_DAYS), 0.6, n).astype(int),
        3,
        cal.REFUGE_MAX_STAY_DAYS,
    )
    move_out = move_in + stay * DAY
    nat = np.datetime64("NaT")
    move_in = np.where(accepted & (move_in <= END_DAY), move_in, nat)
    move_out = np.where(~np.isnat(move_in) & (move_out <= END_DAY), move_out, nat)
    source = np.where(
        outside,
        choose(cal.REFUGE_SOURCES_OUTSIDE, n, rng),
        choose(cal.REFUGE_SOURCES_LOCAL, n, rng),
    )
    return pd.DataFrame(
        {
            "case_id": np.arange(n),
            "referral_date": referral,
            "victim_id": victim,
            "referral_source": source,
            "risk_level": choose(cal.REFUGE_RISK, n, rng),
            "outcome": outcome,
            "move_in": move_in,
            "move_out": move_out,
            "move_on": np.where(np.isnat(move_out), "", choose(cal.REFUGE_MOVE_ON, n, rng)),
            "children": np.minimum(households.children_counts(victim), 2),
        }
    )


def health_referrals(
    households: Households, police: pd.DataFrame, scale: float, rng: np.random.Generator
) -> pd.DataFrame:
    """IRIS: GP referrals, mostly of victims with no police contact; a few people who harm."""
    referral = random_days(monthly_counts("health", scale, rng), rng)
    n = len(referral)
    is_victim = rng.random(n) < cal.HEALTH_VICTIM_SHARE
    patient = np.full(n, -1)
    victims = np.flatnonzero(is_victim)
    patient[victims] = _known_or_new(
        households,
        police,
        referral[victims],
        cal.HEALTH_POLICE_KNOWN_SHARE,
        (1, 365),
        0.2,
        rng,
        female_share_new=0.94,
        coventry_share_new=1 - cal.HEALTH_OUTSIDE_SHARE,
    )
    harmers = np.flatnonzero(~is_victim)
    picked = pick_recent(days(police["recorded_at"]), days(referral[harmers]), (1, 365), rng)
    found = picked >= 0
    patient[harmers[found]] = police["perp_id"].to_numpy()[picked[found]]
    missing = harmers[
        ~found
    ]  # no incident yet (the first weeks): the harm is disclosed to the GP first
    new = NewVictims(households)
    new.request(referral[missing], np.ones(len(missing), dtype=bool))
    patient[missing] = households.partners_of(new.create())
    return pd.DataFrame(
        {
            "case_id": np.arange(n),
            "referral_date": referral,
            "patient_id": patient,
            "role": np.where(is_victim, "Victim", "Perpetrator"),
        }
    )


def childrens_episodes(
    households: Households, police: pd.DataFrame, scale: float, rng: np.random.Generator
) -> pd.DataFrame:
    """Episodes for children in the households of victims, most after a police incident."""
    start = random_days(monthly_counts("childrens", scale, rng), rng)
    n = len(start)
    victim = np.full(n, -1)
    has_children = np.array(
        [households.children_count.get(int(v), 0) > 0 for v in police["victim_id"]]
    )
    known = np.flatnonzero(rng.random(n) < cal.CHILDRENS_POLICE_KNOWN_SHARE)
    picked = pick_recent(
        days(police["recorded_at"]), days(start[known]), (3, 60), rng, lambda pos: has_children[pos]
    )
    victim[known[picked >= 0]] = police["victim_id"].to_numpy()[picked[picked >= 0]]
    child = np.full(n, -1)
    found = np.flatnonzero(victim >= 0)
    child[found] = households.child_under_18(victim[found], start[found])
    families = np.flatnonzero(
        child < 0
    )  # new to services, or the known family's children are grown up
    new = NewVictims(households)
    victim[families] = new.request(start[families], rng.random(len(families)) < 0.9)
    new.create(
        band_weights={"18_24": 0.25, "25_34": 0.45, "35_44": 0.25, "45_54": 0.05}, min_children=1
    )
    child[families] = households.child_under_18(victim[families], start[families])
    keep = child >= 0
    n = int(keep.sum())
    assessed = rng.random(n) < cal.CHILDRENS_ASSESSED_SHARE
    return pd.DataFrame(
        {
            "case_id": np.arange(n),
            "episode_start": start[keep],
            "child_id": child[keep],
            "parent_id": victim[keep],
            "parent_named": rng.random(n) < cal.CHILDRENS_PARENT_NAMED_SHARE,
            "referring_agency": choose(cal.CHILDRENS_REFERRERS, n, rng),
            "assessed": assessed,
            "factors": [_cin_factors(rng) if a else "" for a in assessed],
        }
    )


def _cin_factors(rng: np.random.Generator) -> str:
    """Child-in-need factor codes: always a domestic abuse factor (3A child, 3B parent, 3C other)."""
    factors = [
        code for code, p in (("3A", 0.4), ("3B", 0.85), ("3C", 0.15)) if rng.random() < p
    ] or ["3B"]
    factors += [code for code, p in cal.OTHER_CIN_FACTORS.items() if rng.random() < p]
    return ",".join(factors)


def perpetrator_referrals(
    households: Households,
    police: pd.DataFrame,
    childrens: pd.DataFrame,
    marac: pd.DataFrame,
    scale: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Choose2Change: adults who harm, mostly referred by children's social care; Coventry only."""
    referral = random_days(monthly_counts("perpetrator", scale, rng), rng)
    n = len(referral)
    people = households.people.table()
    eligible = people["in_coventry"].to_numpy() & (
        rng.random(len(people)) < np.where(people["female"], cal.PERPETRATOR_FEMALE_ACCEPT, 1.0)
    )
    person = np.full(n, -1)
    via_children = np.flatnonzero(rng.random(n) < 0.7)
    episodes = childrens.sort_values("episode_start", kind="stable")
    episode_harm = households.partners_of(episodes["parent_id"].to_numpy())
    picked = pick_recent(
        days(episodes["episode_start"]),
        days(referral[via_children]),
        (14, 150),
        rng,
        lambda pos: eligible[episode_harm[pos]],
    )
    person[via_children[picked >= 0]] = episode_harm[picked[picked >= 0]]
    rest = np.flatnonzero(person < 0)
    incident_harm = police["perp_id"].to_numpy()
    picked = pick_recent(
        days(police["recorded_at"]),
        days(referral[rest]),
        (7, 180),
        rng,
        lambda pos: eligible[incident_harm[pos]],
    )
    person[rest[picked >= 0]] = incident_harm[picked[picked >= 0]]
    missing = np.flatnonzero(person < 0)
    new = NewVictims(households)
    new.request(referral[missing], np.ones(len(missing), dtype=bool))
    person[missing] = households.partners_of(new.create())
    frame = pd.DataFrame({"referral_date": referral, "person_id": person})
    frame = _dedupe_by_person(frame, "person_id", "referral_date", 365).reset_index(drop=True)
    n = len(frame)
    referral = frame["referral_date"].to_numpy()

    assessed = rng.random(n) < cal.PERPETRATOR_FULL_ASSESSMENT_SHARE
    assessment = referral + rng.integers(14, 61, n) * DAY
    exit_reason = np.where(
        assessed,
        choose(cal.PERPETRATOR_EXIT_ASSESSED, n, rng),
        choose(cal.PERPETRATOR_EXIT_NOT_ASSESSED, n, rng),
    )
    completed = exit_reason == "Completed programme"
    exit_day = np.where(
        assessed,
        assessment + np.where(completed, rng.integers(150, 200, n), rng.integers(14, 120, n)) * DAY,
        referral + rng.integers(20, 91, n) * DAY,
    )
    nat = np.datetime64("NaT")
    assessment = np.where(assessed & (assessment <= END_DAY), assessment, nat)
    open_case = exit_day > END_DAY
    modules = np.where(completed, 10, rng.integers(0, 10, n))
    modules = np.where(
        assessed, np.where(open_case & completed, rng.integers(1, 10, n), modules), 0
    )
    harmers_at_marac = set(households.partners_of(marac["victim_id"].to_numpy()).tolist())
    known_to_marac = np.array([p in harmers_at_marac for p in frame["person_id"]]) & (
        rng.random(n) < 0.08
    )
    return frame.assign(
        case_id=np.arange(n),
        source=choose(cal.PERPETRATOR_SOURCES, n, rng),
        full_assessment=assessed,
        assessment_date=assessment,
        modules=modules,
        exit_date=np.where(open_case, nat, exit_day),
        exit_reason=np.where(open_case, "", exit_reason),
        cyp_start=choose(cal.PERPETRATOR_CYP_STATUS, n, rng),
        cyp_closure=np.where(
            (rng.random(n) < cal.PERPETRATOR_CYP_CLOSURE_BLANK_SHARE) | open_case,
            "",
            choose(cal.PERPETRATOR_CYP_STATUS, n, rng),
        ),
        length_of_abuse=choose(cal.PERPETRATOR_LENGTH_OF_ABUSE, n, rng),
        known_to_marac=np.where(known_to_marac, "Yes", ""),
    )


def build_world(
    reference: Reference,
    people: Population,
    plan: FaultPlan,
    scale: float,
    streams: Callable[[str], np.random.Generator],
) -> World:
    """Every agency's true events, upstream agencies first."""
    households = Households(people, streams("households"))
    police = police_incidents(households, reference, plan, scale, streams("police"))
    marac = marac_cases(households, police, scale, streams("marac"))
    idva = idva_cases(households, police, marac, scale, streams("idva"))
    housing = housing_cases(households, police, idva, scale, streams("housing"))
    refuge = refuge_referrals(households, police, scale, streams("refuge"))
    health = health_referrals(households, police, scale, streams("health"))
    childrens = childrens_episodes(households, police, scale, streams("childrens"))
    perpetrator = perpetrator_referrals(
        households, police, childrens, marac, scale, streams("perpetrator")
    )
    return World(
        people, households, police, marac, idva, housing, refuge, health, childrens, perpetrator
    )
