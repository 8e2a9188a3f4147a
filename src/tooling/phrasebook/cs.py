"""Czech (cs-CZ) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural Czech phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "cs-CZ"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=<lang>`), non-mbrola
#: ("cs" selects zlw/cs here, the same voice as `-v zlw/cs`; the mbrola Czech voices are not used)
ESPEAK_VOICES = ("cs",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("dobrý den, ", "hello, "),
    ("haló, dobrý den, ", "hello, good afternoon, "),
    ("ano, dobrý den, ", "yes, hello, "),
    ("dobré ráno, ", "good morning, "),
    ("dobrý den, prosím vás, ", "hello, excuse me, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", děkuji", ", thank you"),
    (", prosím", ", please"),
    (", moc děkuji", ", thanks a lot"),
    (", předem děkuji", ", thanks in advance"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "příští týden jedu do Chorvatska a chci tam platit kartou",
            "next week I'm going to Croatia and I want to pay by card there",
        ),
        (
            "kolik si účtujete za výběr z bankomatu v zahraničí",
            "how much do you charge for a cash machine withdrawal abroad",
        ),
        (
            "chtěl bych nahlásit, že budu měsíc v zahraničí",
            "I'd like to let you know that I'll be abroad for a month",
        ),
        ("bude mi debetní karta fungovat i v Americe", "will my debit card work in America too"),
    ),
    "address": (
        (
            "přestěhoval jsem se a potřebuju změnit adresu",
            "I've moved and I need to change my address",
        ),
        (
            "chtěl bych aktualizovat adresu trvalého bydliště, teď bydlím v Brně",
            "I'd like to update my permanent home address, I live in Brno now",
        ),
        (
            "výpisy mi pořád chodí na starou adresu, jak to změním",
            "my statements still come to my old address, how do I change that",
        ),
        (
            "máte špatně moji korespondenční adresu, chybí v ní číslo bytu",
            "you have my postal address wrong, the flat number is missing from it",
        ),
    ),
    "app_error": (
        (
            "bankovní aplikace mi spadne hned po spuštění",
            "the banking app crashes on me right after I start it",
        ),
        (
            "nemůžu se přihlásit do aplikace, pořád to hlásí chybu",
            "I can't log into the app, it keeps showing an error",
        ),
        (
            "když chci v aplikaci poslat platbu, celé se to sekne",
            "when I want to send a payment in the app, the whole thing hangs",
        ),
        (
            "od poslední aktualizace mi mobilní bankovnictví vůbec nefunguje",
            "since the last update mobile banking doesn't work for me at all",
        ),
    ),
    "atm_limit": (
        (
            "kolik můžu maximálně vybrat z bankomatu za den",
            "what's the most I can withdraw from a cash machine per day",
        ),
        (
            "potřeboval bych zvýšit denní limit pro výběry z bankomatu",
            "I need to raise the daily limit for cash machine withdrawals",
        ),
        (
            "bankomat mi nechce vydat peníze, píše, že jsem překročil limit",
            "the cash machine won't give me money, it says I've exceeded the limit",
        ),
        (
            "zítra potřebuju vybrat dvacet tisíc korun, můžete mi zvýšit limit pro výběr",
            "tomorrow I need to withdraw twenty thousand crowns, can you raise my withdrawal limit",
        ),
    ),
    "balance": (
        (
            "chtěl bych zjistit zůstatek na běžném účtu",
            "I'd like to find out the balance on my current account",
        ),
        ("kolik mám teď peněz na účtu", "how much money do I have in my account now"),
        (
            "můžete mi říct, kolik mám na spořicím účtu",
            "can you tell me how much I have in my savings account",
        ),
        (
            "potřebuju si ověřit disponibilní zůstatek, než něco zaplatím",
            "I need to check my available balance before I pay for something",
        ),
    ),
    "business_loan": (
        (
            "mám malou firmu a sháním úvěr na její rozšíření",
            "I have a small company and I'm looking for a loan to expand it",
        ),
        (
            "jakou máte úrokovou sazbu u podnikatelských úvěrů",
            "what interest rate do you have on business loans",
        ),
        (
            "jsem živnostník a potřebuju financování na nákup dodávky",
            "I'm self-employed and I need financing to buy a van",
        ),
        ("jak můžu požádat o úvěr pro svou firmu", "how can I apply for a loan for my company"),
    ),
    "card_issues": (
        (
            "před dvěma týdny jsem si objednal novou kartu a pořád nedorazila",
            "I ordered a new card two weeks ago and it still hasn't arrived",
        ),
        (
            "v obchodech mi zamítají kartu, i když mám na účtu peníze",
            "my card gets declined in shops even though I have money in the account",
        ),
        (
            "čip na kartě je poškozený a terminál ji nenačte",
            "the chip on my card is damaged and the terminal won't read it",
        ),
        (
            "skončila mi platnost karty a novou jsem nedostal",
            "my card has expired and I haven't received a new one",
        ),
    ),
    "cash_deposit": (
        ("chci si vložit hotovost na účet", "I want to pay cash into my account"),
        (
            "můžu vložit peníze přes vkladový bankomat",
            "can I pay money in at a deposit cash machine",
        ),
        (
            "mám pět tisíc korun v hotovosti, kde je můžu vložit na účet",
            "I have five thousand crowns in cash, where can I pay them into my account",
        ),
        (
            "za jak dlouho se vklad hotovosti objeví na účtu",
            "how long does it take for a cash deposit to show up in the account",
        ),
    ),
    "direct_debit": (
        (
            "chci zrušit inkaso, které už nepoužívám",
            "I want to cancel a direct debit that I no longer use",
        ),
        (
            "z účtu mi odešlo inkaso, které vůbec neznám",
            "a direct debit I don't recognise at all has gone out of my account",
        ),
        (
            "jak si zřídím souhlas s inkasem pro posilovnu",
            "how do I set up a direct debit mandate for the gym",
        ),
        (
            "chtěl bych zvýšit limit inkasa za elektřinu",
            "I'd like to raise the limit on my electricity direct debit",
        ),
    ),
    "freeze": (
        (
            "ukradli mi peněženku, potřebuju okamžitě zablokovat kartu",
            "my wallet has been stolen, I need to block my card immediately",
        ),
        ("ztratil jsem kartu a chci ji zablokovat", "I've lost my card and I want to block it"),
        (
            "asi mi někdo zkopíroval údaje z karty, prosím zablokujte ji",
            "I think someone has copied my card details, please block it",
        ),
        (
            "můžete mi dočasně zablokovat účet, dokud kartu nenajdu",
            "can you temporarily block my account until I find the card",
        ),
    ),
    "high_value_payment": (
        (
            "potřebuju poslat půl milionu korun jako zálohu na byt",
            "I need to send half a million crowns as a deposit on a flat",
        ),
        (
            "je nějaký limit na výši jednoho převodu",
            "is there a limit on the size of a single transfer",
        ),
        (
            "zablokovali mi velký převod, můžete ho prosím schválit",
            "my large transfer has been blocked, can you please approve it",
        ),
        (
            "kupuju auto a musím prodejci zaplatit čtyři sta tisíc korun",
            "I'm buying a car and I have to pay the dealer four hundred thousand crowns",
        ),
    ),
    "joint_account": (
        (
            "s přítelkyní si chceme založit společný účet",
            "my girlfriend and I want to open a joint account",
        ),
        (
            "jak můžu přidat manželku jako spolumajitelku účtu",
            "how can I add my wife as a co-owner of the account",
        ),
        (
            "chtěl bych zrušit společný účet, který mám s bratrem",
            "I'd like to close the joint account I have with my brother",
        ),
        (
            "jaké doklady potřebujeme, abychom si založili účet na obě jména",
            "what documents do we need to open an account in both our names",
        ),
    ),
    "latest_transactions": (
        (
            "můžete mi přečíst poslední pohyby na účtu",
            "can you read me the latest transactions on my account",
        ),
        (
            "chci vidět poslední platby, které jsem udělal kartou",
            "I want to see the last payments I made by card",
        ),
        (
            "přišla mi už výplata, jaké jsou dnešní transakce",
            "has my pay come in yet, what are today's transactions",
        ),
        (
            "potřebuju projít, co mi tento týden odešlo z účtu",
            "I need to go through what went out of my account this week",
        ),
    ),
    "pay_bill": (
        ("chci zaplatit kartou fakturu za elektřinu", "I want to pay the electricity bill by card"),
        (
            "potřebuju zaplatit vyúčtování za vodu, jde to udělat po telefonu",
            "I need to pay the water bill, can it be done over the phone",
        ),
        (
            "jak zaplatím fakturu za mobil ze svého účtu",
            "how do I pay my mobile phone bill from my account",
        ),
        (
            "přišla mi složenka za plyn a chci ji zaplatit",
            "I've received a payment slip for gas and I want to pay it",
        ),
    ),
}
