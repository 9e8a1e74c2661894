"""The chat page in French: its own strings, the reasons it shows, and Gradio's labels its French table lacks.

`GRADIO_KEYS`: French lacks 52 of Gradio's 160 English keys; those of the components the page shows are here, with
the two keys no Gradio table has. `LABELS` and `PATTERNS` word the labels Gradio hard-codes in English, in the terms
of Gradio's own French table but one: to upload is "importer", an upload "envoi" (Gradio's "télécharger" reads as
to download in France; its upload area's two keys are worded so too). Data only (see `ui/locales/__init__.py`).
"""

from __future__ import annotations

# The page's own strings and the messages its handlers word (`ui/page_strings.py`).
PAGE: dict[str, str] = {
    "intro": "## polyglot-rag\nPosez vos questions dans n’importe quelle langue ; les réponses citent les documents "
    "avec des sources numérotées.",
    "chat": "Discussion", "documents": "Documents", "eval": "Évaluation",
    "top_k": "Passages à récupérer (top-k)", "only_in": "Langue des documents",
    "chat_placeholder": "Posez une question sur vos documents en français, en anglais, en italien, en russe ou dans "
    "une autre langue.",
    "ask": "Posez une question…", "token": "Jeton d’administration", "files": "Documents",
    "add": "Ajouter à l’index", "remove_pick": "Supprimer un document de l’index", "remove": "Supprimer",
    "eval_note": "Le dernier rapport d’évaluation de cet index (`<data dir>/reports/latest`).",
    "no_report": "Pas encore de rapport d’évaluation : lancez l’évaluation ici ou avec `make eval`.",
    "run_eval": "Lancer l’évaluation", "chart": "Graphique", "page_language": "Langue de la page",
    "any_language": "Toutes les langues", "col_document": "Document", "col_title": "Titre",
    "col_language": "Langue", "col_chunks": "Fragments",
    "supported": "Formats pris en charge : {formats} · ≤ {limit} Mio",
    "policy_token": "L’ajout de documents nécessite le jeton d’administration.",
    "policy_loopback": "L’ajout de documents est autorisé, car le serveur n’écoute que sur cette machine.",
    "policy_closed": "L’ajout de documents est désactivé : définissez RAG_ADMIN_TOKEN pour l’activer sur une "
    "adresse réseau.",
    "vote_saved": "Merci, votre vote a été enregistré.",
    "rename_label": "Nouveau nom…", "rename": "Renommer", "renamed": "Renommée.",
    "rename_none": "Commencez ou ouvrez d’abord une conversation : il n’y a encore rien à renommer.",
    "rename_empty": "Saisissez d’abord un nom ; rien n’a été modifié.",
    "rename_long": "Un nom compte au plus 80 caractères ; rien n’a été modifié.",
    "doc_hint": "Ouvrez le titre d’une source dans une réponse pour lire ici le document entier, la phrase citée "
    "mise en évidence.",
    "upload_added": "✅ `{source}` ajouté ({language}, {chunks})", "upload_updated": "✅ `{source}` mis à jour "
    "({language}, {chunks})", "upload_unchanged": "✅ `{source}` inchangé ({language}, {chunks})",
    "upload_refused": "Envoi refusé", "nothing_to_upload": "Aucun fichier à importer",
    "choose_files": "Choisissez d’abord un ou plusieurs fichiers.", "eval_not_run": "Évaluation non lancée",
    "choose_removal": "Choisissez d’abord un document à supprimer.",
    "removed": "🗑️ `{source}` supprimé ({chunks}) ; documents restants : {documents}",
    "chunks_one": "{n} fragment", "chunks_few": "{n} fragments", "chunks_many": "{n} fragments",
    "refused_rate": "Trop de questions depuis votre adresse ; réessayez dans {seconds} s.",
    "refused_tokens": "Trop de jetons d’administration erronés ; réessayez dans {seconds} s.",
    "refused_no_token": "Il faut le jeton d’administration : saisissez-le dans le champ « Jeton d’administration ».",
    "refused_wrong_token": "Jeton d’administration incorrect.",
    "refused_closed": "L’ajout de documents est désactivé : le serveur écoute sur une adresse réseau et "
    "RAG_ADMIN_TOKEN n’est pas défini.",
    "refused_type": "{name} : type de fichier {suffix} non pris en charge ; formats pris en charge : {allowed}.",
    "refused_size": "{name} pèse {size} Mio ; la limite d’envoi est de {limit} Mio.",
    "refused_empty": "{name} est vide.", "refused_name": "Nom de fichier non valide : {name}.",
    "refused_unreadable": "{name} ne peut pas être indexé : {reason}",
    "refused_not_uploaded": "{name} n’a pas été importé depuis cette page ; refusé.",
    "refused_eval_running": "Une évaluation est déjà en cours.",
    "refused_no_source": "Aucun document indiqué : ouvrez une source depuis une réponse.",
    "refused_unknown": "{source} n’est pas dans l’index (supprimé entre-temps ?).",
}  # fmt: skip
# Reasons from outside the page's handlers (the index's refusals, a full queue or upload space) and progress stages.
REASONS: dict[str, str] = {
    "index_mismatch": "L’index a été construit avec d’autres paramètres ({diff}) ; reconstruisez-le avec "
    "`rag ingest --reset`.",
    "index_owned": "La collection {collection} sur {url} appartient à un autre dossier de données : faites pointer "
    "RAG_DATA_DIR vers ce dossier, choisissez une autre RAG_COLLECTION ou remplacez son contenu avec "
    "`rag ingest --reset`.",
    "store_lost": "Connexion perdue avec le serveur Chroma à l’adresse {url} ; réessayez quand il sera de nouveau "
    "joignable.",
    "lexical_damaged": "L’index lexical est endommagé ; `rag doctor --repair` le reconstruit à partir de Chroma.",
    "lexical_old": "L’index lexical est dans un ancien format ; `rag ingest` le convertit sur place (ou "
    "reconstruisez tout avec `rag ingest --reset`).",
    "unavailable": "Un service dont l’index a besoin est indisponible pour le moment ({reason}) ; réessayez plus "
    "tard.",
    "index_error": "L’index ne peut pas effectuer cette opération : {reason}.",
    "upload_full": "L’espace d’envoi est plein ({used} Mio en attente d’indexation) ; réessayez plus "
    "tard.",
    "queue_mine": "Vous avez déjà {requests} en attente ou en cours ; attendez avant d’en envoyer d’autres "
    "(RAG_QUEUE_PER_CLIENT).",
    "queue_full": "Le serveur est occupé ({requests} en attente) ; réessayez dans un instant.",
    "requests_one": "{n} requête", "requests_few": "{n} requêtes", "requests_many": "{n} requêtes",
    "stage_reading": "lecture", "stage_embedding": "calcul des embeddings", "stage_lexical": "index lexical",
    "stage_questions": "questions", "stage_baseline": "référence {mode}",
    "stage_sweep": "balayage des seuils d’abstention", "stage_conversations": "conversations",
    "ambiguous_document": "Sous le nom `{name}`, l’index contient {count} : {matches}. Rien n’a été supprimé ; "
    "choisissez-en un par le chemin indiqué à côté.",
    "documents_one": "{n} document", "documents_few": "{n} documents", "documents_many": "{n} documents",
}  # fmt: skip
# Why a file is not indexed, by `index.readers.reasons.Reason` kind ("removed": after an indexed file's reason).
SKIP_REASONS: dict[str, str] = {
    "unsupported_listed": "type de fichier {suffix} non pris en charge",
    "no_extension_listed": "type de fichier non pris en charge (sans extension)",
    "symlink_loop": "boucle de liens symboliques ; ignoré",
    "missing": "n’existe pas (ou est un lien symbolique rompu) ; ignoré",
    "symlink_outside": "lien symbolique pointant hors du dossier indexé (non suivi)",
    "alias": "un autre nom (lien symbolique) de {source}, qui n’est indexé qu’une fois",
    "fifo": "n’est pas un fichier ordinaire (c’est une FIFO) ; ignoré",
    "socket": "n’est pas un fichier ordinaire (c’est un socket) ; ignoré",
    "device": "n’est pas un fichier ordinaire (c’est un périphérique) ; ignoré",
    "not_regular": "n’est pas un fichier ordinaire ; ignoré",
    "unsupported_type": "type de fichier {suffix} non pris en charge ; formats pris en charge : {supported}",
    "no_extension": "type de fichier non pris en charge (sans extension) ; formats pris en charge : {supported}",
    "directory": "illisible (c’est un dossier)",
    "permission": "illisible (accès refusé)",
    "unreadable": "illisible ({detail})",
    "timeout": "la lecture a pris plus de {seconds} s (RAG_READ_TIMEOUT) ; ignoré",
    "empty_whitespace": "vide (uniquement des espaces)",
    "empty_text": "vide (aucun texte)",
    "empty_file": "fichier vide (0 octet)",
    "binary_nul": "fichier binaire (contient des octets NUL), pas du texte",
    "undecodable": "texte non décodable (pas en UTF-8, et aucun autre encodage de texte ne convient)",
    "binary_control": "données binaires, pas du texte ({control} octets de contrôle dans les {sample} premiers, lus "
    "en {encoding})",
    "html_too_large": "fichier HTML de {size} Mio, au-delà de la limite de {limit} Mio",
    "html_binary": "fichier binaire (contient des octets NUL), pas du HTML",
    "pdf_encrypted": "PDF chiffré (mot de passe requis)",
    "pdf_pages": "PDF de {pages} pages ; la limite est de {limit} (RAG_MAX_PDF_PAGES)",
    "pdf_corrupt": "PDF endommagé ou tronqué ({detail})",
    "pdf_no_pages": "PDF sans aucune page",
    "pdf_no_text": "aucune couche de texte (PDF numérisé ou composé uniquement d’images, pages : {pages}) ; "
    "effectuez d’abord une reconnaissance de texte (OCR)",
    "docx_not_package": "fichier .docx endommagé (pas un paquet de document Word)",
    "docx_corrupt": "fichier .docx endommagé ({detail})",
    "docx_parts": "paquet .docx de {parts} parties ; la limite est de {limit} (RAG_MAX_DOCX_PARTS)",
    "docx_size": "le paquet .docx fait {size} Mio une fois décompressé ; la limite est de {limit} Mio "
    "(RAG_MAX_DOCX_MB)",
    "memory": "sa lecture nécessite plus de {memory} Mio (RAG_READ_MEMORY_MB)",
    "crashed": "le processus de lecture s’est arrêté sur une erreur ou a manqué de mémoire (RAG_READ_MEMORY_MB = "
    "{memory})",
    "reader_failed": "échec de la lecture ({error} : {detail})",
    "no_chunks": "aucun texte restant après le découpage en fragments",
    "removed": " ; son texte indexé auparavant a été supprimé de l’index",
}  # fmt: skip
# Keys of Gradio's i18n table the page needs that Gradio's table for the language lacks (`ui/gradio_labels.py`).
# Gradio's French table lacks all those of `GRADIO_KEYS["ru"]` and `GRADIO_KEYS["it"]` but `common.run` (it has
# "Exécuter"): chatbot.complete, common.download_all, common.progress, common.record, common.stop_recording,
# common.screen_studio, common.share_gradio_tab, the six dataframe.import_* errors, dataframe.filter,
# dataframe.clear_filter, status.queue_position; and, unlike Russian, the chat's copy button (chatbot.copy_message,
# chatbot.copied_message) and the chat interface's keys (chat_interface.*: its "New chat" button in the
# conversation list). common.upload and common.complete are in no table. Two keys its table has are worded again,
# as our strings word an upload: upload_text.click_to_upload and file.uploading ("télécharger" there).
GRADIO_KEYS: dict[str, str] = {
    "upload_text.click_to_upload": "Cliquez pour importer un fichier", "file.uploading": "Envoi…",
    "common.upload": "Importer", "common.complete": "Terminé", "chatbot.complete": "Terminé",
    "chatbot.copy_message": "Copier le message", "chatbot.copied_message": "Message copié",
    "chat_interface.new_chat": "Nouvelle discussion", "chat_interface.message_placeholder": "Écrivez un message…",
    "chat_interface.additional_inputs": "Autres réglages", "chat_interface.chatbot": "Discussion",
    "chat_interface.conversation": "Conversation", "common.download_all": "Tout télécharger",
    "common.progress": "Progression", "common.record": "Enregistrer",
    "common.stop_recording": "Arrêter l’enregistrement", "common.screen_studio": "Screen Studio",
    "common.share_gradio_tab": "[Partage] Onglet Gradio",
    "dataframe.import_empty_file": "Le fichier déposé est vide.",
    "dataframe.import_no_column_names": "Le fichier déposé n’a pas de noms de colonnes.",
    "dataframe.import_ragged_row": "La ligne {line} du fichier compte {fields} champs, l’en-tête en compte {columns}.",
    "dataframe.import_static_columns": "Impossible d’importer dans un tableau dont les colonnes sont en lecture "
    "seule.",
    "dataframe.import_fixed_columns": "Ce tableau compte exactement {expected} colonnes, le fichier en compte "
    "{actual}.",
    "dataframe.import_fixed_rows": "Ce tableau compte exactement {expected} lignes, le fichier en compte {actual}.",
    "dataframe.filter": "Filtrer", "dataframe.clear_filter": "Effacer les filtres",
    "status.queue_position": "En file d’attente : {position} sur {size}",
}  # fmt: skip
# Gradio's hard-coded English labels, whole, as Gradio writes them (`ui/gradio_labels.py`).
LABELS: dict[str, str] = {
    "Toggle Sidebar": "Afficher ou masquer le panneau latéral", "More tabs": "Autres onglets",
    "chatbot conversation": "Conversation", "Loading response": "Chargement de la réponse",
    "Loading content": "Chargement du contenu", "Liked": "J’aime (activé)", "Disliked": "Je n’aime pas (activé)",
    "undo": "Annuler", "Reset to default value": "Rétablir la valeur par défaut",
    "Click to upload or drop files": "Cliquez pour importer des fichiers ou déposez-les ici",
    "File upload": "Envoi de fichiers", "Dataframe": "Tableau", "Table actions": "Actions du tableau",
    "Copy table data": "Copier les données du tableau", "Copied to clipboard": "Copié dans le presse-papiers",
    "Fullscreen": "Plein écran", "Exit fullscreen mode": "Quitter le plein écran",
    "Open cell menu": "Ouvrir le menu de la cellule", "Empty value": "Valeur vide",
    "Gradio footer navigation": "Navigation du pied de page", "Close": "Fermer",
    "Info": "Information", "Warning": "Avertissement", "Success": "Succès", "Info.": "Information.",
    "Warning.": "Avertissement.", "Success.": "Succès.", "An error occurred.": "Une erreur s’est produite.",
    "Language": "Langue", "☀︎ Light": "☀︎ Clair", "⏾ Dark": "⏾ Sombre", "🖥︎ System": "🖥︎ Système",
    "Screen Studio allows you to record your screen and generates a video of your app with automatically adding "
    "zoom in and zoom out effects as well as trimming the video to remove the prediction time.": "Screen Studio "
    "enregistre votre écran et crée une vidéo de l’application, en ajoutant automatiquement des zooms et en "
    "coupant l’attente des réponses.",
    "Start recording by clicking the": "Lancez l’enregistrement avec le bouton",
    "Start Recording": "Lancer l’enregistrement", "Stop Recording": "Arrêter l’enregistrement",
    "button below and then sharing the current browser tab of your Gradio demo. Use your app as you would "
    "normally to generate a prediction.": "ci-dessous, puis partagez cet onglet du navigateur. Utilisez "
    "l’application comme d’habitude.",
    "Stop recording by clicking the": "Arrêtez l’enregistrement avec le bouton",
    "button in the footer of the demo.": "en bas de la page.",
    "Include automatic zoom in/out": "Ajouter des zooms automatiques",
    "Include automatic video trimming": "Couper la vidéo automatiquement",
    "Progressive Web App is not enabled for this app. To enable it, start your Gradio app with": "Le mode "
    "application web progressive (PWA) n’est pas activé. Pour l’activer, lancez l’application Gradio avec",
}  # fmt: skip
# A regular expression (JavaScript) around our own text in a Gradio label, and its replacement.
PATTERNS: dict[str, str] = {
    "^number input for ": "champ numérique : ", "^range slider for ": "curseur : ",
    "^Select example (\\d+): ": "Exemple $1 : ", "^user's message: ": "message de l’utilisateur : ",
    "^bot's message: ": "réponse : ", "^(.+) icon$": "icône « $1 »",
}  # fmt: skip
