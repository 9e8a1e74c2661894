"""What a question asks for: the kind of value (`Kind`: a quantity, a percentage, a date, a name, an amount of money)
by its own question word, whether it asks "which <thing>", and whether it goes on from the conversation ("And…?").

"How many…/Quanti…/Сколько…" asks for a quantity, "what percentage" for a percentage, "When…/Quando…/Когда…"
for a date, "Who…/Chi…/Кто…" for a name, "What did it cost…/Quanto costava…/Какой бюджет…" for an amount of money.
Only the question's own question word asks (`first_question_word`): "when" in "What happens to the files when…"
or "che" in "il film che ha vinto…" asks nothing. "Which program…/Quale funzione…/Какая ошибка…" asks for no kind
of value but most often for a name or an identifier (`asks_identifier`). The words of a date or name cue ("in what
*year*", "What is the *title* of…", "Come si *chiama*…") and those naming the source ("*mentioned in the
article*") are not what the question is about (`cue_words`). Cue words exist for en/it/ru/de/fr/es/pt/nl/pl/uk/tr
(the default languages but Chinese and Japanese, which get no kind). Turkish asks late in the sentence ("Büyük ödülü
*kim* kazandı?"): its question words are rarely the question's own by position, and then its cues count wherever
they stand, as in any question without a question word of the tables. Whether a sentence offers such a value is
`rag/qtype.py`'s; this module reads only the question.
"""

from __future__ import annotations

import re
from enum import Enum

from index.analyze import CJK_RUN, cjk_pairs, fold

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
        r"kaç(?!\s+yılında)|ne kadar\w*"
    ),
    Kind.PERCENT: r"percent|percentage|per cent|percentual[ei]|per cento|процент\w*|prozent\w*|pour ?cent\w*|"
    r"por ?ciento|porcentaje|porcentagem|percentual|por cento|procent\w*|відсот\w*|yüzde\w*",
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
        r"ne zaman|hangi (yıl|yılda|yılında|tarihte|tarihinde|ay|ayda|gün|günde)|kaç yılında"
    ),
    Kind.NAME: r"who|whom|whose|chi|кто|кого|кому|кем|чей|чья|чьё|чьи|wer|wen|wem|wessen|qui|qui[eé]n(es)?|quem|"
    # Dutch "wie" only before a verb German "wie" ("how") never takes: "Wie *is*…", "Wie *heeft*…", not "Wie ist…".
    rf"wie(?=\s+(?:{_DUTCH_VERBS})(?!\w))|wiens|van wie|kto|kogo|komu|czyj\w*|хто|чи[йяєї]|"
    r"kimin|kime|kimler\w*|"
    # "kim" (Polish, Turkish), "ким" (Ukrainian): not the name "Kim"/"Ким" before a capitalised word ("Kim Novak")
    r"(?:kim(?:dir|di|miş)?|ким)(?!\s+(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ]))",
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
        r"bütçe\w*|hasılat\w*|gişe\w*|maliyet\w*|fiyat\w*|ücret\w*|gelir\w*|mal oldu"
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
}  # folded forms (`index.analyze.fold`: no accents, "й" -> "и", "ё" -> "е"); German "was" is also English, Turkish
# "ne" ("what") the first word of "Ne Zha": both left out
_QUESTION_WORDS = frozenset(word for words in ASKING_WORDS.values() for word in words.split(" "))
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
# Conjunctions that, opening a question, go on from the conversation ("And from how many countries?", "E a quale
# festival…?", "А сколько стран?"), as written (not folded: Italian "È…?" asks anew), "ещё" also as "еще".
_CONTINUING_WORDS = (
    "and but also plus e ed ma anche и а но также ещё еще und aber auch et mais aussi y pero también tambien "
    "também tambem maar ook ale także też oraz і й але також peki ama fakat"
)  # not Dutch "en", Polish "a" and "i" (French "En quelle année…", Italian "I film…", "A quale festival…"), nor
# Portuguese "mas" (Spanish "más" typed without its accent: "Mas o menos, ¿cuántos…?")
_CONTINUING = frozenset(_CONTINUING_WORDS.split(" "))
# Pronouns pointing back, in the languages of the question words, leaving out those that are also articles ("la",
# "le", "lo", "il" in Italian, French and Spanish).
_BACK_WORDS = (
    "it its he him his she her they them their this these those "
    "esso essa essi esse suo sua suoi sue questo questa questi queste quello quella quelli quelle "
    "он она оно они его её ее их ему ей им этот эта это эти этого этой этом этих "
    "er ihn ihm sein seine seinen seinem seiner dieser diese dieses diesen diesem "
    "elle ils elles lui son sa ses leur leurs "
    "él ella ellos ellas su sus este esta estos estas ese esa "
    "ele ela eles elas dele dela deles delas seu seus suas isso isto esse essa "
    "hij hem hun hen ona ono oni jego jej jemu niego niej nią onu onun ona bunu bunun onlar "
    "він вона воно вони його її їх йому їй їм цей ця це ці цього цієї"
)
_BACK = frozenset(_BACK_WORDS.split(" "))
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s")
_SENTENCE_BREAK = re.compile(r"[.!?:;]")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|《[^》]*》")
_HOW_MUCH = re.compile(
    r"how much|quant[oa](?!\w)|сколько|wie ?viel(?!\w)|combien|cu[aá]nt[oa](?!\w)|hoeveel|ile(?!\w)|скільки|ne kadar|"
    r"多少|いくら|どのくらい|どれくらい",
    re.IGNORECASE,
)  # asks an amount, not a count of things
_WHAT = re.compile(
    r"what|which|qual[ei]?(?!\w)|quais|cosa|che|как[а-я]+|welke?|welche[rsmn]?|wie hoch|wat|quel(le)?s?|cu[aá]l(es)?|"
    r"(?<!por )qu[eé]|jak[a-ząę]+|któr[a-ząę]+|co(?!\w)|як[а-яіїє]+|котр[а-яіїє]+|що",
    re.IGNORECASE,
)  # "what is the <thing>"; Spanish "por qué" is "why"
MONEY_REACH = 4  # "What was the budget…", "Какой был бюджет…": the money word within this many words of "what"
# Chinese and Japanese cues: no spaces stand between their words, so they are found inside a run of characters.
# Not inside an everyday word: "任何人" (anyone), "如何" (how), "很多大学" (many universities), "何人か" (some
# people), "いつでも" (any time), "何年も" (for years).
_CJK_CUES = {
    Kind.QUANTITY: "多少[个位名家部次张本件座条种]?|几[个位名家部次年天岁张本件座条种]|(?<![很许])多[长久大高远]|"
    "いくつ|何年間|何日間|"
    "(?<![任如])何(?:[人個本回件台枚点歳社](?!か)|か国|カ国|ヶ国)|どのくらい|どれくらい|どれだけ",
    Kind.PERCENT: "百分之|百分比|パーセント|割合",
    Kind.DATE: "什么时候|什么时间|何时|哪一?年|哪个月|几月|几号|几点|哪一?天|いつ(?!で|も)|"
    "(?<![任如])何(?:年(?!間|も)|月|日(?!間)|時(?!間))",
    Kind.NAME: "谁|哪位|誰|だれ|どなた",
    Kind.MONEY: "多少钱|费用|成本|预算|票房|收入|价格|票价|奖金|营收|花费|耗资|いくら|費用|予算|興行収入|興収|価格|"
    "値段|料金|賞金|売上|収益",
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


# Chinese and Japanese, unspaced: a follow-up opening with "那/那么/还有/另外/而/そして/では/じゃあ/それで/あと" ("and
# then…", "and the jury prize?"), and pronouns pointing back ("它", "该片", "その", "それ", "彼女"; not "他", which
# is inside "其他", "other").
_CJK_CONTINUING = re.compile(r"^\W*(?:那么|那|还有|另外|而|并且|以及|そして|では|じゃあ|それで|あと|また)")
_CJK_BACK = re.compile(r"它们?|该[片公部届]|此[片前]|その|それ|彼女|彼ら")


def refers_back(question: str) -> bool:
    """Whether the question holds a third-person or demonstrative pronoun (`_BACK`, `_CJK_BACK`), which points back
    into the conversation ("How much did *it* cost to make?", "Кто *его* снял?", "Qu'est-ce *qu'elle* a tourné ?")."""
    return bool(_CJK_BACK.search(question)) or any(
        part in _BACK for match in WORD.finditer(question) for part in ELISION.split(match.group().casefold())
    )  # "qu'elle", "l'ha" hold one


def continues(question: str) -> bool:
    """Whether the question opens with a conjunction going on from the conversation (`_CONTINUING`), one that does
    not begin a name ("Ma Yun", "Y Combinator", "Ed Sheeran"): no capitalised word follows it."""
    if _CJK_CONTINUING.match(question):
        return True
    first = WORD.search(question)
    if first is None or first.group().casefold() not in _CONTINUING:
        return False
    return not opens_name(question, first)


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


# A question asking for what something is called: "What is the *title* of…", "Come si *chiama*…", "Как
# *называется*…", "Wie *heißt*…", "Comment s'*appelle*…", "¿Cómo se *llama*…", "Wie lautet der *Titel*…". Its answer
# is a name, which no window writes beside such a word. The noun counts only after a question word and before "of"
# (in Italian, French and Spanish after at most one adjective: "il titolo inglese del…") or the question's end:
# "What is the *name* field of /etc/services?", "qual è il prezzo del *titolo* Tesla?" ask about the word itself.
_OF = r"(?=\s+of\b|\s*[?.,;:!]|\s*$)"
_DI = (
    r"(?=\s+(?:\w+\s+)?(?:di|del|dello|della|dei|degli|delle|d['’]|de|du|des|von|der|do|da|dos|das|van|het)\b|"
    r"\s*[?.,;:!]|\s*$)"
)
_GAP = r"(?:(?!(?:of|di|da|de|du|des|del\w*|dell\w*)\b)\w+\s+){0,2}"  # adjectives, not "la durée *du* titre"
_NAMED = re.compile(
    rf"(?<!\w)(?:(?:what|which)(?:['’]s|\s+(?:is|was|are|were))\s+(?:the|its|their|his|her)\s+{_GAP}"
    rf"(names?|titles?){_OF}|"
    r"(?:what|how)\s+(?:is|was|are|were)\s+\w+\s+(called|named)|"
    rf"come\s+si\s+(chiama(?:va|no)?)|(?:qual(?:e|['’])?\s*(?:è|e|era)\s+il|quali\s+sono\s+i)\s+{_GAP}"
    rf"(nom[ei]|titol[oi]){_DI}|"
    r"как\s+(?:\w+\s+)?(называ\w+|зовут)|каково\s+(название)|"
    r"wie\s+(heißt|heisst|hieß|hiess|heißen|heissen)|wie\s+(?:lautet|lauteten|lautete)\s+(?:der|die|das|sein|ihr)\s+"
    rf"{_GAP}(namen?|titel)|"
    rf"comment\s+s['’](appel\w+)|comment\s+(?:se\s+)?(nomm\w+)|quel(?:le)?s?\s+(?:est|était|sont)\s+(?:le|la|les|son|sa|"
    rf"ses)\s+{_GAP}(noms?|titres?){_DI}|"
    rf"c[oó]mo\s+se\s+(llama\w*)|cu[aá]l(?:es)?\s+(?:es|era|fue|son)\s+(?:el|los|su|sus)\s+{_GAP}"
    rf"(nombres?|t[ií]tulos?){_DI}|"
    rf"como\s+se\s+(chama\w*)|qual\s+(?:(?:é|era|foi)\s+)?o\s+{_GAP}(nomes?|t[ií]tulos?){_DI}|"
    rf"hoe\s+(heet|heette|heten)|wat\s+(?:is|was)\s+de\s+{_GAP}(naam|titel){_DI}|"
    rf"jak\s+(?:\w+\s+)?(nazyw\w*)|jaki\s+(?:jest|był)\s+{_GAP}(tytuł\w*){_DI}|"
    r"як\s+(?:\w+\s+)?(назива\w*|зва\w*)|яка\s+(назва)|(adı|ismi)\s+(?:ne|nedir))(?!\w)",
    re.IGNORECASE,
)


# Words about the source rather than its subject: "Which technology *is mentioned in the article*?", "Что *в статье*
# понимают под…", "*laut dem Artikel*", "se *menciona en el artículo*". No sentence of an article calls itself one. A
# text counts only at the end of a clause: "in the *text* file", "ein Wort im *Text* ersetzen" are about a text.
_END = r"(?=\s*[?.,;:!]|\s*$)"
_SOURCE = re.compile(
    r"(?<!\w)(?:(mentioned)|(menzionat[aoie])|(упомина\w*|упомянут\w*)|(erwähnt\w*)|(mentionn[ée]e?s?)|"
    r"(menciona(?:n|do|da|dos|das)?)|"
    rf"(?:in|according\s+to|from)\s+(?:the|this)\s+(?:(article|report|story)|(text){_END})|"
    rf"(?:nell['’]|secondo\s+l['’]|dall['’])(articolo)|(?:nel|secondo\s+il)\s+(?:(resoconto)|(testo){_END})|"
    r"(?:в|по\s+словам|согласно)\s+(стать(?:я|и|е|ю|ей|ях|ям|ями))|"
    rf"(?:im|laut\s+dem|laut)\s+(?:(Artikel|Bericht)|(Text){_END})|(?:dans|selon)\s+l['’](article)|"
    rf"(?:dans|selon)\s+le\s+(texte){_END}|(?:en|según)\s+el\s+(?:(art[ií]culo)|(texto){_END})|"
    rf"(mencionad[oa]s?)|(?:no|segundo\s+o)\s+(?:(artigo)|(texto){_END})|"
    rf"(genoemd\w*|vermeld\w*)|(?:in|volgens)\s+het\s+(?:(artikel)|(tekst){_END})|"
    r"(wspomnian\w*|wymienion\w*)|(?:w|według)\s+(artyku[lł]\w*)|"
    r"(згада\w*|згадуєт\w*)|(?:у|в|за)\s+(статт[іею]\w*)|(makalede|metinde|haberde|bahsedil\w*))(?!\w)",
    re.IGNORECASE,
)


# Chinese and Japanese cues of a name or the source: "叫什么", "名字", "片名", "名前", "タイトル", "文章中", "記事で".
_CJK_NAMED = re.compile(r"叫什么|名字|名称|标题|片名|名前|タイトル|題名|文章中|文中|提到|提及|記事|言及")


def cue_words(question: str) -> frozenset[str]:
    """The folded words of the question's cues for the kind of value asked: dates ("in what *year*", "в какие
    *даты*"), which a window's date answers, and names ("What is the *title* of…", "Как *называется*…"), which a
    window's name answers; and its words about the source ("*mentioned in the article*", "*в статье*"). They say
    what kind of answer is wanted, or where, not what the question is about. Chinese and Japanese question words
    ("多少", "谁", "哪家", "いつ") give their character pairs."""
    dates = (w for m in CUE_PATTERNS[Kind.DATE].finditer(question) for w in WORD.findall(m.group()))
    named = (w for m in (*_NAMED.finditer(question), *_SOURCE.finditer(question)) for w in m.groups() if w)
    # Chinese and Japanese question words are no words of their own to leave out: their character pairs are.
    asking = (CUE_PATTERNS[Kind.QUANTITY], CUE_PATTERNS[Kind.DATE], CUE_PATTERNS[Kind.NAME], _LATE_WHICH)
    spans = [m.span("cjk") for p in asking for m in p.finditer(question) if m["cjk"]]  # not money: "票房" is asked
    spans += [m.span() for m in _CJK_NAMED.finditer(question)]
    latin = (fold(w) for w in (*dates, *named) if not CJK_RUN.match(w))
    return frozenset((*latin, *_pairs_over(question, spans)))


def _pairs_over(question: str, spans: list[tuple[int, int]]) -> list[str]:
    """The character pairs of the question's Chinese or Japanese runs that overlap one of `spans` (a cue's place): a
    pair straddling a cue ("谁获" in "谁获得了") is no word of what is asked either."""
    out = []
    for run in CJK_RUN.finditer(question):
        pairs = cjk_pairs(run.group())
        for i, pair in enumerate(pairs):
            start = run.start() + i
            if any(start < b and a < start + len(pair) for a, b in spans):
                out.append(pair)
    return out


# "Which program…", "Quale funzione…", "Какая ошибка…": a question that names the class of thing it wants, whose
# answer is most often an identifier; "What is…/What does…" asks for a description instead.
_WHICH = re.compile(
    r"(?<!\w)(?:which|what(?!['’]s|\s+(?:is|are|was|were|does|do|did|has|have|had|happens|happened|can|will|would|"
    r"should|could|may|might|means?|kind|sort|type|else|about|if)(?!\w))|quale|quali|какой|каки[ехмй]\w*|какая|"
    r"какое|какую|какого|какому|каком|welche[rsmn]?|quel(le)?s?|lequel|laquelle|cu[aá]l(es)?|"
    r"(?<!por )qu[eé](?!\s+(?:es|son|era|eran|fue|hace|hacen|significa|pasa|ocurre|"
    r"est|sont|fait|font|signifie|veut|se|faut|doit|é|são|foi|significa|faz|fazem|acontece|quer)(?!\w))|"
    r"qual(?!\s+(?:é|e|è|era|foi)(?!\w))|quais|welke?|któr\w*|jak(?:i|a|ie|iego|iej|im|ich|ą)|котр\w*|як(?:ий|а|е|і|ого|ої|ому|им|ій|у|их)|"
    r"hangi(?:si)?)(?!\w)",
    re.IGNORECASE,
)


# "Which" where a question's own question word may stand anywhere: Turkish "hangi", Chinese "哪个/哪家…", Japanese
# "どの/どれ".
_LATE_WHICH = re.compile(
    r"(?<!\w)hangi(?:si)?(?!\w)|(?P<cjk>哪[个家部种些款项条所]|(?<!为)什么(?!时候|时间|[？?。]*$)|(?<!な)どの(?!よう)|"
    r"どれ(?!くらい|だけ)|どんな)",
    re.IGNORECASE,
)


def asks_identifier(question: str, kinds: set[Kind]) -> bool:
    """Whether the question asks "which <thing>" by its own question word (where it has none of the tables', by
    `_LATE_WHICH` anywhere: Turkish asks late, "Ödülü *hangi* film kazandı?", Chinese and Japanese write no spaces),
    and no other kind of value (`kinds`)."""
    first = first_question_word(question)
    if first == len(question):
        return not kinds and bool(_LATE_WHICH.search(question))
    return not kinds and bool(_WHICH.match(question, first))
