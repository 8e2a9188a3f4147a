"""European Portuguese (pt-PT) caller phrasings for the multilingual stand-in (tooling.synth).

Written for this course as natural European Portuguese phone-banking requests, not translated
word for word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "pt-PT"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=<lang>`), non-mbrola
ESPEAK_VOICES = ("pt",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("olá, ", "hello, "),
    ("bom dia, ", "good morning, "),
    ("sim, olá, ", "yes, hello, "),
    ("boa tarde, ", "good afternoon, "),
    ("bom dia, olhe, ", "good morning, look, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", obrigado", ", thank you"),
    (", se faz favor", ", please"),
    (", muito obrigado", ", thanks a lot"),
    (", agradeço desde já", ", thanks in advance"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "para a semana vou a Londres e queria usar o cartão lá",
            "next week I'm going to London and I'd like to use my card there",
        ),
        (
            "quanto é que me cobram de comissão se levantar dinheiro no estrangeiro",
            "how much do you charge me in fees if I withdraw money abroad",
        ),
        (
            "queria avisar que vou estar fora do país durante três semanas",
            "I wanted to let you know that I'll be out of the country for three weeks",
        ),
        (
            "posso pagar com o cartão de débito quando estiver lá fora",
            "can I pay with my debit card when I'm abroad",
        ),
    ),
    "address": (
        (
            "mudei de casa e preciso de alterar a morada",
            "I've moved house and I need to change my address",
        ),
        (
            "queria atualizar a minha morada, agora moro no Porto",
            "I'd like to update my address, I live in Porto now",
        ),
        (
            "os extratos continuam a ir para a morada antiga",
            "my statements keep going to the old address",
        ),
        (
            "a morada que têm na ficha está errada, como é que corrijo isso",
            "the address you have on file is wrong, how do I correct that",
        ),
    ),
    "app_error": (
        (
            "a aplicação do banco fecha sozinha sempre que a abro",
            "the bank app closes by itself every time I open it",
        ),
        (
            "não consigo entrar na aplicação, diz que o código está errado",
            "I can't get into the app, it says the code is wrong",
        ),
        (
            "quando tento fazer uma transferência no telemóvel aparece sempre um erro",
            "when I try to make a transfer on my mobile an error always comes up",
        ),
        (
            "desde a última atualização a aplicação deixou de funcionar",
            "since the last update the app has stopped working",
        ),
    ),
    "atm_limit": (
        (
            "qual é o máximo que posso levantar por dia no multibanco",
            "what's the most I can withdraw per day at the cash machine",
        ),
        (
            "preciso de aumentar o limite diário de levantamentos do meu cartão",
            "I need to raise my card's daily withdrawal limit",
        ),
        (
            "o multibanco não me deixa levantar mais, diz que atingi o limite",
            "the cash machine won't let me withdraw any more, it says I've reached the limit",
        ),
        (
            "amanhã tenho de levantar oitocentos euros, podem aumentar o meu limite",
            "tomorrow I have to withdraw eight hundred euros, can you raise my limit",
        ),
    ),
    "balance": (
        (
            "queria saber o saldo da minha conta à ordem",
            "I'd like to know the balance of my current account",
        ),
        (
            "quanto dinheiro é que ainda tenho na conta",
            "how much money do I still have in the account",
        ),
        (
            "pode dizer-me quanto tenho na conta poupança",
            "can you tell me how much I have in my savings account",
        ),
        (
            "preciso de ver o saldo disponível antes de fazer uma compra",
            "I need to see my available balance before making a purchase",
        ),
    ),
    "business_loan": (
        (
            "tenho um pequeno negócio e queria pedir um empréstimo para o expandir",
            "I have a small business and I'd like to apply for a loan to expand it",
        ),
        (
            "que taxa de juro têm no crédito a empresas",
            "what interest rate do you have on business credit",
        ),
        (
            "tenho um restaurante e preciso de financiamento para comprar equipamento novo",
            "I have a restaurant and I need financing to buy new equipment",
        ),
        (
            "como é que a minha empresa pode pedir um empréstimo",
            "how can my company apply for a loan",
        ),
    ),
    "card_issues": (
        (
            "pedi um cartão novo há duas semanas e ainda não chegou",
            "I ordered a new card two weeks ago and it still hasn't arrived",
        ),
        (
            "o meu cartão está a ser recusado nas lojas mas tenho dinheiro na conta",
            "my card is being declined in shops but I have money in the account",
        ),
        (
            "o chip do cartão está estragado e o terminal não o lê",
            "the chip on my card is damaged and the card terminal doesn't read it",
        ),
        (
            "o meu cartão caducou e ainda não recebi o novo",
            "my card has expired and I still haven't received the new one",
        ),
    ),
    "cash_deposit": (
        (
            "queria fazer um depósito em dinheiro na minha conta",
            "I'd like to make a cash deposit into my account",
        ),
        (
            "posso depositar notas na máquina do banco ou tenho de ir ao balcão",
            "can I pay notes in at the bank's machine or do I have to go to the counter",
        ),
        (
            "tenho quinhentos euros em notas para depositar, onde é que posso fazer isso",
            "I have five hundred euros in notes to pay in, where can I do that",
        ),
        (
            "quanto tempo demora a aparecer na conta um depósito em dinheiro",
            "how long does a cash deposit take to show up in the account",
        ),
    ),
    "direct_debit": (
        (
            "quero cancelar um débito direto que já não uso",
            "I want to cancel a direct debit that I no longer use",
        ),
        (
            "apareceu-me um débito direto na conta que não reconheço",
            "a direct debit I don't recognise has appeared on my account",
        ),
        (
            "como é que autorizo um débito direto para o ginásio",
            "how do I authorise a direct debit for the gym",
        ),
        (
            "queria alterar a data em que o débito direto é cobrado",
            "I'd like to change the date on which the direct debit is charged",
        ),
    ),
    "freeze": (
        (
            "roubaram-me a carteira, preciso de bloquear o cartão já",
            "my wallet has been stolen, I need to block my card right now",
        ),
        ("perdi o cartão e quero que o bloqueiem", "I've lost my card and I want you to block it"),
        (
            "acho que me clonaram o cartão, bloqueiem-no o mais rápido possível",
            "I think my card has been cloned, block it as quickly as possible",
        ),
        (
            "podem congelar a minha conta temporariamente até eu encontrar o cartão",
            "can you freeze my account temporarily until I find my card",
        ),
    ),
    "high_value_payment": (
        (
            "tenho de fazer uma transferência de trinta mil euros para a entrada da casa",
            "I have to make a transfer of thirty thousand euros for the down payment on the house",
        ),
        (
            "há algum limite para transferências de valor elevado",
            "is there a limit on high-value transfers",
        ),
        (
            "bloquearam-me uma transferência grande, podem autorizá-la",
            "a large transfer of mine has been blocked, can you authorise it",
        ),
        (
            "vou comprar um carro e tenho de pagar vinte mil euros ao concessionário",
            "I'm buying a car and I have to pay the dealership twenty thousand euros",
        ),
    ),
    "joint_account": (
        (
            "eu e a minha namorada queremos abrir uma conta conjunta",
            "my girlfriend and I want to open a joint account",
        ),
        (
            "como é que ponho o meu marido como titular da minha conta",
            "how do I add my husband as a holder of my account",
        ),
        (
            "queria sair da conta conjunta que tenho com o meu irmão",
            "I'd like to come off the joint account I have with my brother",
        ),
        (
            "de que documentos é que precisamos para abrir uma conta em nome dos dois",
            "what documents do we need to open an account in both our names",
        ),
    ),
    "latest_transactions": (
        (
            "pode dizer-me os últimos movimentos da minha conta",
            "can you tell me the latest transactions on my account",
        ),
        (
            "queria ver os pagamentos mais recentes que fiz com o cartão",
            "I'd like to see the most recent payments I made with my card",
        ),
        (
            "queria saber se o ordenado já entrou e quais foram os últimos movimentos",
            "I'd like to know if my salary has come in yet and what the latest transactions were",
        ),
        (
            "preciso de rever tudo o que saiu da conta esta semana",
            "I need to go over everything that went out of the account this week",
        ),
    ),
    "pay_bill": (
        (
            "queria pagar a fatura da luz com o cartão",
            "I'd like to pay the electricity bill with my card",
        ),
        (
            "tenho de pagar a conta da água, posso fazer isso por telefone",
            "I have to pay the water bill, can I do that over the phone",
        ),
        (
            "como é que pago a fatura do telemóvel a partir da minha conta",
            "how do I pay my mobile phone bill from my account",
        ),
        (
            "recebi a nota de cobrança das Finanças e queria pagá-la",
            "I've received a tax bill from the tax office and I'd like to pay it",
        ),
    ),
}
