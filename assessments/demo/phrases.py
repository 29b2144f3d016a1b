"""The parts the demo's actions and comments are composed from, so that a national report
reads like many providers writing about their own placements rather than a few sentences
repeated.

An action is what the provider will do about the standard in question, where or with whom,
and how it will know it worked: "Give every learner a named person for raising a safety
concern starting with the wards learners rated lowest, and check it at the next placement
audit." Each standard of the default framework (by its domain and standard number) has its
own things to do, and each domain its own ways of checking (a governance action is checked
by the board, not at a placement audit); another framework's standards use the general
ones.
"""

from __future__ import annotations

# What the provider will do, by "domain.standard" of the framework.
TO_DO: dict[str, tuple[str, ...]] = {
    "1.1": (
        "Give every learner a named person for raising a safety concern",
        "Add learners to the incident-reporting training every new starter gets",
        "Check that learners are never left as the only person looking after a patient",
    ),
    "1.2": (
        "Set out what learners may expect from their placement team and share it at induction",
        "Remove learners from the staffing numbers on the wards where they are still counted",
        "Ask learners about unfair treatment in the end-of-placement survey",
    ),
    "1.3": (
        "Open the library and study rooms to learners on late and night shifts",
        "Give learners their own IT log-ins on their first day",
        "Set aside a quiet room where learners can study",
    ),
    "1.4": (
        "Run a monthly teaching session that learners of every profession attend together",
        "Pair nursing and allied health learners for one shared patient case each placement",
        "Invite pharmacy and paramedic learners to the ward's multi-professional huddles",
    ),
    "1.5": (
        "Start a learner forum that meets every term with the education leads",
        "Answer learners' feedback with a 'you said, we did' note",
        "Give learner representatives a seat on the education committee",
    ),
    "1.6": (
        "Tell every learner at induction how to reach occupational health and staff support",
        "Extend the staff wellbeing offer to learners on placement",
        "Give supervisors a short guide to spotting a learner who is struggling",
    ),
    "2.1": (
        "Report placement quality to the board twice a year against the standards",
        "Name an executive lead for education and publish who it is",
        "Add education quality to the divisional performance reviews",
    ),
    "2.2": (
        "Review learner survey results at every education committee meeting",
        "Bring placement audit findings and learner feedback into one quality dashboard",
        "Set a date for acting on each concern learners raise and record when it was done",
    ),
    "2.3": (
        "Look at placement experience by learners' background and act on any gap",
        "Give supervisors training on inclusive teaching and on challenging discrimination",
        "Offer reasonable adjustments to learners before their placement starts",
    ),
    "2.4": (
        "Meet the partner universities each term to review placement capacity and quality",
        "Agree with the universities how concerns about a placement are shared both ways",
        "Share placement audit results with every university that sends learners",
    ),
    "2.5": (
        "Show in the education budget report how each education funding line is spent",
        "Have the finance team check that education funding reaches the teams that teach",
        "Publish the education funding statement to the education committee each year",
    ),
    "2.6": (
        "Ask the patient panel to review how learners are introduced to patients",
        "Include a patient representative in the education committee",
        "Collect patients' comments on being cared for by learners",
    ),
    "3.1": (
        "Give every learner an induction to the organisation and to their ward on day one",
        "Write a short induction for learners on placements of under four weeks",
        "Check at each placement audit that induction covers what to do in an emergency",
    ),
    "3.2": (
        "Make sure every learner meets their practice supervisor in the first week",
        "Train more practice assessors so no assessor has more than two learners",
        "Check that assessment documents are signed off before each placement ends",
    ),
    "3.3": (
        "Give every learner a named contact for pastoral support",
        "Agree with the universities how learners in difficulty are referred and followed up",
        "Offer learners a mid-placement meeting to talk about how it is going",
    ),
    "3.4": (
        "Map each placement area's learning opportunities to the curriculum outcomes",
        "Arrange spoke placements where a ward cannot offer all the learning needed",
        "Review placement allocations with the universities before each intake",
    ),
    "3.5": (
        "Record learners' progress reviews on the placement record every time",
        "Tell learners in writing how their progress is reviewed and by whom",
        "Recognise learners' achievements at the education awards each year",
    ),
    "4.1": (
        "Update the practice supervisor and assessor training and track who has done it",
        "Give new educators a refresher before they take their first learner",
        "Run the educator training locally instead of only at the main hospital",
    ),
    "4.2": (
        "Add an education objective to the appraisal of every educator",
        "Ask appraisers to discuss teaching feedback with every educator",
        "Check appraisal records for education objectives each quarter",
    ),
    "4.3": (
        "Write protected teaching time into educators' job plans",
        "Agree with ward managers how educators' time for learners is kept",
        "Give the education team rooms and equipment of its own for teaching",
    ),
    "4.4": (
        "Start peer support sessions for practice educators every month",
        "Give educators a named contact in the education team for difficult situations",
        "Thank and recognise educators whose learners praise them",
    ),
    "4.5": (
        "Fund each educator to attend one development course a year",
        "Offer educators the postgraduate certificate in practice education",
        "Share teaching good practice between teams at a yearly educators' event",
    ),
    "5.1": (
        "Check with the universities that each placement covers the outcomes it should",
        "Give supervisors a one-page summary of the outcomes learners must meet",
        "Review learners' completed outcomes at the end of every placement",
    ),
    "5.2": (
        "Publish the placement allocations at least six weeks before each placement starts",
        "Agree one calendar of placements with every university that sends learners",
        "Check that no area takes more learners than its audited capacity",
    ),
    "5.3": (
        "Audit every placement area on time and follow up each finding",
        "Add the community and outpatient areas to the placement audit programme",
        "Widen the range of experience by rotating learners through specialist services",
    ),
    "5.4": (
        "Run simulation sessions for learners on recognising the deteriorating patient",
        "Give learners access to the clinical skills lab outside teaching hours",
        "Add the electronic patient record to learners' training before they use it",
    ),
    "5.5": (
        "Build recent research into the teaching sessions learners attend",
        "Give learners access to the evidence search service and show them how to use it",
        "Invite learners to the journal clubs run by clinical teams",
    ),
    "6.1": (
        "Meet every learner who thinks of leaving to agree what would help them stay",
        "Review why learners left this year and act on the most common reasons",
        "Offer learners who fall behind extra supervised practice",
    ),
    "6.2": (
        "Run a careers session for final-year learners about jobs with us",
        "Offer every final-year learner an interview for a first post",
        "Give newly qualified staff a preceptorship place for their first year",
    ),
    "6.3": (
        "Link the placement plan to the workforce plan for each profession",
        "Share workforce gaps with the universities so that places can follow them",
        "Plan learner numbers for the next three years with each service",
    ),
    "6.4": (
        "Offer apprenticeship routes into nursing and the allied health professions",
        "Work with local schools and colleges to show young people careers in health",
        "Give healthcare support workers a route into registered training",
    ),
    "6.5": (
        "Give every newly qualified member of staff a named mentor for their first year",
        "Ask staff who leave in their first two years why, and act on it",
        "Offer flexible rotas to staff in their first year",
    ),
    "6.6": (
        "Teach learners how to work in multi-professional and virtual teams",
        "Give learners experience of new roles such as advanced practice",
        "Add digital health and remote care to what learners see on placement",
    ),
}
# Things to do under a standard the table above does not know.
GENERAL_TO_DO = (
    "Roll the agreed approach out",
    "Agree a recovery plan with the education lead",
    "Review the policy with learner representatives and publish the revised version",
    "Add this to the practice education facilitators' monthly checks",
    "Train placement supervisors in what this standard asks",
    "Name a lead for this standard in each division",
)
# Where, for whom or in what order; then how the provider will know it worked. Each domain
# of the framework has its own: a governance action is checked by the board, not at a
# placement audit.
PLACEMENT_WHERE = (
    "across all our sites",
    "starting with the wards learners rated lowest",
    "in the community teams first",
    "for learners on nights and weekends too",
    "with the practice education facilitators",
    "before the next intake of learners",
    "in every placement area",
    "together with our partner universities",
)
PLACEMENT_CHECK = (
    "and check it at the next placement audit",
    "and report progress to the education committee each quarter",
    "then repeat the learner survey to see whether it made a difference",
    "and include the results in the annual education governance report",
    "and ask learner representatives to review it after six months",
    "and track it on the education risk register until it is done",
    "then audit a sample of placements to confirm it",
    "and tell learners what changed through the learner newsletter",
)
GOVERNANCE_WHERE = (
    "from the next quarter",
    "with the executive lead for education",
    "working with the finance and workforce teams",
    "before the next board report",
    "in every division",
    "together with our partner universities",
)
GOVERNANCE_CHECK = (
    "and report it to the board each year",
    "and ask internal audit to test it",
    "and review it at the education committee each quarter",
    "and publish the results in the annual education governance report",
    "and check it at the next internal quality review",
)
EDUCATOR_WHERE = (
    "across all our sites",
    "for every educator, not only the practice education facilitators",
    "starting with the teams that take the most learners",
    "before the next intake of learners",
    "with ward and department managers",
    "in every division",
)
EDUCATOR_CHECK = (
    "and check it in this year's appraisals",
    "then ask educators in the next staff survey whether it helped",
    "and report progress to the education committee each quarter",
    "and track the numbers on the education dashboard",
    "and check it at the next placement audit",
)
WORKFORCE_WHERE = (
    "with the workforce team",
    "together with our partner universities",
    "starting with the professions we find hardest to recruit",
    "in every division",
    "before the next recruitment round",
    "for every profession we train",
)
WORKFORCE_CHECK = (
    "and measure how many learners stay with us",
    "and report the figures to the board each year",
    "and review it with the universities each term",
    "and track it on the workforce dashboard",
    "then ask newly qualified staff whether it helped",
)
# By domain number of the default framework; any other domain takes the placement parts.
DOMAIN_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "2": (GOVERNANCE_WHERE, GOVERNANCE_CHECK),
    "4": (EDUCATOR_WHERE, EDUCATOR_CHECK),
    "6": (WORKFORCE_WHERE, WORKFORCE_CHECK),
}

# Comments on an answer: each value has its own parts, joined into one sentence.
MET_SOURCE = (
    "This year's placement audits",
    "The latest learner survey",
    "Our internal quality review",
    "The education governance report to the board",
    "A walk-round by the education committee",
    "Feedback gathered by the practice education facilitators",
    "The annual review with our partner universities",
)
MET_FINDING = (
    "found this in place",
    "raised no concerns about this",
    "confirmed that this works as intended",
)
MET_SCOPE = (
    "at every site",
    "in all placement areas",
    "for every profession we host",
    "including on nights and at weekends",
    "",
)
PARTLY_GOOD = (
    "This works well on the acute wards",
    "Most placement areas do this",
    "The policy is agreed and in place",
    "Nursing learners report that this happens",
    "It is better than last year",
    "The main hospital site meets this",
)
PARTLY_GAP = (
    "the smaller sites are not there yet",
    "learners' feedback shows it is not always followed",
    "allied health learners report a mixed picture",
    "night and weekend shifts are not covered",
    "the community teams have not adopted it yet",
    "it slips when the wards are busiest",
)
NOT_MET_FINDING = (
    "Our own review found this gap this year",
    "Learner feedback and an incident review showed this is not happening reliably",
    "Staffing pressures mean this has lapsed",
    "The last placement audit found nothing in place for this",
    "Learners raised this with their university link lecturer",
)
NOT_MET_RESPONSE = (
    "a recovery plan is being agreed",
    "the education lead is putting it right",
    "an action plan goes to the board next month",
    "we have asked the university to help",
)
NOT_APPLICABLE = (
    "We do not host placements of this kind.",
    "Not relevant to the services we provide.",
    "None of our learners are placed in this way.",
)
