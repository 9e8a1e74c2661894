"""What a question asks for: the kind of value (`Kind`: a quantity, a percentage, a date, a name, an amount of money)
by its own question word, and whether it asks "which <thing>".

"How many…/Quanti…/Сколько…" asks for a quantity, "what percentage" for a percentage, "When…/Quando…/Когда…"
for a date, "Who…/Chi…/Кто…" for a name, "What did it cost…/Quanto costava…/Какой бюджет…" for an amount of money.
Only the question's own question word asks (`first_question_word`): "when" in "What happens to the files when…"
or "che" in "il film che ha vinto…" asks nothing. "Which program…/Quale funzione…/Какая ошибка…" asks for no kind
of value but most often for a name or an identifier (`asks_identifier`). Cues exist for en/it/ru/de/fr/es/pt/nl/pl/
uk/tr/ar, and for Chinese, Japanese, Korean and Thai, found inside their words (no spaces stand between Chinese,
Japanese or Thai words; Korean writes its particles onto the word). Turkish asks late in the sentence ("Büyük
ödülü *kim* kazandı?"): its question words are rarely the question's own by position, and then its cues count
wherever they stand, as in any question without a question word of the tables. The tables here are shared: the
words of a cue that are not what the question is about are `rag/cue_words.py`'s, whether a question goes on from
the conversation is `rag/followup_cues.py`'s, and whether a sentence offers such a value `rag/qtype.py`'s; this
module reads only the question.
"""

from __future__ import annotations

import re
from enum import Enum

from index.analyze import CJK_RUN, fold

WORD = re.compile(r"[^\W\d_][\w’'-]*")  # a word (letters first), as the question and value readers split text
ELISION = re.compile(r"['’]")  # inside a word: an elided article or pronoun ("qu'elle", "l'azienda", "what's")
ELIDED_ARTICLE = re.compile(r"^[^\W\d_]{1,4}['’](?=[^\W\d_])")  # "d'", "l'", "dell'", "qu'", "L’" before a word


class Kind(Enum):
    QUANTITY = "quantity"
    PERCENT = "percent"
    DATE = "date"
    NAME = "name"
    MONEY = "money"


# Verbs after which Dutch "wie" is "who" (German "wie", "how", is followed by others: "Wie *ist*…", "Wie *viele*…").
_DUTCH_VERBS = (
    "is|was|zijn|waren|heeft|hebben|had|hadden|won|wint|wonnen|maakte|maakten|maakt|schreef|schreven|regisseerde|"
    "leidde|leidt|speelde|speelt|bedacht|ontwierp|ontwikkelde|richtte|werd|werden|wordt|zal|kan|moet|zit|zat|staat|"
    "stond|kreeg|kregen|krijgt|ontving|ontvangt|produceerde|zingt|zong|werkte|schrijft|regisseert"
)
_CUES = {
    Kind.QUANTITY: (
        r"how (many|much|big|large|long|old|often|far)|what (percentage|share|amount|number|sum|price)|"
        r"by how much|quant[aeio]|quale (percentuale|cifra|somma)|di quant[aeio]|a quanto|"
        r"сколько|скольк(их|им|ими)|на сколько|какой (бюджет|процент)|какая сумма|какую сумму|"
        r"wie ?viel(e[nr]?)?|wie (groß|gross|lange|lang|alt|oft|weit|hoch)|welche (anzahl|zahl|menge|größe)|"
        r"um wie ?viel|"
        r"combien|quel(le)? (nombre|quantité|taille|durée|pourcentage|montant)|de combien|"
        r"cu[aá]nt[oa]s?|qu[eé] (cantidad|n[uú]mero|tamaño|porcentaje)|en cu[aá]nto|"
        r"quant[oa]s|h[aá] quanto tempo|em quanto|qual (?:[eé] |foi |era )?a (porcentagem|quantidade|dura[cç][aã]o)|"
        r"hoeveel|hoe (lang|groot|oud|vaak|ver|hoog|duur)|"
        r"ile|ilu|o ile|jak (długo|duż\w*|wielk\w*|często|daleko|star\w*|wysok\w*)|"
        r"скільки|скільк(ох|ом|ома)|на скільки|як (довго|часто|далеко)|"
        r"kaç(?!\s+yılında)|ne kadar\w*|"
        r"و?كم(?: عدد)?|و?ما (?:هو |هي )?(?:عدد|حجم|مدة|طول)"
    ),
    Kind.PERCENT: r"percent|percentage|per cent|percentual[ei]|per cento|процент\w*|prozent\w*|pour ?cent\w*|"
    r"por ?ciento|porcentaje|porcentagem|percentual|por cento|procent\w*|відсот\w*|yüzde\w*|"
    r"\w*نسب\w*|بالم[ئا]\w*|في الم[ئا]\w*|\w*الم[ئا]وية",
    Kind.DATE: (
        r"when|what (year|month|date|day)|in which (year|month)|since when|quando|in che (anno|mese|giorno|periodo)|"
        r"in quale (anno|mese)|da quando|когда|в каком (году|месяце)|какого числа|в какие даты|с какого|"
        r"wann|seit wann|ab wann|in welchem (jahr|monat)|an welchem (tag|datum)|"
        r"quand|depuis quand|en quelle année|quelle (année|date)|en quel mois|à quelle date|"
        r"cu[aá]ndo|desde cu[aá]ndo|en qu[eé] (año|mes|fecha)|qu[eé] (año|fecha|día)|"
        r"desde quando|em (que|qual) (ano|m[eê]s|data|dia)|qual (foi )?(o ano|a data)|que (ano|dia|data)|"
        r"qual (ano|dia)|"
        r"wanneer|sinds wanneer|in welk(e)? (jaar|maand)|op welke (datum|dag)|welke datum|"
        r"kiedy|od kiedy|w (którym|jakim) (roku|miesiącu)|którego (dnia|roku)|jakiego dnia|"
        r"коли|з якого (часу|року)|(у|в) якому (році|місяці)|якого (числа|року|дня)|котрого року|"
        r"ne zaman|hangi (yıl|yılda|yılında|tarihte|tarihinde|ay|ayda|gün|günde)|kaç yılında|"
        r"و?متى|منذ متى|في [أا]ي[ةه]? (?:عام|سنة|شهر|يوم)|و?ما (?:هو |هي )?تاريخ"
    ),
    Kind.NAME: r"who|whom|whose|chi|кто|кого|кому|кем|чей|чья|чьё|чьи|wer|wen|wem|wessen|qui|qui[eé]n(es)?|quem|"
    # Dutch "wie" only before a verb German "wie" ("how") never takes: "Wie *is*…", "Wie *heeft*…", not "Wie ist…".
    rf"wie(?=\s+(?:{_DUTCH_VERBS})(?!\w))|wiens|van wie|kto|kogo|komu|czyj\w*|хто|чи[йяєї]|"
    r"kimin|kime|kimler\w*|"
    # "kim" (Polish, Turkish), "ким" (Ukrainian): not the name "Kim"/"Ким" before a capitalised word ("Kim Novak")
    r"(?:kim(?:dir|di|miş)?|ким)(?!\s+(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ]))|"
    # Arabic "من" is "who" opening a question or before a pronoun ("من هو…"), elsewhere "from"
    r"^\W*و?من|و?من (?:هو|هي|هم|الذي|التي|الذين)",
    # An amount of money: the answer names its currency ("42.000 dollari", "$80 million"), a bare count does not.
    # Cues are words that always mean money, or that do after "how much" ("how much did it earn", not "earned praise").
    Kind.MONEY: (
        r"cost(s|ed|ing)?|price[sd]?|budget|revenues?|earnings|gross(ed)?|box office|prize money|prize pool|fees?|"
        r"salary|funding|money|how much\b.{0,40}\b(earn(s|ed)?|pa(y|id)|invest(ed)?|worth)|soldi|denaro|"
        r"cost(ava|ato|ano|avano|o|i)|prezz[oi]|incass\w*|montepremi|stipendi[oi]|finanziament[oi]|fatturato|"
        r"ricav[oi]|botteghino|quant[oaie]\b.{0,40}\b(guadagn|pagat|investit)\w*|"
        r"стоимост\w*|сколько стои\w*|цен[аыуе]|бюджет\w*|выручк\w*|доход\w*|призов\w* фонд\w*|гонорар\w*|"
        r"кассов\w* сбор\w*|сколько\b.{0,40}\b(заработ|заплат|инвестир)\w*|деньг\w*|денег|"
        r"kost(en|et|ete|eten)|preis(e|geld)?|einnahmen|umsatz|gehalt|geld|gebühr(en)?|"
        r"co[uû]t(e|ait|é|ent)?|prix|recettes|salaire|argent|frais|"
        r"cuestan?|cost(aba|aban|aron|ó|o)|precio|presupuesto|ingresos|recaudaci[oó]n|taquilla|salario|dinero|tarifa|"
        r"cust(ou|aram|a|am)|pre[cç]os?|or[cç]amento|receitas?|bilheteri?as?|sal[aá]rios?|dinheiro|fatur\w*|"
        # not Dutch "prijs", a prize as often as a price, nor Polish "cena", Italian and Spanish "dinner"
        r"arrecad\w*|kost|kostte|kostten|gekost|opgebracht|opbracht|verdien\w*|prijzengeld|omzet|opbrengst(en)?|salaris|inkomsten|"
        r"kosztował\w*|kosztuj\w*|koszt\w*|cen[ęy]|cenie|budżet\w*|przych[oó]d\w*|pensj\w*|pieniądz\w*|pieniędzy|"
        r"zarobił\w*|коштува\w*|кошту\w*|вартіст\w*|цін[аиуі]|дох[оі]д\w*|виручк\w*|грош\w*|зароби\w*|"
        r"bütçe\w*|hasılat\w*|gişe\w*|maliyet\w*|fiyat\w*|ücret\w*|gelir\w*|mal oldu|"
        r"\w*(?:تكلف|تكاليف|كلف|ميزاني|سعر|أسعار|اسعار|ثمن|[إا]يراد|عائد|أرباح|ارباح|شباك التذاكر|جائزة مالية)\w*"
    ),
}
# Question words: they say what kind of answer is wanted, never what the answer is about, so they are not
# matched against the passages (most are stop words already; these are the ones stop-word lists miss).
ASKING_WORDS = {
    "en": "what which who whom whose when where why how much many",
    "it": "quale quali qual che chi cosa quando dove perche come quanto quanta quanti quante",
    "ru": "какои какая какое какие какого какому каким каком какую кто кого кому кем ком что чего чему чем когда где "
    "куда откуда почему зачем как сколько скольких скольким сколькими чеи чья чье чьи "
    "которыи которая которое которые которого которои котором которому которую которым которых",
    "de": "welche welcher welches welchen welchem wer wen wem wessen wann wo wohin woher warum wieso weshalb wie "
    "wieviel wieviele",
    "fr": "quel quelle quels quelles lequel laquelle lesquels lesquelles qui que quoi quand ou pourquoi comment "
    "combien",
    "es": "cual cuales quien quienes cuando donde adonde porque como cuanto cuanta cuantos cuantas que",
    "pt": "qual quais quem quando onde como quanto quanta quantos quantas que porque",
    "nl": "wie wat welke welk wanneer waar waarom hoe hoeveel wiens",
    "pl": "kto kogo komu kim czyj czyja czyje czyim co czego czemu czym kiedy gdzie dokad skad dlaczego jak ile ilu "
    "jaki jaka jakie jakiego jakiej jakim jakich jakimi ktory ktora ktore ktorego ktorej ktorym ktorych ktorymi",
    "uk": "хто кого кому ким що чого чому чим коли де куди звідки навіщо як скільки скількох скільком скількома "
    "якии яка яке які якого якому яким якіи яку яких якою якоі чии чия чиє чиі котрии котра котре котрі котрого "
    "котроі котрому",
    "tr": "kim kimin kime hangi hangisi kac nerede nereden neden nicin nasıl",
    "ar": "ما ماذا من متى اين لماذا كيف كم اي هل وما وماذا ومن ومتى واين وكم واي وهل",
    "ko": "무엇 무엇을 무엇이 무엇은 무엇입니까 무엇인가요 무엇이었습니까 "
    "무엇이었나요 뭐 뭔가요 뭐였나요 누구 누가 누구를 누구의 "
    "누구입니까 누구인가요 누구였습니까 누구였나요 언제 언제입니까 "
    "언제인가요 언제였습니까 언제였나요 어디 어디서 어디에서 어디에 "
    "어디입니까 어디인가요 어느 몇 얼마 얼마나 얼마입니까 얼마인가요 "
    "얼마였습니까 얼마였나요 왜 어떻게 무슨 어떤",
    "th": "อะไร ใคร ไหน ใด เมื่อไร เมื่อไหร่ เท่าไร เท่าไหร่ กี่ อย่างไร ทำไม คนใด อันไหน ที่ไหน",
}  # folded forms (`index.analyze.fold`: no accents, "й" -> "и", "ё" -> "е"); German "was" is also English, Turkish
# "ne" ("what") the first word of "Ne Zha": both left out
_QUESTION_WORDS = frozenset(fold(word) for words in ASKING_WORDS.values() for word in words.split(" "))
# French "comment" opens a question but is also an English noun ("add a comment to fstab"), Polish and Turkish "kim"
# and Ukrainian "ким" a name ("Kim Novak", "Ким Ки Дук"): they stay terms.
INTERROGATIVES = _QUESTION_WORDS - {"comment", "kim", "ким"}
# Where the question's own question word may stand: first in its clause, or after prepositions and conjunctions
# ("E quando…", "In which year…", "Начиная с какой…"); a question word elsewhere is a relative pronoun or opens a
# subordinate clause ("the director *who* won…", "il film *che* ha vinto…", "…*when* it is unmounted"), and so is
# "который" anywhere and "che" after the first clause. Quoted titles are skipped ("«Как я провёл этим летом»: когда…").
_LEADING_WORDS = (
    "in on at by for from of to with since until and but or so then "
    "a da di per con su tra fra e ma o nel nella del della dal dalla al alla "
    "в во на с со к ко по о об от до из за у для при начиная и а но или "
    "an auf bei fur von zu mit seit bis und aber oder ab aus nach uber unter "
    "um en au aux de du des par pour avec sur dans depuis et mais "
    "por para sobre desde hasta entre y pero "
    "em na nos nas da dos das ao aos pelo pela ate com sem "
    "op bij voor van naar sinds tot om uit door maar "
    "w we z ze od dla przez po przy u oraz ale lub "
    "у з із зі від про через після але або"
)
_LEADING = frozenset(_LEADING_WORDS.split(" "))
# Hedges before an amount or a time ("Roughly how much…", "Примерно сколько…", "Circa quando…") lead only a
# quantity or date cue: "più che", "más que" are "more than", and their "che"/"que" asks nothing ("Più che altro,
# quando apre?").
_HEDGE_WORDS = (
    "roughly approximately around about circa more less piu meno incirca approssimativamente pressappoco "
    "примерно приблизительно около ungefahr etwa rund environ approximativement aproximadamente mas "
    "cerca aproximadamente ongeveer circa około mniej wiecej orientacyjnie приблизно близько yaklasık"
)
_HEDGES = frozenset(_HEDGE_WORDS.split(" "))
_ALSO_NAMES = frozenset({"kim", "ким"})  # question words that are also a name ("Kim Novak", "Ким Ки Дук")
_RELATIVE = frozenset(w for w in _QUESTION_WORDS if w.startswith("котор"))  # "который": always a relative pronoun
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s")
_SENTENCE_BREAK = re.compile(r"[.!?:;]")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|《[^》]*》")
_HOW_MUCH = re.compile(
    r"how much|quant[oa](?!\w)|сколько|wie ?viel(?!\w)|combien|cu[aá]nt[oa](?!\w)|hoeveel|ile(?!\w)|скільки|ne kadar|"
    r"多少|いくら|どのくらい|どれくらい|얼마|เท่าไร|เท่าไหร่|و?كم",
    re.IGNORECASE,
)  # asks an amount, not a count of things
_WHAT = re.compile(
    r"what|which|qual[ei]?(?!\w)|quais|cosa|che|как[а-я]+|welke?|welche[rsmn]?|wie hoch|wat|quel(le)?s?|cu[aá]l(es)?|"
    r"(?<!por )qu[eé]|jak[a-ząę]+|któr[a-ząę]+|co(?!\w)|як[а-яіїє]+|котр[а-яіїє]+|що|و?ما(?:ذا)?(?!\w)",
    re.IGNORECASE,
)  # "what is the <thing>"; Spanish "por qué" is "why"
MONEY_REACH = 4  # "What was the budget…", "Какой был бюджет…": the money word within this many words of "what"
# Chinese, Japanese and Thai cues: no spaces stand between their words, so they are found inside a run of characters;
# Korean ones too, its particles and endings being written onto the word ("몇 개국에서", "누구입니까", "얼마였습니까").
# Not inside an everyday word: "任何人" (anyone), "如何" (how), "很多大学" (many universities), "何人か" (some
# people), "いつでも" (any time), "何年も" (for years).
_CJK_CUES = {
    Kind.QUANTITY: "多少[个位名家部次张本件座条种]?|几[个位名家部次年天岁张本件座条种]|(?<![很许])多[长久大高远]|"
    "いくつ|何年間|何日間|"
    "(?<![任如])何(?:[人個本回件台枚点歳社](?!か)|か国|カ国|ヶ国)|どのくらい|どれくらい|どれだけ|"
    "몇(?!\\s*(?:년|월|일|시)(?:도)?에)|얼마나|กี่|เท่าไร|เท่าไหร่|มากแค่ไหน|นานแค่ไหน",
    Kind.PERCENT: "百分之|百分比|パーセント|割合|퍼센트|백분율|비율|ร้อยละ|เปอร์เซ็นต์",
    Kind.DATE: "什么时候|什么时间|何时|哪一?年|哪个月|几月|几号|几点|哪一?天|いつ(?!で|も)|"
    "(?<![任如])何(?:年(?!間|も)|月|日(?!間)|時(?!間))|"
    "언제|몇\\s*(?:년|월|일|시)(?:도)?에|며칠|어느\\s*(?:해|날|달)|เมื่อไร|เมื่อไหร่|ปีไหน|ปีใด|ปีอะไร|เดือนไหน|วันไหน|"
    "วันที่เท่าไร",
    Kind.NAME: "谁|哪位|誰|だれ|どなた|누가|누구|ใคร",
    Kind.MONEY: "多少钱|费用|成本|预算|票房|收入|价格|票价|奖金|营收|花费|耗资|いくら|費用|予算|興行収入|興収|価格|"
    "値段|料金|賞金|売上|収益|비용|예산|가격|상금|수익|매출|흥행\\s*수입|제작비|ราคา|งบประมาณ|ค่าใช้จ่าย|รายได้|ต้นทุน|"
    "เงินรางวัล|รายรับ|ทุนสร้าง",
}
CUE_PATTERNS = {
    kind: re.compile(rf"(?<!\w)({cue})(?!\w)|(?P<cjk>{_CJK_CUES[kind]})", re.IGNORECASE) for kind, cue in _CUES.items()
}


def asked_kinds(question: str) -> set[Kind]:
    """The kinds of value the question asks for, by its own question word (`first_question_word`): in "What happens
    to the files when it is unmounted?" the "when" asks nothing. Percent cues count anywhere ("di quanti punti
    percentuali"); money cues only as what is asked (`_asks_money`). A quoted title asks nothing ("「When Marnie Was
    There」の監督は誰ですか？")."""
    first = first_question_word(question)
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), question)
    kinds: set[Kind] = {
        kind
        for kind, pattern in CUE_PATTERNS.items()
        if kind is not Kind.MONEY
        and any(_asks(m, first, len(question)) or kind is Kind.PERCENT for m in pattern.finditer(unquoted))
    }
    if _asks_money(question, first) and not kinds & {Kind.NAME, Kind.DATE, Kind.PERCENT}:
        kinds.add(Kind.MONEY)  # not "whose share price…", "when did the price…": there money is the topic
    return kinds


def _asks(cue: re.Match[str], first: int, end: int) -> bool:
    """Whether a cue is the question's own question word ("in *what year*", "*di quanti*"), or there is none."""
    return cue.start() <= first < cue.end() or first == end


def opens_name(question: str, word: re.Match[str]) -> bool:
    """Whether `word` opens a name or title, not a clause: a capitalised word follows it in the same sentence ("Ma
    Yun", "Che Guevara", "Come Away With Me")."""
    after = WORD.search(question, word.end())
    return (
        after is not None
        and after.group()[0].isupper()
        and not _SENTENCE_BREAK.search(question, word.end(), after.start())
    )


def first_question_word(question: str) -> int:
    """Where the question's own question word starts (see `_LEADING`, `_HEDGES`); the question's length when it has
    none."""
    if CJK_RUN.search(question):  # Chinese, Japanese: question words stand anywhere, a Latin title's words ask nothing
        return len(question)
    text = _QUOTED.sub(lambda m: " " * len(m.group()), question)
    opening, previous, end = True, "", 0
    for match in WORD.finditer(text):
        if _CLAUSE_BREAK.search(text, end, match.start()):
            opening = True
        word = fold(match.group())
        asking = word not in _RELATIVE and (word != "che" or not _CLAUSE_BREAK.search(text, 0, match.start()))
        asking = asking and not (word in _ALSO_NAMES and opens_name(text, match))  # "Kim Novak…"
        led = opening or previous in _LEADING or (previous in _HEDGES and _amount_or_time(text, match.start()))
        if word in _QUESTION_WORDS and asking and led:
            return match.start()
        opening, previous, end = opening and word in _LEADING, word, match.end()
    return len(question)


def _amount_or_time(text: str, at: int) -> bool:
    """Whether a quantity or a date cue starts at `at` ("how many", "quanti", "сколько", "when", "what year")."""
    return any(CUE_PATTERNS[kind].match(text, at) for kind in (Kind.QUANTITY, Kind.DATE))


def _asks_money(question: str, first: int) -> bool:
    """Whether money is what the question asks: a money word after "how much/quanto/сколько" ("How much did it
    earn?"), or within `MONEY_REACH` words of "what/qual/какой" ("What was the budget?"); not "How many people
    paid the fee?", "Which film had the biggest budget?" or "Why did the price rise?", nor a capitalised name
    ("Vincent Price"); a German noun is capitalised too, and after an article or "viel" it is one ("das Budget",
    "wie viel Geld")."""
    if first == len(question):  # none of its own (Turkish asks late): a money word and "how much" anywhere
        return bool(_HOW_MUCH.search(question) and CUE_PATTERNS[Kind.MONEY].search(question))
    how_much, what = _HOW_MUCH.match(question, first), _WHAT.match(question, first)
    for cue in CUE_PATTERNS[Kind.MONEY].finditer(question):
        if cue.start() < first or (cue.group()[0].isupper() and cue.start() > first and not _noun(question, cue)):
            continue
        if how_much or (what and len(WORD.findall(question[what.end() : cue.start()])) < MONEY_REACH):
            return True
    return False


_NOUN_BEFORE_WORDS = (
    "der die das den dem des ein eine einen einem einer eines viel welche welcher welches welchen welchem"
)
_GERMAN_NOUN_BEFORE = frozenset(_NOUN_BEFORE_WORDS.split(" "))
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def _noun(question: str, cue: re.Match[str]) -> bool:
    """Whether a capitalised money word is a German noun, not a name: an article, "viel" or "welche" before it."""
    before = _WORD_BEFORE.search(question, 0, cue.start())
    return bool(before and fold(before.group(1)) in _GERMAN_NOUN_BEFORE)


# "Which program…", "Quale funzione…", "Какая ошибка…": a question that names the class of thing it wants, whose
# answer is most often an identifier; "What is…/What does…" asks for a description instead.
_WHICH = re.compile(
    r"(?<!\w)(?:which|what(?!['’]s|\s+(?:is|are|was|were|does|do|did|has|have|had|happens|happened|can|will|would|"
    r"should|could|may|might|means?|kind|sort|type|else|about|if)(?!\w))|quale|quali|какой|каки[ехмй]\w*|какая|"
    r"какое|какую|какого|какому|каком|welche[rsmn]?|quel(le)?s?|lequel|laquelle|cu[aá]l(es)?|"
    r"(?<!por )qu[eé](?!\s+(?:es|son|era|eran|fue|hace|hacen|significa|pasa|ocurre|"
    r"est|sont|fait|font|signifie|veut|se|faut|doit|é|são|foi|significa|faz|fazem|acontece|quer)(?!\w))|"
    r"qual(?!\s+(?:é|e|è|era|foi)(?!\w))|quais|welke?|któr\w*|jak(?:i|a|ie|iego|iej|im|ich|ą)|котр\w*|як(?:ий|а|е|і|ого|ої|ому|им|ій|у|их)|"
    r"hangi(?:si)?|و?[أا]ي[ةه]?|어느|어떤|무슨)(?!\w)",
    re.IGNORECASE,
)


# "Which" where a question's own question word may stand anywhere: Turkish "hangi", Chinese "哪个/哪家…", Japanese
# "どの/どれ".
LATE_WHICH = re.compile(
    r"(?<!\w)(?:hangi(?:si)?|어느|어떤|무슨)(?!\w)|(?P<cjk>哪[个家部种些款项条所]|(?<!为)什么(?!时候|时间|[？?。]*$)|(?<!な)どの(?!よう)|"
    r"どれ(?!くらい|だけ)|どんな|ใด|ไหน)",
    re.IGNORECASE,
)


def asks_identifier(question: str, kinds: set[Kind]) -> bool:
    """Whether the question asks "which <thing>" by its own question word (where it has none of the tables', by
    `LATE_WHICH` anywhere: Turkish asks late, "Ödülü *hangi* film kazandı?", Chinese and Japanese write no spaces),
    and no other kind of value (`kinds`)."""
    first = first_question_word(question)
    if first == len(question):
        return not kinds and bool(LATE_WHICH.search(question))
    return not kinds and bool(_WHICH.match(question, first))
