"""Spanish (es-ES) caller phrasings for the multilingual synthetic stand-in (tooling.synth).

Written for this course as natural Spanish phone-banking requests, not translated word for
word from the English ones; each phrasing carries an English gloss (MInDS-14's
``english_transcription`` column).
"""

LOCALE = "es-ES"
#: espeak-ng voice names for this language (checked with `espeak-ng --voices=<lang>`), non-mbrola
ESPEAK_VOICES = ("es",)
#: (native, English) call-centre openings; "" (no opening) twice so that many clips have none
OPENINGS = (
    ("", ""),
    ("", ""),
    ("hola, ", "hello, "),
    ("hola, buenos días, ", "hello, good morning, "),
    ("sí, hola, ", "yes, hello, "),
    ("buenas tardes, ", "good afternoon, "),
    ("hola, mire, ", "hello, look, "),
)
#: (native, English) closings, each starting with ", " when non-empty; ("", "") twice
CLOSINGS = (
    ("", ""),
    ("", ""),
    (", gracias", ", thank you"),
    (", por favor", ", please"),
    (", muchas gracias", ", thanks a lot"),
    (", a ver si me pueden ayudar", ", let's see if you can help me"),
)
#: Four ways a caller asks for each intent: (native, English gloss), in MInDS-14's intent order.
PHRASINGS = {
    "abroad": (
        (
            "la semana que viene me voy a Francia y quiero usar la tarjeta allí",
            "next week I'm going to France and I want to use my card there",
        ),
        (
            "quería saber si me cobran comisión por sacar dinero en el extranjero",
            "I wanted to know if you charge me a fee for taking money out abroad",
        ),
        (
            "quería avisarles de que voy a estar un mes de viaje por Estados Unidos",
            "I wanted to let you know that I'm going to be travelling around the United States "
            "for a month",
        ),
        (
            "puedo pagar con mi tarjeta de débito cuando esté fuera de España",
            "can I pay with my debit card when I'm outside Spain",
        ),
    ),
    "address": (
        (
            "me he mudado y tengo que cambiar la dirección",
            "I've moved and I have to change my address",
        ),
        (
            "quería actualizar mi domicilio, ahora vivo en Valencia",
            "I wanted to update my home address, I live in Valencia now",
        ),
        (
            "las cartas del banco me siguen llegando a la dirección antigua",
            "the bank's letters keep coming to my old address",
        ),
        (
            "en los extractos sale mal mi dirección, falta el piso y la puerta",
            "my address is wrong on the statements, the floor and the door number are missing",
        ),
    ),
    "app_error": (
        (
            "la aplicación del banco se me cierra nada más abrirla",
            "the bank app closes on me as soon as I open it",
        ),
        (
            "no consigo entrar en la app, me dice que la contraseña es incorrecta",
            "I can't get into the app, it tells me the password is incorrect",
        ),
        (
            "cada vez que intento hacer una transferencia desde el móvil me sale un error",
            "every time I try to make a transfer from my phone I get an error",
        ),
        (
            "desde la última actualización la aplicación no me funciona",
            "since the last update the app doesn't work for me",
        ),
    ),
    "atm_limit": (
        (
            "cuánto dinero puedo sacar como máximo al día en el cajero",
            "what's the most money I can take out at the cash machine per day",
        ),
        (
            "necesito subir el límite de retirada diaria de mi tarjeta",
            "I need to raise my card's daily withdrawal limit",
        ),
        (
            "el cajero no me deja sacar más, dice que he llegado al límite",
            "the cash machine won't let me take out any more, it says I've reached the limit",
        ),
        (
            "mañana tengo que sacar mil euros en efectivo, me pueden ampliar el límite del cajero",
            "tomorrow I have to take out a thousand euros in cash, "
            "can you raise my cash machine limit",
        ),
    ),
    "balance": (
        (
            "quería saber el saldo de mi cuenta corriente",
            "I wanted to know the balance of my current account",
        ),
        ("cuánto dinero me queda en la cuenta", "how much money have I got left in the account"),
        (
            "me puede decir cuánto tengo en la cuenta de ahorro",
            "can you tell me how much I have in my savings account",
        ),
        (
            "necesito consultar el saldo disponible antes de hacer una compra",
            "I need to check my available balance before making a purchase",
        ),
    ),
    "business_loan": (
        (
            "tengo un pequeño negocio y estoy buscando un préstamo para ampliarlo",
            "I have a small business and I'm looking for a loan to expand it",
        ),
        (
            "qué tipo de interés tienen para los préstamos a empresas",
            "what interest rate do you have for business loans",
        ),
        (
            "soy autónomo y necesito financiación para comprar una furgoneta para el negocio",
            "I'm self-employed and I need financing to buy a van for the business",
        ),
        (
            "cómo puedo pedir un préstamo para mi empresa",
            "how can I apply for a loan for my company",
        ),
    ),
    "card_issues": (
        (
            "hace dos semanas que pedí la tarjeta nueva y todavía no me ha llegado",
            "I ordered my new card two weeks ago and it still hasn't arrived",
        ),
        (
            "me rechazan la tarjeta en las tiendas aunque tengo dinero en la cuenta",
            "my card gets declined in shops even though I have money in the account",
        ),
        (
            "el chip de la tarjeta está estropeado y el datáfono no la lee",
            "the chip on my card is damaged and the card machine won't read it",
        ),
        (
            "se me ha caducado la tarjeta y no me han mandado la nueva",
            "my card has expired and you haven't sent me the new one",
        ),
    ),
    "cash_deposit": (
        ("quiero ingresar dinero en efectivo en mi cuenta", "I want to pay cash into my account"),
        (
            "puedo hacer un ingreso en efectivo en cualquier cajero",
            "can I make a cash deposit at any cash machine",
        ),
        (
            "tengo que ingresar quinientos euros en billetes, dónde lo puedo hacer",
            "I need to pay in five hundred euros in notes, where can I do it",
        ),
        (
            "cuánto tarda en aparecer en la cuenta un ingreso en efectivo",
            "how long does a cash deposit take to show up in the account",
        ),
    ),
    "direct_debit": (
        (
            "quiero dar de baja una domiciliación que ya no uso",
            "I want to cancel a direct debit that I no longer use",
        ),
        (
            "me han cargado un recibo domiciliado que no reconozco",
            "I've been charged a direct debit that I don't recognise",
        ),
        (
            "cómo domicilio la cuota del gimnasio en esta cuenta",
            "how do I set up the gym fee as a direct debit on this account",
        ),
        (
            "quería cambiar la cuenta en la que tengo domiciliados los recibos",
            "I wanted to change the account that my direct debits are paid from",
        ),
    ),
    "freeze": (
        (
            "me han robado la cartera, necesito bloquear la tarjeta ya",
            "my wallet has been stolen, I need to block my card right now",
        ),
        (
            "he perdido la tarjeta y quiero que me la bloqueen",
            "I've lost my card and I want you to block it",
        ),
        (
            "creo que me han clonado la tarjeta, quiero bloquearla cuanto antes",
            "I think my card has been cloned, I want to block it as soon as possible",
        ),
        (
            "me pueden bloquear la cuenta temporalmente hasta que encuentre la tarjeta",
            "can you block my account temporarily until I find my card",
        ),
    ),
    "high_value_payment": (
        (
            "tengo que hacer una transferencia de treinta mil euros para la entrada del piso",
            "I have to make a transfer of thirty thousand euros for the deposit on the flat",
        ),
        (
            "hay algún límite si quiero hacer una transferencia muy grande",
            "is there any limit if I want to make a very large transfer",
        ),
        (
            "me han bloqueado una transferencia grande, me la pueden autorizar",
            "a large transfer of mine has been blocked, can you authorise it",
        ),
        (
            "me voy a comprar un coche y tengo que pagarle al concesionario quince mil euros",
            "I'm buying a car and I have to pay the dealership fifteen thousand euros",
        ),
    ),
    "joint_account": (
        (
            "mi pareja y yo queremos abrir una cuenta conjunta",
            "my partner and I want to open a joint account",
        ),
        (
            "cómo añado a mi mujer como titular de mi cuenta",
            "how do I add my wife as a holder of my account",
        ),
        (
            "quería quitar a mi exmarido de la cuenta que compartimos",
            "I wanted to remove my ex-husband from the account we share",
        ),
        (
            "qué documentos necesitamos para abrir una cuenta a nombre de los dos",
            "what documents do we need to open an account in both our names",
        ),
    ),
    "latest_transactions": (
        (
            "me puede decir los últimos movimientos de mi cuenta",
            "can you tell me the latest transactions on my account",
        ),
        (
            "quiero ver los pagos más recientes que he hecho con la tarjeta",
            "I want to see the most recent payments I've made with my card",
        ),
        (
            "quería saber si ya me ha entrado la nómina, qué movimientos tengo de hoy",
            "I wanted to know if my salary has come in yet, what transactions I have from today",
        ),
        (
            "necesito repasar los cargos de esta última semana",
            "I need to go over the charges from this past week",
        ),
    ),
    "pay_bill": (
        (
            "quiero pagar la factura de la luz con la tarjeta",
            "I want to pay the electricity bill with my card",
        ),
        (
            "tengo que pagar la factura del agua, lo puedo hacer por teléfono",
            "I have to pay the water bill, can I do it over the phone",
        ),
        (
            "cómo pago la factura del móvil desde mi cuenta",
            "how do I pay my mobile phone bill from my account",
        ),
        (
            "me ha llegado la factura del gas y quiero pagarla ahora",
            "the gas bill has arrived and I want to pay it now",
        ),
    ),
}
