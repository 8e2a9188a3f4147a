"""Dutch (nl-NL) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural Dutch phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "nl-NL"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=nl`), non-mbrola
ESPEAK_VOICES = ("nl",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("hallo, ", "hello, "),
    ("goedemorgen, ", "good morning, "),
    ("ja, hallo, ", "yes, hello, "),
    ("goedemiddag, ", "good afternoon, "),
    ("eh, hoi, ", "um, hi, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", dank u wel", ", thank you"),
    (", alstublieft", ", please"),
    (", bedankt", ", thanks"),
    (", kunt u me daarmee helpen", ", can you help me with that"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "ik ga volgende maand naar Turkije, werkt mijn pinpas daar ook",
            "I'm going to Turkey next month, will my debit card work there too",
        ),
        (
            "moet ik mijn pas eerst openzetten voor gebruik buiten Europa",
            "do I need to unlock my card for use outside Europe first",
        ),
        (
            "wat kost het om in het buitenland geld te pinnen",
            "what does it cost to withdraw cash abroad",
        ),
        (
            "ik ben nu in Amerika, kan ik hier gewoon met mijn creditcard betalen",
            "I'm in America now, can I just pay with my credit card here",
        ),
    ),
    "address": (
        (
            "ik ben verhuisd en wil mijn nieuwe adres doorgeven",
            "I've moved and want to give you my new address",
        ),
        ("hoe kan ik mijn adres bij jullie wijzigen", "how can I change my address with you"),
        ("mijn postcode staat verkeerd in jullie systeem", "my postcode is wrong in your system"),
        (
            "mijn post gaat nog steeds naar mijn oude adres, dat moet aangepast worden",
            "my post still goes to my old address, that needs to be changed",
        ),
    ),
    "app_error": (
        ("de app crasht steeds als ik hem open", "the app keeps crashing when I open it"),
        (
            "ik kan sinds vanochtend niet meer inloggen in de app",
            "I haven't been able to log in to the app since this morning",
        ),
        (
            "ik krijg steeds een foutmelding in jullie app",
            "I keep getting an error message in your app",
        ),
        (
            "na de laatste update doet de app helemaal niks meer",
            "since the latest update the app doesn't do anything at all",
        ),
    ),
    "atm_limit": (
        ("hoeveel mag ik per dag pinnen", "how much am I allowed to withdraw per day"),
        (
            "ik wil mijn daglimiet voor geldopnames verhogen",
            "I want to raise my daily limit for cash withdrawals",
        ),
        (
            "de geldautomaat geeft niks meer, ik zit zeker aan mijn limiet",
            "the cash machine won't give me anything more, I must have hit my limit",
        ),
        (
            "kan ik vandaag eenmalig meer dan vijfhonderd euro opnemen bij de automaat",
            "can I withdraw more than five hundred euros from the machine today, just this once",
        ),
    ),
    "balance": (
        ("hoeveel staat er op mijn betaalrekening", "how much is in my current account"),
        ("ik wil graag mijn saldo weten", "I'd like to know my balance"),
        (
            "kunt u kijken hoeveel er nog op mijn spaarrekening staat",
            "could you check how much is still in my savings account",
        ),
        ("sta ik op dit moment rood", "am I overdrawn at the moment"),
    ),
    "business_loan": (
        (
            "ik heb een eigen bedrijf en zoek een zakelijke lening",
            "I have my own company and I'm looking for a business loan",
        ),
        (
            "ik ben zelfstandige en wil een nieuwe bestelbus financieren",
            "I'm self-employed and want to finance a new van",
        ),
        (
            "hebben jullie kredieten voor kleine ondernemers",
            "do you offer loans for small business owners",
        ),
        (
            "ik wil een afspraak maken over een lening voor mijn winkel",
            "I want to make an appointment about a loan for my shop",
        ),
    ),
    "card_issues": (
        ("mijn nieuwe pinpas is nog steeds niet binnen", "my new debit card still hasn't arrived"),
        (
            "mijn pas wordt overal geweigerd, hoe kan dat",
            "my card is declined everywhere, how can that be",
        ),
        (
            "de chip van mijn bankpas is beschadigd, ik heb een nieuwe nodig",
            "the chip on my bank card is damaged, I need a new one",
        ),
        (
            "mijn pas is verlopen maar ik heb geen nieuwe gekregen",
            "my card has expired but I haven't received a new one",
        ),
    ),
    "cash_deposit": (
        ("ik wil contant geld op mijn rekening storten", "I want to deposit cash into my account"),
        ("waar kan ik hier in de buurt geld storten", "where can I deposit money near here"),
        (
            "kan ik bij een geldautomaat ook biljetten storten",
            "can I also deposit notes at a cash machine",
        ),
        (
            "ik heb duizend euro contant liggen, hoe krijg ik dat op mijn rekening",
            "I have a thousand euros in cash, how do I get it into my account",
        ),
    ),
    "direct_debit": (
        ("ik wil een automatische incasso stopzetten", "I want to stop a direct debit"),
        (
            "er is een incasso afgeschreven die ik niet herken, kan ik die terugboeken",
            "a direct debit has gone out that I don't recognise, can I reverse it",
        ),
        (
            "hoe geef ik mijn sportschool een machtiging voor automatische incasso",
            "how do I give my gym authorisation for a direct debit",
        ),
        (
            "waarom is de incasso van mijn verzekering twee keer afgeschreven",
            "why has the direct debit for my insurance been taken twice",
        ),
    ),
    "freeze": (
        (
            "mijn portemonnee is gestolen, wilt u meteen mijn pas blokkeren",
            "my wallet has been stolen, could you block my card straight away",
        ),
        (
            "ik ben mijn pinpas kwijt en wil hem laten blokkeren",
            "I've lost my debit card and want to have it blocked",
        ),
        (
            "kunt u mijn rekening tijdelijk bevriezen, ik denk dat ik gehackt ben",
            "can you temporarily freeze my account, I think I've been hacked",
        ),
        (
            "mijn creditcard is weg, hoe zet ik die zo snel mogelijk op slot",
            "my credit card is gone, how do I lock it as quickly as possible",
        ),
    ),
    "high_value_payment": (
        (
            "ik moet veertigduizend euro overmaken naar de notaris voor ons huis",
            "I need to transfer forty thousand euros to the notary for our house",
        ),
        (
            "mijn overboekingslimiet is te laag om de auto af te rekenen",
            "my transfer limit is too low to pay for the car",
        ),
        (
            "mijn grote overboeking is tegengehouden, kunt u die vrijgeven",
            "my large transfer has been held up, can you release it",
        ),
        (
            "wat is het maximale bedrag dat ik in één keer kan overmaken",
            "what is the maximum amount I can transfer in one go",
        ),
    ),
    "joint_account": (
        (
            "mijn vriendin en ik willen een gezamenlijke rekening openen",
            "my girlfriend and I want to open a joint account",
        ),
        (
            "hoe kan ik mijn man toevoegen aan mijn rekening",
            "how can I add my husband to my account",
        ),
        (
            "wat moeten we regelen om samen een rekening te openen",
            "what do we need to arrange to open an account together",
        ),
        (
            "we gaan uit elkaar, wat gebeurt er met onze gezamenlijke rekening",
            "we're splitting up, what happens to our joint account",
        ),
    ),
    "latest_transactions": (
        (
            "kunt u mij de laatste transacties op mijn rekening voorlezen",
            "can you read me the latest transactions on my account",
        ),
        (
            "ik wil weten wat er de afgelopen dagen is afgeschreven",
            "I want to know what has gone out over the past few days",
        ),
        ("is mijn salaris al binnengekomen", "has my salary come in yet"),
        (
            "welke betalingen heb ik deze week met mijn pas gedaan",
            "which payments have I made with my card this week",
        ),
    ),
    "pay_bill": (
        ("ik wil mijn energierekening betalen", "I want to pay my energy bill"),
        (
            "hoe betaal ik de waterrekening die ik per post heb gekregen",
            "how do I pay the water bill I got in the post",
        ),
        (
            "ik moet mijn gemeentelijke belastingen nog betalen, kan dat via jullie",
            "I still have to pay my municipal taxes, can I do that through you",
        ),
        (
            "mijn telefoonrekening staat nog open, kan ik die nu voldoen",
            "my phone bill is still outstanding, can I pay it now",
        ),
    ),
}
