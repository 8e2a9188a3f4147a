"""French (fr-FR) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural French phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "fr-FR"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=fr`), non-mbrola
ESPEAK_VOICES = ("fr-fr", "fr-be", "fr-ch")
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("allô, ", "hello, "),
    ("bonjour, ", "hello, "),
    ("oui, bonjour, ", "yes, hello, "),
    ("bonjour madame, ", "hello madam, "),
    ("euh, bonsoir, ", "um, good evening, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", merci", ", thank you"),
    (", s'il vous plaît", ", please"),
    (", merci beaucoup", ", thanks a lot"),
    (", vous pouvez m'aider", ", can you help me"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "je pars en Espagne la semaine prochaine, est-ce que ma carte va marcher là-bas",
            "I'm going to Spain next week, will my card work there",
        ),
        (
            "combien ça coûte de retirer de l'argent à l'étranger avec ma carte",
            "how much does it cost to withdraw money abroad with my card",
        ),
        (
            "je voudrais prévenir la banque que je serai au Maroc pendant un mois",
            "I'd like to let the bank know that I'll be in Morocco for a month",
        ),
        (
            "est-ce que je peux payer en dollars avec ma carte aux États-Unis",
            "can I pay in dollars with my card in the United States",
        ),
    ),
    "address": (
        (
            "je viens de déménager et je voudrais changer mon adresse",
            "I've just moved and I'd like to change my address",
        ),
        (
            "il y a une erreur dans mon adresse postale, le code postal est faux",
            "there's a mistake in my postal address, the postcode is wrong",
        ),
        (
            "comment je fais pour mettre à jour mon adresse chez vous",
            "how do I update my address with you",
        ),
        (
            "je ne reçois plus mon courrier, je crois que vous avez mon ancienne adresse",
            "I'm not getting my post anymore, I think you have my old address",
        ),
    ),
    "app_error": (
        ("votre application plante dès que je l'ouvre", "your app crashes as soon as I open it"),
        (
            "je n'arrive plus à me connecter à l'application depuis hier soir",
            "I haven't been able to log in to the app since last night",
        ),
        (
            "l'application m'affiche un message d'erreur à chaque virement",
            "the app shows me an error message on every transfer",
        ),
        (
            "depuis la mise à jour, l'application reste sur un écran blanc",
            "since the update, the app just stays on a blank screen",
        ),
    ),
    "atm_limit": (
        (
            "quel est mon plafond de retrait au distributeur par jour",
            "what is my daily withdrawal limit at the cash machine",
        ),
        (
            "je voudrais augmenter mon plafond de retrait pour ce week-end",
            "I'd like to raise my withdrawal limit for this weekend",
        ),
        (
            "le distributeur refuse de me donner plus d'argent, j'ai dû atteindre ma limite",
            "the cash machine won't give me any more money, I must have hit my limit",
        ),
        (
            "combien je peux retirer au maximum en liquide dans une journée",
            "what's the most I can withdraw in cash in one day",
        ),
    ),
    "balance": (
        (
            "je voudrais connaître le solde de mon compte courant",
            "I'd like to know the balance of my current account",
        ),
        ("il me reste combien sur mon compte", "how much do I have left in my account"),
        (
            "vous pouvez me dire combien j'ai sur mon livret d'épargne",
            "can you tell me how much I have in my savings account",
        ),
        ("est-ce que je suis à découvert en ce moment", "am I overdrawn at the moment"),
    ),
    "business_loan": (
        (
            "j'ai besoin d'un prêt pour développer mon entreprise",
            "I need a loan to grow my business",
        ),
        (
            "je voudrais financer un nouveau camion pour mon entreprise de plomberie",
            "I'd like to finance a new van for my plumbing business",
        ),
        (
            "quelles sont vos conditions de crédit pour les professionnels",
            "what are your loan terms for business customers",
        ),
        (
            "j'ouvre un restaurant et je voudrais un rendez-vous pour un prêt professionnel",
            "I'm opening a restaurant and I'd like an appointment about a business loan",
        ),
    ),
    "card_issues": (
        (
            "j'attends toujours ma nouvelle carte bancaire, je ne l'ai pas reçue",
            "I'm still waiting for my new bank card, I haven't received it",
        ),
        (
            "ma carte est refusée dans tous les magasins, je ne comprends pas",
            "my card is declined in every shop, I don't understand",
        ),
        (
            "la puce de ma carte est abîmée, elle ne marche plus",
            "the chip on my card is damaged, it doesn't work anymore",
        ),
        (
            "ma carte a expiré et je n'ai pas reçu la nouvelle",
            "my card has expired and I haven't received the new one",
        ),
    ),
    "cash_deposit": (
        (
            "je voudrais déposer de l'argent liquide sur mon compte",
            "I'd like to deposit cash into my account",
        ),
        (
            "où est-ce que je peux déposer des espèces près de chez moi",
            "where can I deposit cash near where I live",
        ),
        (
            "est-ce qu'on peut verser des billets au distributeur de l'agence",
            "can you pay in notes at the branch's cash machine",
        ),
        (
            "j'ai mille cinq cents euros en espèces, comment je les mets sur mon compte",
            "I have fifteen hundred euros in cash, how do I put it into my account",
        ),
    ),
    "direct_debit": (
        (
            "je voudrais annuler un prélèvement automatique sur mon compte",
            "I'd like to cancel a direct debit on my account",
        ),
        (
            "un prélèvement est passé deux fois ce mois-ci, c'est normal",
            "a direct debit has gone out twice this month, is that normal",
        ),
        (
            "comment je mets en place un prélèvement automatique pour ma salle de sport",
            "how do I set up a direct debit for my gym",
        ),
        (
            "je veux contester un prélèvement que je n'ai jamais autorisé",
            "I want to dispute a direct debit that I never authorised",
        ),
    ),
    "freeze": (
        (
            "on m'a volé mon portefeuille, il faut bloquer ma carte tout de suite",
            "my wallet has been stolen, my card needs to be blocked right away",
        ),
        (
            "j'ai perdu ma carte bleue, je voudrais faire opposition",
            "I've lost my bank card, I'd like to put a stop on it",
        ),
        (
            "pouvez-vous bloquer temporairement mon compte, je pense avoir été piraté",
            "can you temporarily freeze my account, I think I've been hacked",
        ),
        (
            "je ne retrouve plus ma carte, comment je fais pour la bloquer",
            "I can't find my card, how do I block it",
        ),
    ),
    "high_value_payment": (
        (
            "je dois faire un virement de quarante mille euros pour l'achat de ma maison",
            "I need to make a transfer of forty thousand euros to buy my house",
        ),
        (
            "mon plafond de virement est trop bas pour payer ma voiture",
            "my transfer limit is too low to pay for my car",
        ),
        (
            "mon virement de vingt mille euros a été bloqué, pourquoi",
            "my transfer of twenty thousand euros was blocked, why",
        ),
        (
            "je voudrais faire un gros virement aujourd'hui, qu'est-ce qu'il me faut",
            "I'd like to make a large transfer today, what do I need",
        ),
    ),
    "joint_account": (
        (
            "mon conjoint et moi voulons ouvrir un compte joint",
            "my spouse and I want to open a joint account",
        ),
        ("comment ajouter ma compagne sur mon compte", "how do I add my partner to my account"),
        (
            "quels papiers faut-il pour ouvrir un compte commun à deux",
            "what documents are needed to open a shared account for two",
        ),
        (
            "on se sépare, je voudrais transformer notre compte joint en compte individuel",
            "we're separating, I'd like to turn our joint account into an individual account",
        ),
    ),
    "latest_transactions": (
        (
            "vous pouvez me lire les dernières opérations sur mon compte",
            "can you read me the latest transactions on my account",
        ),
        (
            "je voudrais savoir ce qui est passé sur mon compte cette semaine",
            "I'd like to know what has gone through my account this week",
        ),
        ("est-ce que mon salaire est bien arrivé ce matin", "did my salary come in this morning"),
        (
            "quels sont les derniers paiements faits avec ma carte",
            "what are the latest payments made with my card",
        ),
    ),
    "pay_bill": (
        ("je voudrais payer ma facture d'électricité", "I'd like to pay my electricity bill"),
        (
            "comment je règle ma facture d'eau par virement",
            "how do I pay my water bill by transfer",
        ),
        (
            "je dois régler ma taxe foncière, on peut le faire par téléphone",
            "I need to pay my property tax, can we do it over the phone",
        ),
        (
            "ma facture de gaz est arrivée, je voudrais la payer maintenant",
            "my gas bill has arrived, I'd like to pay it now",
        ),
    ),
}
