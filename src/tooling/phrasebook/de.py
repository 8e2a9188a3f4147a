"""German (de-DE) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural German phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "de-DE"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=de`), non-mbrola
ESPEAK_VOICES = ("de",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("hallo, ", "hi, "),
    ("guten Tag, ", "hello, "),
    ("ja, hallo, ", "yes, hello, "),
    ("guten Morgen, ", "good morning, "),
    ("ähm, hallo, ", "um, hello, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", danke", ", thank you"),
    (", bitte", ", please"),
    (", vielen Dank", ", thanks a lot"),
    (", können Sie mir da helfen", ", can you help me with that"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "Ich fliege nächste Woche nach Spanien und möchte dort mit meiner Karte zahlen",
            "I'm flying to Spain next week and want to pay with my card there",
        ),
        (
            "kann ich mit meiner Girocard auch in Amerika Geld abheben",
            "can I also withdraw money in America with my debit card",
        ),
        (
            "welche Gebühren fallen an, wenn ich im Ausland mit Karte bezahle",
            "what fees apply when I pay by card abroad",
        ),
        (
            "ich möchte meine Reise nach Thailand melden, damit die Karte dort funktioniert",
            "I'd like to report my trip to Thailand so that the card works there",
        ),
    ),
    "address": (
        (
            "ich bin umgezogen und möchte Ihnen meine neue Adresse mitteilen",
            "I've moved and would like to give you my new address",
        ),
        ("wie kann ich meine Anschrift bei Ihnen ändern", "how can I change my address with you"),
        (
            "in meiner Adresse ist die Hausnummer falsch, können Sie das korrigieren",
            "the house number in my address is wrong, can you correct that",
        ),
        (
            "meine Post geht immer noch an die alte Wohnung, ich wohne jetzt woanders",
            "my post still goes to the old flat, I live somewhere else now",
        ),
    ),
    "app_error": (
        (
            "Ihre App stürzt jedes Mal ab, wenn ich sie öffne",
            "your app crashes every time I open it",
        ),
        (
            "ich kann mich seit gestern nicht mehr in Ihrer App anmelden",
            "since yesterday I can no longer log in to your app",
        ),
        (
            "in der App erscheint ständig eine Fehlermeldung",
            "an error message keeps appearing in the app",
        ),
        (
            "seit dem Update lädt die App überhaupt nicht mehr",
            "since the update the app doesn't load at all anymore",
        ),
    ),
    "atm_limit": (
        (
            "wie viel Geld kann ich am Tag am Automaten abheben",
            "how much money can I withdraw from the cash machine per day",
        ),
        (
            "ich möchte mein tägliches Abhebelimit erhöhen",
            "I'd like to raise my daily withdrawal limit",
        ),
        (
            "der Geldautomat gibt mir nichts mehr, ich habe wohl mein Tageslimit erreicht",
            "the cash machine won't give me anything more, I've probably hit my daily limit",
        ),
        (
            "kann ich heute ausnahmsweise mehr als fünfhundert Euro am Automaten abheben",
            "can I withdraw more than five hundred euros at the cash machine today, just this once",
        ),
    ),
    "balance": (
        (
            "wie viel Geld ist gerade auf meinem Girokonto",
            "how much money is in my current account right now",
        ),
        ("ich hätte gern meinen aktuellen Kontostand", "I'd like my current balance"),
        (
            "können Sie mir sagen, wie viel noch auf meinem Sparkonto ist",
            "can you tell me how much is still in my savings account",
        ),
        (
            "ich will nur kurz wissen, ob ich im Minus bin",
            "I just quickly want to know whether I'm overdrawn",
        ),
    ),
    "business_loan": (
        (
            "ich habe eine kleine Firma und brauche einen Kredit",
            "I have a small company and need a loan",
        ),
        (
            "welche Finanzierungsmöglichkeiten gibt es für Selbstständige",
            "what financing options are there for self-employed people",
        ),
        (
            "ich möchte für meine Bäckerei einen Geschäftskredit beantragen",
            "I'd like to apply for a business loan for my bakery",
        ),
        (
            "könnten wir über ein Darlehen für neue Maschinen in meinem Betrieb sprechen",
            "could we talk about a loan for new machinery in my business",
        ),
    ),
    "card_issues": (
        ("meine neue Karte ist immer noch nicht angekommen", "my new card still hasn't arrived"),
        (
            "beim Bezahlen wird meine Karte ständig abgelehnt",
            "my card keeps getting declined when I pay",
        ),
        (
            "der Chip auf meiner Karte ist kaputt, ich brauche eine neue",
            "the chip on my card is broken, I need a new one",
        ),
        (
            "meine Karte ist abgelaufen und ich habe keine Ersatzkarte bekommen",
            "my card has expired and I haven't received a replacement",
        ),
    ),
    "cash_deposit": (
        ("ich möchte Bargeld auf mein Konto einzahlen", "I'd like to pay cash into my account"),
        ("wo kann ich hier in der Nähe Geld einzahlen", "where can I pay in money near here"),
        (
            "kann ich am Automaten auch Scheine einzahlen",
            "can I also pay in notes at the cash machine",
        ),
        (
            "ich habe zweitausend Euro in bar und will die aufs Konto bringen",
            "I have two thousand euros in cash and want to put it into my account",
        ),
    ),
    "direct_debit": (
        (
            "ich möchte eine Lastschrift zurückbuchen lassen",
            "I'd like to have a direct debit reversed",
        ),
        (
            "mein Fitnessstudio will per Lastschrift abbuchen, wie richte ich das ein",
            "my gym wants to collect by direct debit, how do I set that up",
        ),
        (
            "ich möchte die Lastschrift für eine alte Zeitschrift stoppen lassen",
            "I'd like to get the direct debit for an old magazine stopped",
        ),
        (
            "warum wurde derselbe Betrag zweimal per Lastschrift abgebucht",
            "why has the same amount been taken twice by direct debit",
        ),
    ),
    "freeze": (
        (
            "mir wurde die Geldbörse gestohlen, bitte sperren Sie sofort meine Karte",
            "my wallet has been stolen, please block my card immediately",
        ),
        (
            "ich habe meine Karte verloren und möchte sie sperren lassen",
            "I've lost my card and would like to have it blocked",
        ),
        (
            "können Sie mein Konto vorübergehend sperren, ich glaube, jemand hat meine Daten",
            "can you freeze my account temporarily, I think someone has my details",
        ),
        (
            "meine Kreditkarte ist weg, wie kann ich sie schnell sperren",
            "my credit card is gone, how can I block it quickly",
        ),
    ),
    "high_value_payment": (
        (
            "ich muss die Anzahlung für unser Haus überweisen, das sind fünfzigtausend Euro",
            "I need to transfer the deposit for our house, that's fifty thousand euros",
        ),
        (
            "bis zu welchem Betrag kann ich online auf einmal überweisen",
            "up to what amount can I transfer online in one go",
        ),
        (
            "meine Überweisung für das neue Auto wurde gestoppt, weil der Betrag zu hoch ist",
            "my transfer for the new car was stopped because the amount is too high",
        ),
        (
            "ich möchte eine größere Summe an einen Notar überweisen, geht das heute noch",
            "I want to transfer a large sum to a notary, can that still be done today",
        ),
    ),
    "joint_account": (
        (
            "meine Frau und ich möchten ein Gemeinschaftskonto eröffnen",
            "my wife and I would like to open a joint account",
        ),
        (
            "wie kann ich meinen Partner zu meinem Konto hinzufügen",
            "how can I add my partner to my account",
        ),
        (
            "was brauchen wir als unverheiratetes Paar für ein gemeinsames Konto",
            "what do we need for a joint account as an unmarried couple",
        ),
        (
            "wir haben uns getrennt, wie lösen wir unser Gemeinschaftskonto auf",
            "we've separated, how do we close our joint account",
        ),
    ),
    "latest_transactions": (
        (
            "können Sie mir die letzten Umsätze auf meinem Konto vorlesen",
            "can you read me the latest transactions on my account",
        ),
        (
            "ich möchte wissen, was in den letzten Tagen von meinem Konto abgegangen ist",
            "I'd like to know what has gone out of my account in the last few days",
        ),
        (
            "ist die Überweisung von meinem Arbeitgeber schon eingegangen",
            "has the transfer from my employer come in yet",
        ),
        (
            "welche Zahlungen sind diese Woche über meine Karte gelaufen",
            "which payments have gone through on my card this week",
        ),
    ),
    "pay_bill": (
        ("ich möchte meine Stromrechnung bezahlen", "I'd like to pay my electricity bill"),
        (
            "wie bezahle ich am besten die Wasserrechnung von den Stadtwerken",
            "what's the best way to pay the water bill from the local utility",
        ),
        (
            "ich muss noch meine Handyrechnung begleichen, können Sie das für mich machen",
            "I still need to settle my mobile phone bill, can you do that for me",
        ),
        (
            "die Grundsteuer ist fällig, kann ich die direkt über Sie bezahlen",
            "the property tax is due, can I pay it directly through you",
        ),
    ),
}
