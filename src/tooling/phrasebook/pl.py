"""Polish (pl-PL) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural Polish phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "pl-PL"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=<lang>`), non-mbrola
ESPEAK_VOICES = ("pl",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("dzień dobry, ", "good morning, "),
    ("halo, dzień dobry, ", "hello, good morning, "),
    ("tak, dzień dobry, ", "yes, good morning, "),
    ("dobry wieczór, ", "good evening, "),
    ("witam, ", "hello, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", dziękuję", ", thank you"),
    (", proszę", ", please"),
    (", bardzo dziękuję", ", thank you very much"),
    (", z góry dziękuję", ", thanks in advance"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "w przyszłym tygodniu lecę do Hiszpanii i chcę tam płacić kartą",
            "next week I'm flying to Spain and I want to pay by card there",
        ),
        (
            "czy za wypłatę z bankomatu za granicą pobierają państwo prowizję",
            "do you charge a fee for withdrawing from a cash machine abroad",
        ),
        (
            "chciałem zgłosić, że przez miesiąc będę za granicą",
            "I wanted to let you know that I'll be abroad for a month",
        ),
        (
            "czy moja karta debetowa zadziała w Stanach Zjednoczonych",
            "will my debit card work in the United States",
        ),
    ),
    "address": (
        ("przeprowadziłem się i muszę zmienić adres", "I've moved and I need to change my address"),
        (
            "chciałbym zaktualizować adres zamieszkania, teraz mieszkam w Krakowie",
            "I'd like to update my home address, I live in Kraków now",
        ),
        (
            "wyciągi dalej przychodzą na stary adres, jak to zmienić",
            "my statements are still coming to the old address, how do I change that",
        ),
        (
            "mają państwo zły adres korespondencyjny, brakuje numeru mieszkania",
            "you have the wrong postal address, the flat number is missing",
        ),
    ),
    "app_error": (
        (
            "aplikacja banku zamyka się zaraz po uruchomieniu",
            "the bank app closes right after I start it",
        ),
        (
            "nie mogę się zalogować do aplikacji, cały czas wyskakuje błąd",
            "I can't log into the app, an error keeps popping up",
        ),
        (
            "za każdym razem, jak chcę zrobić przelew w aplikacji, wszystko się zacina",
            "every time I want to make a transfer in the app, everything hangs",
        ),
        (
            "od ostatniej aktualizacji aplikacja mobilna w ogóle nie działa",
            "since the last update the mobile app doesn't work at all",
        ),
    ),
    "atm_limit": (
        (
            "ile maksymalnie mogę wypłacić z bankomatu w ciągu dnia",
            "what's the most I can withdraw from a cash machine in a day",
        ),
        (
            "chciałbym podnieść dzienny limit wypłat z bankomatu",
            "I'd like to raise my daily cash machine withdrawal limit",
        ),
        (
            "bankomat nie chce mi wypłacić pieniędzy, pisze, że przekroczyłem limit",
            "the cash machine won't give me any money, it says I've exceeded the limit",
        ),
        (
            "jutro muszę wypłacić trzy tysiące złotych, czy można zwiększyć limit",
            "tomorrow I have to withdraw three thousand złoty, can the limit be increased",
        ),
    ),
    "balance": (
        (
            "chciałbym sprawdzić saldo na koncie osobistym",
            "I'd like to check the balance on my personal account",
        ),
        ("ile mam teraz pieniędzy na koncie", "how much money do I have in my account right now"),
        (
            "czy mogę się dowiedzieć, ile mam na koncie oszczędnościowym",
            "can I find out how much I have in my savings account",
        ),
        (
            "muszę sprawdzić dostępne środki, zanim zrobię zakupy",
            "I need to check my available funds before I go shopping",
        ),
    ),
    "business_loan": (
        (
            "prowadzę małą firmę i szukam kredytu na jej rozwój",
            "I run a small business and I'm looking for a loan to grow it",
        ),
        (
            "jakie jest oprocentowanie kredytów dla firm",
            "what's the interest rate on business loans",
        ),
        (
            "mam jednoosobową działalność i potrzebuję finansowania na zakup samochodu dostawczego",
            "I'm a sole trader and I need financing to buy a delivery van",
        ),
        (
            "jak mogę złożyć wniosek o kredyt dla mojej firmy",
            "how can I apply for a loan for my company",
        ),
    ),
    "card_issues": (
        (
            "zamówiłem nową kartę dwa tygodnie temu i nadal nie doszła",
            "I ordered a new card two weeks ago and it still hasn't arrived",
        ),
        (
            "karta jest odrzucana w sklepach, chociaż mam pieniądze na koncie",
            "my card gets declined in shops even though I have money in the account",
        ),
        (
            "chip w karcie jest uszkodzony i terminal jej nie czyta",
            "the chip on my card is damaged and the terminal doesn't read it",
        ),
        (
            "moja karta straciła ważność, a nowej nie dostałem",
            "my card has expired and I haven't received a new one",
        ),
    ),
    "cash_deposit": (
        ("chcę wpłacić gotówkę na swoje konto", "I want to pay cash into my account"),
        (
            "czy mogę wpłacić pieniądze we wpłatomacie",
            "can I pay money in at a cash deposit machine",
        ),
        (
            "mam pięćset złotych w gotówce do wpłacenia, gdzie mogę to zrobić",
            "I have five hundred złoty in cash to pay in, where can I do that",
        ),
        (
            "po jakim czasie wpłata gotówkowa pojawi się na koncie",
            "how long does it take for a cash deposit to show up in the account",
        ),
    ),
    "direct_debit": (
        (
            "chcę odwołać polecenie zapłaty, z którego już nie korzystam",
            "I want to cancel a direct debit that I no longer use",
        ),
        (
            "z konta zeszło mi polecenie zapłaty, którego w ogóle nie kojarzę",
            "a direct debit I don't recognise at all has been taken from my account",
        ),
        (
            "jak mogę ustawić polecenie zapłaty za siłownię",
            "how can I set up a direct debit for the gym",
        ),
        (
            "dlaczego polecenie zapłaty zostało pobrane dwa razy w tym miesiącu",
            "why was the direct debit taken twice this month",
        ),
    ),
    "freeze": (
        (
            "ukradli mi portfel, muszę natychmiast zastrzec kartę",
            "my wallet has been stolen, I need to block my card immediately",
        ),
        ("zgubiłem kartę i chcę ją zablokować", "I've lost my card and I want to block it"),
        (
            "ktoś chyba skopiował dane mojej karty, proszę ją zablokować",
            "I think someone has copied my card details, please block it",
        ),
        (
            "czy mogą państwo tymczasowo zablokować mi konto, dopóki nie znajdę karty",
            "can you temporarily block my account until I find my card",
        ),
    ),
    "high_value_payment": (
        (
            "muszę przelać sto tysięcy złotych na wkład własny do mieszkania",
            "I need to transfer a hundred thousand złoty for the down payment on a flat",
        ),
        (
            "jaka jest maksymalna kwota jednego przelewu",
            "what is the maximum amount for a single transfer",
        ),
        (
            "zablokowano mi duży przelew, jak mogę go odblokować",
            "a large transfer of mine has been blocked, how can I get it released",
        ),
        (
            "kupuję samochód i muszę zapłacić salonowi osiemdziesiąt tysięcy złotych",
            "I'm buying a car and I have to pay the dealership eighty thousand złoty",
        ),
    ),
    "joint_account": (
        (
            "chcielibyśmy z żoną założyć wspólne konto",
            "my wife and I would like to open a joint account",
        ),
        (
            "jak mogę dodać narzeczoną jako współwłaścicielkę konta",
            "how can I add my fiancée as a joint owner of the account",
        ),
        (
            "chcę zrezygnować ze wspólnego konta, które mam z bratem",
            "I want to come off the joint account I have with my brother",
        ),
        (
            "jakie dokumenty są potrzebne, żeby założyć konto na nas dwoje",
            "what documents are needed to open an account for the two of us",
        ),
    ),
    "latest_transactions": (
        (
            "chciałbym poznać ostatnie operacje na moim koncie",
            "I'd like to know the latest transactions on my account",
        ),
        ("chcę zobaczyć najnowsze płatności kartą", "I want to see the most recent card payments"),
        (
            "czy wpłynęła już pensja i jakie są dzisiejsze operacje",
            "has my salary come in yet and what are today's transactions",
        ),
        (
            "muszę przejrzeć, co zeszło z konta w tym tygodniu",
            "I need to look through what went out of my account this week",
        ),
    ),
    "pay_bill": (
        ("chcę zapłacić kartą rachunek za prąd", "I want to pay the electricity bill by card"),
        (
            "muszę opłacić rachunek za wodę, czy da się to zrobić przez telefon",
            "I need to pay the water bill, can it be done over the phone",
        ),
        (
            "jak opłacić fakturę za komórkę prosto z konta",
            "how do I pay my mobile phone bill straight from my account",
        ),
        (
            "przyszedł rachunek za gaz i chcę go od razu opłacić",
            "the gas bill has come and I want to pay it straight away",
        ),
    ),
}
