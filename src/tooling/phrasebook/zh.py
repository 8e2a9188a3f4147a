"""Mandarin Chinese (zh-CN, simplified characters) caller phrasings for the multilingual
synthetic stand-in (tooling.synth).

Written for this course as natural mainland phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "zh-CN"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=<lang>`), non-mbrola.
#: Only "cmn-latn-pinyin" (sit/cmn-Latn-pinyin): with espeak-ng 1.51 the plain "cmn" voice
#: (sit/cmn) reads many characters as pinyin spelled out in English ("ni three" for 你),
#: because its dictionary entries are tone-numbered pinyin and "cmn" reads Latin as English.
ESPEAK_VOICES = ("cmn-latn-pinyin",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("你好，", "hi, "),
    ("您好，", "hello, "),
    ("喂，你好，", "hello, hi, "),
    ("喂，", "hello, "),
)
#: (native, English) closings, each starting with "，" when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    ("，谢谢", ", thank you"),
    ("，麻烦你了", ", sorry for the trouble"),
    ("，麻烦帮我看一下", ", could you look into it for me"),
    ("，能帮我解决一下吗", ", can you sort it out for me"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "下个月我要去泰国旅游，这张卡在那边能用吗",
            "next month I'm going to Thailand on holiday, can this card be used there",
        ),
        (
            "在国外的取款机取现要收多少手续费",
            "how much is the fee for withdrawing cash from a cash machine abroad",
        ),
        (
            "我要去新加坡住几个月，要提前开通境外支付吗",
            "I'm staying in Singapore for a few months, should I enable overseas payments first",
        ),
        (
            "银联卡在日本刷卡有没有额外费用",
            "are there any extra charges for paying with my UnionPay card in Japan",
        ),
    ),
    "address": (
        (
            "我搬家了，想改一下在你们这里留的住址",
            "I've moved house and want to change the address I gave you",
        ),
        (
            "你们那边登记的住址是错的，能帮我改过来吗",
            "the address you have on record for me is wrong, can you correct it",
        ),
        (
            "怎么修改账户上的家庭住址",
            "how do I change the home address on my account",
        ),
        (
            "我要更新一下住址，以后对账单寄到新家",
            "I need to update my address, send my statements to my new home from now on",
        ),
    ),
    "app_error": (
        (
            "手机客户端一登录就闪退",
            "the mobile banking app crashes as soon as I log in",
        ),
        (
            "你们的客户端一直提示系统错误",
            "your app keeps showing a system error",
        ),
        (
            "我在手机应用里转账，页面一直卡着不动",
            "I'm making a transfer in the phone app and the page is stuck",
        ),
        (
            "密码明明是对的，客户端就是登不上去",
            "my password is definitely right but I just can't log in to the app",
        ),
    ),
    "atm_limit": (
        (
            "取款机一天最多能取多少钱",
            "what's the most money I can withdraw from a cash machine in a day",
        ),
        (
            "我想把每天的取现额度提高一点",
            "I'd like to raise my daily cash withdrawal limit a bit",
        ),
        (
            "刚才取钱，取款机提示超过当日限额了",
            "I was just withdrawing money and the machine said I'd gone over today's limit",
        ),
        (
            "能不能把我的单日取款限额改成五万块",
            "could you change my daily withdrawal limit to fifty thousand yuan",
        ),
    ),
    "balance": (
        (
            "我想查一下我卡里还有多少钱",
            "I'd like to check how much money is still on my card",
        ),
        (
            "请帮我查一下储蓄卡的余额",
            "please check the balance of my debit card for me",
        ),
        (
            "我现在账户里还剩多少钱",
            "how much money is left in my account now",
        ),
        (
            "工资卡上的可用余额是多少",
            "what's the available balance on my salary card",
        ),
    ),
    "business_loan": (
        (
            "我开了一家小饭馆，想申请一笔经营贷",
            "I've opened a small restaurant and want to apply for a business loan",
        ),
        (
            "你们小微企业经营贷的利率是多少",
            "what's your interest rate on business loans for small firms",
        ),
        (
            "公司想扩大生产，能在你们这里申请融资吗",
            "my company wants to expand production, can we apply for financing with you",
        ),
        (
            "个体户申请经营贷需要准备什么材料",
            "what documents does a self-employed trader need to apply for a business loan",
        ),
    ),
    "card_issues": (
        (
            "我新办的卡到现在还没寄到",
            "the new card I applied for still hasn't arrived",
        ),
        (
            "卡里明明有钱，刷卡的时候却被拒了",
            "there's definitely money on my card but it was declined when I paid",
        ),
        (
            "我的卡芯片坏了，机器读不出来",
            "the chip on my card is broken, the machine can't read it",
        ),
        (
            "我的卡已经过期了，新卡一直没收到",
            "my card has already expired and I still haven't received the new one",
        ),
    ),
    "cash_deposit": (
        (
            "我想往自己的账户里存点现金",
            "I'd like to put some cash into my account",
        ),
        (
            "附近哪里可以存现金",
            "where nearby can I deposit cash",
        ),
        (
            "我要存两万块现金，需要预约吗",
            "I want to deposit twenty thousand yuan in cash, do I need to book in advance",
        ),
        (
            "在自助存款机上存的钱多久能到账",
            "how long does cash paid in at a self-service deposit machine take to reach my account",
        ),
    ),
    "direct_debit": (
        (
            "我想取消一个每个月的自动扣款",
            "I want to cancel a monthly automatic debit",
        ),
        (
            "账户里每月都被代扣一笔钱，这是什么扣款",
            "a sum is deducted from my account every month, what is this debit",
        ),
        (
            "怎么给健身房的会员费设置自动扣款",
            "how do I set up an automatic debit for my gym membership fee",
        ),
        (
            "自动扣款的日期能改到每月十五号吗",
            "can the automatic debit date be changed to the fifteenth of each month",
        ),
    ),
    "freeze": (
        (
            "我的储蓄卡丢了，请马上帮我挂失",
            "I've lost my debit card, please report it lost right away",
        ),
        (
            "钱包被偷了，能不能先把我的卡冻结",
            "my wallet was stolen, can you freeze my card first",
        ),
        (
            "我怀疑卡被盗刷了，想先冻结账户",
            "I suspect my card has been used by someone else, I want to freeze the account first",
        ),
        (
            "可以临时冻结一下我的账户吗",
            "can you temporarily freeze my account",
        ),
    ),
    "high_value_payment": (
        (
            "我要付房子首付，需要转一百五十万过去",
            "I'm paying the down payment on a flat and need to transfer one and a half million",
        ),
        (
            "买车要给经销商转一大笔钱，怎么操作",
            "I'm buying a car and need to send a large sum to the dealer, how do I do it",
        ),
        (
            "单笔转账最多能转多少",
            "what's the most I can transfer in a single payment",
        ),
        (
            "我的大额转账被拦截了，怎么解除",
            "my large transfer was blocked, how do I get it released",
        ),
    ),
    "joint_account": (
        (
            "我想和我爱人一起开一个联名账户",
            "I'd like to open a joint account with my spouse",
        ),
        (
            "夫妻俩能在你们这里开共同账户吗",
            "can a married couple open a joint account with you",
        ),
        (
            "怎么把我老婆加到我的账户上，一起管理",
            "how do I add my wife to my account so we can manage it together",
        ),
        (
            "我想退出和前男友的共同账户",
            "I want to leave the joint account I share with my ex-boyfriend",
        ),
    ),
    "latest_transactions": (
        (
            "帮我查一下最近几笔交易记录",
            "please check my last few transactions for me",
        ),
        (
            "我想知道这几天卡上都有哪些消费",
            "I want to know what was spent on my card over the last few days",
        ),
        (
            "最近一笔入账是什么时候的",
            "when was the most recent payment into my account",
        ),
        (
            "能给我念一下最新的收支明细吗",
            "could you read out my latest incoming and outgoing transactions",
        ),
    ),
    "pay_bill": (
        (
            "我想用卡交一下电费",
            "I'd like to pay my electricity bill by card",
        ),
        (
            "水费单到了，怎么在你们这里交",
            "my water bill has arrived, how do I pay it with you",
        ),
        (
            "燃气费能不能在你们柜台缴纳",
            "can I pay my gas bill at your counter",
        ),
        (
            "帮我把欠的话费交了，一共一百二十块",
            "please pay my overdue phone bill for me, it's a hundred and twenty yuan in total",
        ),
    ),
}
