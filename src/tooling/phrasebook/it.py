"""Italian (it-IT) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural Italian phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "it-IT"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=it`), non-mbrola
ESPEAK_VOICES = ("it",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("pronto, ", "hello, "),
    ("buongiorno, ", "good morning, "),
    ("sì, buongiorno, ", "yes, good morning, "),
    ("salve, ", "hello, "),
    ("ehm, buonasera, ", "um, good evening, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", grazie", ", thank you"),
    (", per favore", ", please"),
    (", grazie mille", ", thanks a lot"),
    (", mi può aiutare", ", can you help me"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "la settimana prossima vado in Grecia, posso usare la carta anche lì",
            "next week I'm going to Greece, can I use my card there too",
        ),
        (
            "quanto mi costa prelevare all'estero con il bancomat",
            "how much does it cost me to withdraw cash abroad with my debit card",
        ),
        (
            "devo avvisarvi se vado in vacanza negli Stati Uniti",
            "do I need to let you know if I go on holiday to the United States",
        ),
        (
            "sono in Svizzera e vorrei sapere se ci sono commissioni sui pagamenti con carta",
            "I'm in Switzerland and would like to know if there are fees on card payments",
        ),
    ),
    "address": (
        (
            "ho cambiato casa e devo aggiornare il mio indirizzo",
            "I've moved house and need to update my address",
        ),
        (
            "come faccio a cambiare l'indirizzo di residenza sul conto",
            "how do I change the home address on my account",
        ),
        (
            "nel mio indirizzo c'è un errore, il numero civico è sbagliato",
            "there's a mistake in my address, the house number is wrong",
        ),
        (
            "la posta continua ad arrivare al vecchio indirizzo, potete correggerlo",
            "the post keeps going to the old address, can you correct it",
        ),
    ),
    "app_error": (
        ("l'app si chiude da sola appena la apro", "the app closes by itself as soon as I open it"),
        (
            "da ieri non riesco più ad accedere all'app della banca",
            "since yesterday I can't log in to the bank's app anymore",
        ),
        (
            "l'applicazione mi dà sempre un messaggio di errore",
            "the app always gives me an error message",
        ),
        (
            "dopo l'aggiornamento l'app mostra solo una schermata bianca",
            "since the update the app only shows a blank screen",
        ),
    ),
    "atm_limit": (
        (
            "qual è il limite giornaliero di prelievo del mio bancomat",
            "what is the daily withdrawal limit on my debit card",
        ),
        (
            "vorrei alzare il limite di prelievo giornaliero",
            "I'd like to raise the daily withdrawal limit",
        ),
        (
            "il bancomat non mi dà più soldi, forse ho raggiunto il limite",
            "the cash machine won't give me any more money, maybe I've reached the limit",
        ),
        (
            "posso prelevare più di mille euro oggi al bancomat",
            "can I withdraw more than a thousand euros from the cash machine today",
        ),
    ),
    "balance": (
        (
            "vorrei sapere il saldo del mio conto corrente",
            "I'd like to know the balance of my current account",
        ),
        (
            "quanti soldi ho sul conto in questo momento",
            "how much money do I have in my account right now",
        ),
        (
            "mi può dire quanto è rimasto sul mio conto deposito",
            "can you tell me how much is left in my savings account",
        ),
        (
            "volevo controllare se sono andato in rosso",
            "I wanted to check whether I've gone into the red",
        ),
    ),
    "business_loan": (
        (
            "ho una piccola impresa e avrei bisogno di un finanziamento",
            "I have a small business and I'd need some financing",
        ),
        (
            "vorrei chiedere un prestito per la mia azienda",
            "I'd like to apply for a loan for my company",
        ),
        (
            "che tassi avete sui prestiti per le aziende",
            "what rates do you have on loans for businesses",
        ),
        (
            "devo comprare dei macchinari nuovi per l'officina, mi serve un prestito",
            "I need to buy new machinery for the workshop, I need a loan",
        ),
    ),
    "card_issues": (
        ("la nuova carta non mi è ancora arrivata", "my new card still hasn't arrived"),
        ("mi rifiutano la carta in tutti i negozi", "my card gets refused in every shop"),
        (
            "il chip della carta è rovinato e non funziona più",
            "the chip on my card is damaged and doesn't work anymore",
        ),
        (
            "la mia carta è scaduta e non ho ricevuto quella nuova",
            "my card has expired and I haven't received the new one",
        ),
    ),
    "cash_deposit": (
        ("vorrei versare dei contanti sul mio conto", "I'd like to pay some cash into my account"),
        (
            "dove posso fare un versamento in contanti qui vicino",
            "where can I make a cash deposit near here",
        ),
        (
            "si possono versare le banconote allo sportello automatico",
            "can you pay in notes at the cash machine",
        ),
        (
            "ho duemila euro in contanti, come li metto sul conto",
            "I have two thousand euros in cash, how do I put it into my account",
        ),
    ),
    "direct_debit": (
        (
            "come faccio ad attivare un addebito diretto per la palestra",
            "how do I set up a direct debit for the gym",
        ),
        (
            "vorrei revocare una domiciliazione sul mio conto",
            "I'd like to cancel a direct debit on my account",
        ),
        (
            "mi è arrivato un addebito diretto che non ho mai autorizzato",
            "a direct debit has come through that I never authorised",
        ),
        (
            "l'addebito dell'assicurazione è passato due volte, come mai",
            "the insurance direct debit went through twice, how come",
        ),
    ),
    "freeze": (
        (
            "mi hanno rubato il portafoglio, bisogna bloccare subito la carta",
            "my wallet has been stolen, the card needs to be blocked right away",
        ),
        (
            "ho perso il bancomat, come faccio a bloccarlo",
            "I've lost my debit card, how do I block it",
        ),
        (
            "potete bloccare temporaneamente il conto, temo di aver subito una truffa",
            "can you temporarily freeze the account, I'm afraid I've been scammed",
        ),
        (
            "non trovo più la carta di credito, vorrei bloccarla",
            "I can't find my credit card anymore, I'd like to block it",
        ),
    ),
    "high_value_payment": (
        (
            "devo fare un bonifico di trentamila euro per l'anticipo della casa",
            "I need to make a transfer of thirty thousand euros for the house deposit",
        ),
        (
            "il mio bonifico per la macchina nuova è stato bloccato, l'importo è troppo alto",
            "my transfer for the new car has been blocked, the amount is too high",
        ),
        (
            "qual è l'importo massimo per un singolo bonifico online",
            "what is the maximum amount for a single online transfer",
        ),
        (
            "vorrei alzare il limite dei bonifici per pagare il rogito",
            "I'd like to raise the transfer limit to pay at the house completion",
        ),
    ),
    "joint_account": (
        (
            "io e mio marito vorremmo aprire un conto cointestato",
            "my husband and I would like to open a joint account",
        ),
        (
            "come faccio ad aggiungere la mia compagna al mio conto",
            "how do I add my partner to my account",
        ),
        (
            "che documenti servono per un conto cointestato tra conviventi",
            "what documents are needed for a joint account for a couple living together",
        ),
        (
            "ci siamo separati, vorrei chiudere il conto cointestato",
            "we've separated, I'd like to close the joint account",
        ),
    ),
    "latest_transactions": (
        (
            "mi può leggere gli ultimi movimenti del conto",
            "can you read me the latest transactions on the account",
        ),
        (
            "vorrei vedere le ultime spese fatte con la carta",
            "I'd like to see the latest purchases made with my card",
        ),
        (
            "volevo sapere se stamattina è arrivato lo stipendio",
            "I wanted to know whether my salary came in this morning",
        ),
        (
            "cos'è uscito dal conto negli ultimi giorni",
            "what has gone out of the account in the last few days",
        ),
    ),
    "pay_bill": (
        ("vorrei pagare la bolletta della luce", "I'd like to pay the electricity bill"),
        ("come posso pagare la bolletta del gas online", "how can I pay the gas bill online"),
        (
            "devo pagare la bolletta dell'acqua che scade domani",
            "I have to pay the water bill that's due tomorrow",
        ),
        (
            "devo pagare la tassa sui rifiuti, si può fare da voi",
            "I need to pay the waste tax, can it be done through you",
        ),
    ),
}
