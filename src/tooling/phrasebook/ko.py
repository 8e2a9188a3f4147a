"""Korean (ko-KR) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural Korean phone-banking requests in polite speech (해요체 and
합니다체), not translated word for word from the English ones; each phrasing carries an English
gloss (MInDS-14's ``english_transcription`` column).
"""

LOCALE = "ko-KR"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=<lang>`), non-mbrola
ESPEAK_VOICES = ("ko",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("안녕하세요, ", "hello, "),
    ("여보세요, ", "hello, "),
    ("네, 안녕하세요, ", "yes, hello, "),
    ("문의 좀 드리려고 하는데요, ", "I'm calling with a question, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", 감사합니다", ", thank you"),
    (", 부탁드립니다", ", please"),
    (", 도와주실 수 있나요", ", can you help me"),
    (", 확인 부탁드려요", ", could you check that for me, please"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "다음 주에 일본 여행 가는데 제 카드 거기서도 쓸 수 있나요",
            "I'm going on a trip to Japan next week, can I use my card there too",
        ),
        (
            "해외에서 카드로 결제하면 수수료가 얼마나 나와요",
            "how much is the fee if I pay by card abroad",
        ),
        (
            "해외 현금인출기에서도 돈을 뽑을 수 있어요",
            "can I take money out of cash machines overseas too",
        ),
        (
            "출장으로 베트남에 가는데 해외 사용 설정을 해야 하나요",
            "I'm going to Vietnam on a business trip, do I need to switch on overseas use",
        ),
    ),
    "address": (
        (
            "이사를 해서 주소를 변경하려고 하는데요",
            "I've moved house so I'd like to change my address",
        ),
        (
            "등록된 주소가 잘못돼 있어서 수정하고 싶어요",
            "the address you have registered is wrong and I'd like to correct it",
        ),
        (
            "우편물 받는 주소를 새 집으로 바꿀 수 있을까요",
            "could I change the address I get my post at to my new home",
        ),
        (
            "자택 주소 변경은 어떻게 하면 되나요",
            "how do I go about changing my home address",
        ),
    ),
    "app_error": (
        (
            "은행 앱이 자꾸 튕겨서 로그인이 안 돼요",
            "the bank app keeps crashing so I can't log in",
        ),
        (
            "모바일 뱅킹 앱에서 계속 오류 메시지가 떠요",
            "the mobile banking app keeps showing an error message",
        ),
        (
            "앱으로 이체하려고 하면 화면이 멈춰 버려요",
            "whenever I try to make a transfer in the app, the screen freezes",
        ),
        (
            "업데이트하고 나서 앱이 아예 안 열리는데 어떻게 해야 하나요",
            "since the update the app won't open at all, what should I do",
        ),
    ),
    "atm_limit": (
        (
            "현금인출기에서 하루에 최대 얼마까지 뽑을 수 있어요",
            "what's the most I can take out of a cash machine in a day",
        ),
        (
            "하루 출금 한도를 좀 올리고 싶은데요",
            "I'd like to raise my daily withdrawal limit",
        ),
        (
            "현금인출기에서 돈을 찾으려는데 한도 초과라고 나와요",
            "I'm trying to take money out at a cash machine but it says I'm over the limit",
        ),
        (
            "현금 인출 한도를 삼백만 원으로 늘려 주실 수 있나요",
            "could you raise my cash withdrawal limit to three million won",
        ),
    ),
    "balance": (
        (
            "제 통장 잔액 좀 확인하고 싶어요",
            "I'd like to check the balance of my account",
        ),
        (
            "지금 계좌에 돈이 얼마나 남아 있나요",
            "how much money is left in my account right now",
        ),
        (
            "예금 잔액 조회 좀 해 주시겠어요",
            "could you look up my deposit balance for me",
        ),
        (
            "월급 통장에 잔고가 얼마 있는지 궁금해서요",
            "I'm wondering how much is in my salary account",
        ),
    ),
    "business_loan": (
        (
            "작은 식당을 운영하는데 사업자 대출을 받고 싶어요",
            "I run a small restaurant and I'd like to get a business loan",
        ),
        (
            "법인 대출 금리가 어떻게 되나요",
            "what's the interest rate on corporate loans",
        ),
        (
            "회사 운영 자금이 필요해서 대출 상담을 받으려고요",
            "my company needs working capital so I'd like to talk to someone about a loan",
        ),
        (
            "개인사업자도 시설 자금 대출을 신청할 수 있나요",
            "can sole proprietors also apply for an equipment financing loan",
        ),
    ),
    "card_issues": (
        (
            "새로 신청한 카드가 아직 안 왔어요",
            "the new card I applied for hasn't arrived yet",
        ),
        (
            "잔액이 있는데도 카드 결제가 자꾸 거절돼요",
            "my card payments keep getting declined even though I have money",
        ),
        (
            "카드 칩이 손상됐는지 단말기에서 인식이 안 돼요",
            "the chip on my card seems to be damaged, the card reader won't recognise it",
        ),
        (
            "카드 유효기간이 지났는데 갱신 카드를 못 받았어요",
            "my card has expired but I haven't received the renewed card",
        ),
    ),
    "cash_deposit": (
        (
            "제 계좌에 현금을 입금하고 싶은데요",
            "I'd like to deposit cash into my account",
        ),
        (
            "현금 입금은 어디서 할 수 있어요",
            "where can I make a cash deposit",
        ),
        (
            "편의점에서도 현금 입금이 되나요",
            "can I pay cash in at a convenience store too",
        ),
        (
            "현금으로 오십만 원 넣으려고 하는데 바로 반영되나요",
            "I want to put in five hundred thousand won in cash, will it show up right away",
        ),
    ),
    "direct_debit": (
        (
            "보험료 자동이체를 새로 등록하고 싶어요",
            "I'd like to set up a new automatic transfer for my insurance premium",
        ),
        (
            "헬스장 자동이체를 해지하려면 어떻게 해야 하나요",
            "what do I need to do to cancel the automatic transfer for my gym",
        ),
        (
            "제가 신청한 적 없는 자동이체로 돈이 빠져나갔어요",
            "money went out through an automatic transfer I never signed up for",
        ),
        (
            "자동이체 출금일을 이십오일로 바꿀 수 있나요",
            "can I change the automatic transfer date to the twenty-fifth",
        ),
    ),
    "freeze": (
        (
            "지갑을 도난당했어요, 카드 좀 당장 정지해 주세요",
            "my wallet was stolen, please stop my card right now",
        ),
        (
            "카드를 잃어버려서 분실 신고 하려고요",
            "I've lost my card so I want to report it lost",
        ),
        (
            "제 계좌를 잠시 거래 정지해 주실 수 있나요",
            "could you temporarily suspend transactions on my account",
        ),
        (
            "보이스피싱을 당한 것 같아요, 계좌 좀 막아 주세요",
            "I think I've fallen for a phone scam, please block my account",
        ),
    ),
    "high_value_payment": (
        (
            "전세 보증금으로 삼억 원을 보내야 하는데요",
            "I need to send three hundred million won for a lease deposit on a flat",
        ),
        (
            "차를 사려고 하는데 큰 금액을 한 번에 이체할 수 있나요",
            "I'm buying a car, can I transfer a large amount in one go",
        ),
        (
            "하루 이체 한도가 얼마예요, 오천만 원을 보내야 해서요",
            "what's the daily transfer limit, I have to send fifty million won",
        ),
        (
            "고액 송금이 막혔는데 어떻게 풀 수 있나요",
            "my large transfer got blocked, how can I get it released",
        ),
    ),
    "joint_account": (
        (
            "여자 친구랑 같이 쓸 모임통장을 만들고 싶어요",
            "I'd like to open a shared account to use together with my girlfriend",
        ),
        (
            "부부 공동 계좌를 개설하려면 뭐가 필요해요",
            "what do we need to open a joint account as a married couple",
        ),
        (
            "공동 명의 계좌에 아내를 추가할 수 있나요",
            "can I add my wife to the joint account",
        ),
        (
            "공동 명의 계좌에서 제 이름을 빼고 싶은데요",
            "I'd like to take my name off the joint account",
        ),
    ),
    "latest_transactions": (
        (
            "최근 거래 내역 좀 불러 주시겠어요",
            "could you read out my recent transactions",
        ),
        (
            "어제부터 오늘까지 결제된 내역을 확인하고 싶어요",
            "I'd like to check the payments made between yesterday and today",
        ),
        (
            "마지막으로 입금된 게 뭔지 알려 주세요",
            "please tell me what the last payment into my account was",
        ),
        (
            "최근에 빠져나간 돈이 뭐가 있는지 궁금해요",
            "I'd like to know what money has gone out recently",
        ),
    ),
    "pay_bill": (
        (
            "전기 요금을 카드로 내고 싶어요",
            "I'd like to pay my electricity bill by card",
        ),
        (
            "이번 달 수도 요금을 납부하려고 하는데요",
            "I'd like to pay this month's water bill",
        ),
        (
            "가스비 납부는 어떻게 하나요",
            "how do I pay the gas bill",
        ),
        (
            "관리비랑 통신비를 여기서 같이 낼 수 있을까요",
            "can I pay my apartment maintenance fee and my phone bill here together",
        ),
    ),
}
