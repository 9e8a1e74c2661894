"""What an answer says in the reader's language besides its quotes: the abstention message and the names of the
languages its quotes are in.

The reader's language is the question's, as detected among `RAG_LANGUAGES` (the 16 defaults all have a message;
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
    "ko": "문서에 이 질문에 대한 답이 없습니다.",
    "ar": "لا تحتوي الوثائق على إجابة هذا السؤال.",
    "th": "เอกสารไม่มีคำตอบสำหรับคำถามนี้",
}

# The quote's language, named in the reader's language where the quote is in another one.
LANGUAGE_NAMES = {
    "en": {
        "en": "English", "it": "Italian", "ru": "Russian", "de": "German", "fr": "French", "es": "Spanish",
        "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "uk": "Ukrainian", "tr": "Turkish", "zh": "Chinese",
        "ja": "Japanese",
        "ko": "Korean", "ar": "Arabic", "th": "Thai",
    },
    "it": {
        "en": "inglese", "it": "italiano", "ru": "russo", "de": "tedesco", "fr": "francese", "es": "spagnolo",
        "pt": "portoghese", "nl": "olandese", "pl": "polacco", "uk": "ucraino", "tr": "turco", "zh": "cinese",
        "ja": "giapponese",
        "ko": "coreano", "ar": "arabo", "th": "thailandese",
    },
    "ru": {
        "en": "английский", "it": "итальянский", "ru": "русский", "de": "немецкий", "fr": "французский",
        "es": "испанский", "pt": "португальский", "nl": "нидерландский", "pl": "польский", "uk": "украинский",
        "tr": "турецкий", "zh": "китайский", "ja": "японский",
        "ko": "корейский", "ar": "арабский", "th": "тайский",
    },
    "de": {
        "en": "Englisch", "it": "Italienisch", "ru": "Russisch", "de": "Deutsch", "fr": "Französisch",
        "es": "Spanisch", "pt": "Portugiesisch", "nl": "Niederländisch", "pl": "Polnisch", "uk": "Ukrainisch",
        "tr": "Türkisch", "zh": "Chinesisch", "ja": "Japanisch",
        "ko": "Koreanisch", "ar": "Arabisch", "th": "Thailändisch",
    },
    "fr": {
        "en": "anglais", "it": "italien", "ru": "russe", "de": "allemand", "fr": "français", "es": "espagnol",
        "pt": "portugais", "nl": "néerlandais", "pl": "polonais", "uk": "ukrainien", "tr": "turc", "zh": "chinois",
        "ja": "japonais",
        "ko": "coréen", "ar": "arabe", "th": "thaï",
    },
    "es": {
        "en": "inglés", "it": "italiano", "ru": "ruso", "de": "alemán", "fr": "francés", "es": "español",
        "pt": "portugués", "nl": "neerlandés", "pl": "polaco", "uk": "ucraniano", "tr": "turco", "zh": "chino",
        "ja": "japonés",
        "ko": "coreano", "ar": "árabe", "th": "tailandés",
    },
    "pt": {
        "en": "inglês", "it": "italiano", "ru": "russo", "de": "alemão", "fr": "francês", "es": "espanhol",
        "pt": "português", "nl": "holandês", "pl": "polonês", "uk": "ucraniano", "tr": "turco", "zh": "chinês",
        "ja": "japonês",
        "ko": "coreano", "ar": "árabe", "th": "tailandês",
    },
    "nl": {
        "en": "Engels", "it": "Italiaans", "ru": "Russisch", "de": "Duits", "fr": "Frans", "es": "Spaans",
        "pt": "Portugees", "nl": "Nederlands", "pl": "Pools", "uk": "Oekraïens", "tr": "Turks", "zh": "Chinees",
        "ja": "Japans",
        "ko": "Koreaans", "ar": "Arabisch", "th": "Thai",
    },
    "pl": {
        "en": "angielski", "it": "włoski", "ru": "rosyjski", "de": "niemiecki", "fr": "francuski", "es": "hiszpański",
        "pt": "portugalski", "nl": "niderlandzki", "pl": "polski", "uk": "ukraiński", "tr": "turecki", "zh": "chiński",
        "ja": "japoński",
        "ko": "koreański", "ar": "arabski", "th": "tajski",
    },
    "uk": {
        "en": "англійська", "it": "італійська", "ru": "російська", "de": "німецька", "fr": "французька",
        "es": "іспанська", "pt": "португальська", "nl": "нідерландська", "pl": "польська", "uk": "українська",
        "tr": "турецька", "zh": "китайська", "ja": "японська",
        "ko": "корейська", "ar": "арабська", "th": "тайська",
    },
    "tr": {
        "en": "İngilizce", "it": "İtalyanca", "ru": "Rusça", "de": "Almanca", "fr": "Fransızca", "es": "İspanyolca",
        "pt": "Portekizce", "nl": "Felemenkçe", "pl": "Lehçe", "uk": "Ukraynaca", "tr": "Türkçe", "zh": "Çince",
        "ja": "Japonca",
        "ko": "Korece", "ar": "Arapça", "th": "Tayca",
    },
    "zh": {
        "en": "英语", "it": "意大利语", "ru": "俄语", "de": "德语", "fr": "法语", "es": "西班牙语", "pt": "葡萄牙语",
        "nl": "荷兰语", "pl": "波兰语", "uk": "乌克兰语", "tr": "土耳其语", "zh": "中文", "ja": "日语",
        "ko": "韩语", "ar": "阿拉伯语", "th": "泰语",
    },
    "ja": {
        "en": "英語", "it": "イタリア語", "ru": "ロシア語", "de": "ドイツ語", "fr": "フランス語", "es": "スペイン語",
        "pt": "ポルトガル語", "nl": "オランダ語", "pl": "ポーランド語", "uk": "ウクライナ語", "tr": "トルコ語",
        "zh": "中国語", "ja": "日本語",
        "ko": "韓国語", "ar": "アラビア語", "th": "タイ語",
    },
    "ko": {
        "en": "영어", "it": "이탈리아어", "ru": "러시아어", "de": "독일어", "fr": "프랑스어", "es": "스페인어",
        "pt": "포르투갈어", "nl": "네덜란드어", "pl": "폴란드어", "uk": "우크라이나어", "tr": "튀르키예어",
        "zh": "중국어", "ja": "일본어", "ko": "한국어", "ar": "아랍어", "th": "태국어",
    },
    "ar": {
        "en": "الإنجليزية", "it": "الإيطالية", "ru": "الروسية", "de": "الألمانية", "fr": "الفرنسية", "es": "الإسبانية",
        "pt": "البرتغالية", "nl": "الهولندية", "pl": "البولندية", "uk": "الأوكرانية", "tr": "التركية", "zh": "الصينية",
        "ja": "اليابانية", "ko": "الكورية", "ar": "العربية", "th": "التايلاندية",
    },
    "th": {
        "en": "ภาษาอังกฤษ", "it": "ภาษาอิตาลี", "ru": "ภาษารัสเซีย", "de": "ภาษาเยอรมัน", "fr": "ภาษาฝรั่งเศส",
        "es": "ภาษาสเปน", "pt": "ภาษาโปรตุเกส", "nl": "ภาษาดัตช์", "pl": "ภาษาโปแลนด์", "uk": "ภาษายูเครน",
        "tr": "ภาษาตุรกี", "zh": "ภาษาจีน", "ja": "ภาษาญี่ปุ่น", "ko": "ภาษาเกาหลี", "ar": "ภาษาอาหรับ", "th": "ภาษาไทย",
    },
}  # fmt: skip


def abstention(language: str) -> str:
    """The abstention message in `language`, else in English."""
    return ABSTAIN.get(language, ABSTAIN["en"])


def language_name(code: str, reader: str) -> str:
    """The name of language `code` in the reader's language (English names for a reader without its own)."""
    return LANGUAGE_NAMES.get(reader, LANGUAGE_NAMES["en"]).get(code, code)
