"""Russian (ru-RU) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural Russian phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "ru-RU"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=<lang>`), non-mbrola
ESPEAK_VOICES = ("ru", "ru-lv")
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("здравствуйте, ", "hello, "),
    ("добрый день, ", "good afternoon, "),
    ("алло, здравствуйте, ", "hello, hi, "),
    ("да, здравствуйте, ", "yes, hello, "),
    ("доброе утро, ", "good morning, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", спасибо", ", thank you"),
    (", пожалуйста", ", please"),
    (", заранее спасибо", ", thanks in advance"),
    (", подскажите, пожалуйста", ", could you advise me, please"),
    (", помогите, пожалуйста", ", please help me"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "на следующей неделе я лечу в Турцию, моя карта там будет работать",
            "next week I'm flying to Turkey, will my card work there",
        ),
        (
            "какая комиссия, если снимать наличные в банкомате за границей",
            "what's the fee for withdrawing cash from a cash machine abroad",
        ),
        (
            "я уезжаю в отпуск в Грузию и хочу предупредить банк о поездке",
            "I'm going on holiday to Georgia and want to let the bank know about the trip",
        ),
        (
            "можно ли расплачиваться картой за границей, например в Армении",
            "can I pay by card abroad, for example in Armenia",
        ),
    ),
    "address": (
        (
            "я переехал, мне нужно поменять адрес в банке",
            "I've moved, I need to change my address with the bank",
        ),
        (
            "как обновить адрес проживания в моих данных",
            "how do I update my home address in my details",
        ),
        (
            "у вас указан неправильный адрес, можно его исправить",
            "you have the wrong address on file, can it be corrected",
        ),
        (
            "хочу сменить почтовый адрес, куда приходят выписки",
            "I want to change the postal address my statements are sent to",
        ),
    ),
    "app_error": (
        (
            "мобильное приложение вылетает сразу после входа",
            "the mobile app crashes straight after I log in",
        ),
        (
            "не могу войти в приложение, пишет неверный пароль, хотя он правильный",
            "I can't log in to the app, it says wrong password even though it's correct",
        ),
        (
            "приложение банка выдаёт ошибку при переводе, что делать",
            "the bank's app gives an error when I make a transfer, what should I do",
        ),
        (
            "у меня со вчерашнего дня не работает ваше приложение",
            "your app hasn't been working for me since yesterday",
        ),
    ),
    "atm_limit": (
        (
            "какой у меня суточный лимит на снятие наличных",
            "what's my daily limit for cash withdrawals",
        ),
        (
            "банкомат не дал снять деньги, пишет, что превышен лимит",
            "the cash machine wouldn't let me take out money, it says the limit has been exceeded",
        ),
        (
            "можно увеличить лимит снятия в банкомате до двухсот тысяч рублей в день",
            "can you raise my cash machine withdrawal limit to two hundred thousand roubles a day",
        ),
        (
            "сколько максимум можно снять в банкомате за один день",
            "what's the maximum I can withdraw from a cash machine in one day",
        ),
    ),
    "balance": (
        (
            "хочу узнать баланс по своей карте",
            "I'd like to find out the balance on my card",
        ),
        (
            "сколько сейчас денег на моём счёте",
            "how much money is in my account right now",
        ),
        (
            "скажите, какой остаток на сберегательном счёте",
            "tell me, what's the balance on my savings account",
        ),
        (
            "мне нужно проверить остаток на зарплатной карте",
            "I need to check the balance on my salary card",
        ),
    ),
    "business_loan": (
        (
            "я хочу взять кредит на развитие бизнеса",
            "I want to take out a loan to grow my business",
        ),
        (
            "какие у вас условия кредитования для малого бизнеса",
            "what are your lending terms for small businesses",
        ),
        (
            "у меня своя пекарня, нужен кредит на новое оборудование",
            "I have my own bakery, I need a loan for new equipment",
        ),
        (
            "может ли индивидуальный предприниматель взять кредит на оборотные средства",
            "can a sole trader take out a loan for working capital",
        ),
    ),
    "card_issues": (
        (
            "мне до сих пор не пришла новая карта",
            "my new card still hasn't arrived",
        ),
        (
            "в магазине карту отклонили, хотя деньги на счёте есть",
            "my card was declined in the shop even though there's money in the account",
        ),
        (
            "у карты повредился чип, терминал её не читает",
            "the chip on my card is damaged, the card reader won't read it",
        ),
        (
            "срок действия карты закончился, а новую мне так и не выпустили",
            "my card has expired and I still haven't been issued a new one",
        ),
    ),
    "cash_deposit": (
        (
            "я хочу положить наличные на свой счёт",
            "I want to put cash into my account",
        ),
        (
            "где можно внести наличные, через банкомат можно",
            "where can I pay in cash, can I do it at a cash machine",
        ),
        (
            "мне нужно внести пятьдесят тысяч рублей наличными на карту",
            "I need to pay fifty thousand roubles in cash onto my card",
        ),
        (
            "через сколько зачислятся деньги, если я внесу наличные в отделении",
            "how long until the money is credited if I pay in cash at a branch",
        ),
    ),
    "direct_debit": (
        (
            "хочу подключить автоплатёж за спортзал",
            "I want to set up an automatic payment for the gym",
        ),
        (
            "как отключить автосписание за подписку",
            "how do I turn off the automatic debit for a subscription",
        ),
        (
            "с меня списали деньги по автоплатежу, который я не подключал",
            "money was taken from me by an automatic payment I never set up",
        ),
        (
            "можно перенести дату автоплатежа на двадцатое число",
            "can I move the date of my automatic payment to the twentieth",
        ),
    ),
    "freeze": (
        (
            "у меня украли кошелёк, срочно заблокируйте карту",
            "my wallet has been stolen, block my card right away",
        ),
        (
            "я потерял карту, её нужно заблокировать",
            "I've lost my card, it needs to be blocked",
        ),
        (
            "можно временно заморозить мой счёт",
            "can you temporarily freeze my account",
        ),
        (
            "кажется, мошенники узнали данные карты, заблокируйте её",
            "I think fraudsters have got my card details, block it",
        ),
    ),
    "high_value_payment": (
        (
            "мне нужно перевести три миллиона рублей за квартиру",
            "I need to transfer three million roubles for a flat",
        ),
        (
            "я покупаю машину, как отправить крупную сумму автосалону",
            "I'm buying a car, how do I send a large sum to the dealership",
        ),
        (
            "какую максимальную сумму можно перевести за один раз",
            "what's the largest amount I can transfer in one go",
        ),
        (
            "мой крупный перевод приостановили, как его подтвердить",
            "my large transfer has been put on hold, how do I confirm it",
        ),
    ),
    "joint_account": (
        (
            "мы с женой хотим открыть совместный счёт",
            "my wife and I want to open a joint account",
        ),
        (
            "как добавить мужа вторым владельцем моего счёта",
            "how do I add my husband as a second holder of my account",
        ),
        (
            "можно ли открыть общий счёт на двоих для семейных расходов",
            "can we open a shared account for the two of us for household expenses",
        ),
        (
            "я хочу выйти из совместного счёта с бывшим партнёром",
            "I want to come off a joint account I have with my ex-partner",
        ),
    ),
    "latest_transactions": (
        (
            "какие последние операции были по моей карте",
            "what were the latest transactions on my card",
        ),
        (
            "продиктуйте, пожалуйста, последние операции по счёту",
            "please read out the latest transactions on my account",
        ),
        (
            "хочу посмотреть, какие платежи прошли за последние дни",
            "I want to see which payments have gone through in the last few days",
        ),
        (
            "пришла ли сегодня зарплата, какие последние поступления на счёт",
            "has my salary come in today, what are the latest incoming payments to my account",
        ),
    ),
    "pay_bill": (
        (
            "хочу оплатить счёт за электричество с карты",
            "I want to pay the electricity bill from my card",
        ),
        (
            "как оплатить квитанцию за коммунальные услуги через ваш банк",
            "how do I pay my utility bill through your bank",
        ),
        (
            "мне нужно заплатить за воду и газ",
            "I need to pay for water and gas",
        ),
        (
            "можно через вас оплатить счёт за телефон",
            "can I pay my phone bill through you",
        ),
    ),
}
