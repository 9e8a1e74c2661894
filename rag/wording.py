"""What an answer says in the reader's language besides its quotes: the abstention message and the names of the
languages its quotes are in.

The reader's language is the question's, as detected among `RAG_LANGUAGES` (the 13 defaults all have a message;
a language without one gets English). Language names exist for readers in each of them too; another reader gets the
English names. It does not detect languages or decide when to abstain (`rag/answer.py` does).
"""

from __future__ import annotations

ABSTAIN = {
    "en": "The documents do not contain the answer to this question.",
    "it": "I documenti non contengono la risposta a questa domanda.",
    "ru": "В документах нет ответа на этот вопрос.",
    "de": "Die Dokumente enthalten keine Antwort auf diese Frage.",
    "fr": "Les documents ne contiennent pas la réponse à cette question.",
    "es": "Los documentos no contienen la respuesta a esta pregunta.",
    "pt": "Os documentos não contêm a resposta a esta pergunta.",
    "nl": "De documenten bevatten geen antwoord op deze vraag.",
    "pl": "Dokumenty nie zawierają odpowiedzi na to pytanie.",
    "uk": "У документах немає відповіді на це питання.",
    "tr": "Belgeler bu sorunun cevabını içermiyor.",
    "zh": "文档中没有这个问题的答案。",
    "ja": "文書にはこの質問の答えがありません。",
}

# The quote's language, named in the reader's language where the quote is in another one.
LANGUAGE_NAMES = {
    "en": {
        "en": "English", "it": "Italian", "ru": "Russian", "de": "German", "fr": "French", "es": "Spanish",
        "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "uk": "Ukrainian", "tr": "Turkish", "zh": "Chinese",
        "ja": "Japanese",
    },
    "it": {
        "en": "inglese", "it": "italiano", "ru": "russo", "de": "tedesco", "fr": "francese", "es": "spagnolo",
        "pt": "portoghese", "nl": "olandese", "pl": "polacco", "uk": "ucraino", "tr": "turco", "zh": "cinese",
        "ja": "giapponese",
    },
    "ru": {
        "en": "английский", "it": "итальянский", "ru": "русский", "de": "немецкий", "fr": "французский",
        "es": "испанский", "pt": "португальский", "nl": "нидерландский", "pl": "польский", "uk": "украинский",
        "tr": "турецкий", "zh": "китайский", "ja": "японский",
    },
    "de": {
        "en": "Englisch", "it": "Italienisch", "ru": "Russisch", "de": "Deutsch", "fr": "Französisch",
        "es": "Spanisch", "pt": "Portugiesisch", "nl": "Niederländisch", "pl": "Polnisch", "uk": "Ukrainisch",
        "tr": "Türkisch", "zh": "Chinesisch", "ja": "Japanisch",
    },
    "fr": {
        "en": "anglais", "it": "italien", "ru": "russe", "de": "allemand", "fr": "français", "es": "espagnol",
        "pt": "portugais", "nl": "néerlandais", "pl": "polonais", "uk": "ukrainien", "tr": "turc", "zh": "chinois",
        "ja": "japonais",
    },
    "es": {
        "en": "inglés", "it": "italiano", "ru": "ruso", "de": "alemán", "fr": "francés", "es": "español",
        "pt": "portugués", "nl": "neerlandés", "pl": "polaco", "uk": "ucraniano", "tr": "turco", "zh": "chino",
        "ja": "japonés",
    },
    "pt": {
        "en": "inglês", "it": "italiano", "ru": "russo", "de": "alemão", "fr": "francês", "es": "espanhol",
        "pt": "português", "nl": "holandês", "pl": "polonês", "uk": "ucraniano", "tr": "turco", "zh": "chinês",
        "ja": "japonês",
    },
    "nl": {
        "en": "Engels", "it": "Italiaans", "ru": "Russisch", "de": "Duits", "fr": "Frans", "es": "Spaans",
        "pt": "Portugees", "nl": "Nederlands", "pl": "Pools", "uk": "Oekraïens", "tr": "Turks", "zh": "Chinees",
        "ja": "Japans",
    },
    "pl": {
        "en": "angielski", "it": "włoski", "ru": "rosyjski", "de": "niemiecki", "fr": "francuski", "es": "hiszpański",
        "pt": "portugalski", "nl": "niderlandzki", "pl": "polski", "uk": "ukraiński", "tr": "turecki", "zh": "chiński",
        "ja": "japoński",
    },
    "uk": {
        "en": "англійська", "it": "італійська", "ru": "російська", "de": "німецька", "fr": "французька",
        "es": "іспанська", "pt": "португальська", "nl": "нідерландська", "pl": "польська", "uk": "українська",
        "tr": "турецька", "zh": "китайська", "ja": "японська",
    },
    "tr": {
        "en": "İngilizce", "it": "İtalyanca", "ru": "Rusça", "de": "Almanca", "fr": "Fransızca", "es": "İspanyolca",
        "pt": "Portekizce", "nl": "Felemenkçe", "pl": "Lehçe", "uk": "Ukraynaca", "tr": "Türkçe", "zh": "Çince",
        "ja": "Japonca",
    },
    "zh": {
        "en": "英语", "it": "意大利语", "ru": "俄语", "de": "德语", "fr": "法语", "es": "西班牙语", "pt": "葡萄牙语",
        "nl": "荷兰语", "pl": "波兰语", "uk": "乌克兰语", "tr": "土耳其语", "zh": "中文", "ja": "日语",
    },
    "ja": {
        "en": "英語", "it": "イタリア語", "ru": "ロシア語", "de": "ドイツ語", "fr": "フランス語", "es": "スペイン語",
        "pt": "ポルトガル語", "nl": "オランダ語", "pl": "ポーランド語", "uk": "ウクライナ語", "tr": "トルコ語",
        "zh": "中国語", "ja": "日本語",
    },
}  # fmt: skip


def abstention(language: str) -> str:
    """The abstention message in `language`, else in English."""
    return ABSTAIN.get(language, ABSTAIN["en"])


def language_name(code: str, reader: str) -> str:
    """The name of language `code` in the reader's language (English names for a reader without its own)."""
    return LANGUAGE_NAMES.get(reader, LANGUAGE_NAMES["en"]).get(code, code)
