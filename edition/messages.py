"""The edition's own words in the reader's language: one catalogue, its languages, dates by Babel.

Every word the build writes onto a page (labels, headings, tooltips, the Cite panel's chrome,
the facsimile viewer's controls, the footer, the words the site's scripts show) is a message of
`MESSAGES` (or, with a count, of `PLURALS`), in English, German and French. A test checks that
every message has all three and that every message is used.

The language is the edition's interface language (`language_of`): `theme.language` of the
mkdocs.yml beside tei/ (the setting that also makes Material's own chrome speak it, so one page
never speaks two languages); where mkdocs.yml sets none, the `@xml:lang` of tei/edition.xml's
root; else English. A language the catalogue lacks is written in English, with a warning that
names the setting's line. A regional tag (`de-CH`, `fr_CA`) takes its language's messages and
its own region's dates.

Dates and numbers are formatted by Babel (CLDR's data for each locale): `6. März 1938`,
`6 mars 1938`, `1.515`. English dates are British (day, month, year), as the edition has
always written them; `en-US` gives `March 6, 1938`.

What is not translated, on purpose: the build's problem messages (for the editor, who reads the
README in English), the open data's field names, and the citation styles' own words (Chicago,
MLA and APA are English-language styles: their "to", "accessed" and month names are the style's,
edition/write/cite.py).

The messages of the build are those of one language at a time, set once per process by `use`
(the build's first step, and each worker that reads letters), as a gettext `install` would.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, get_month_names
from babel.numbers import format_decimal

LANGUAGES = ("en", "de", "fr")
DEFAULT = "en"
# Babel's bare "en" is American English (March 6, 1938); the edition writes English dates day first.
DATE_LOCALES = {"en": "en_GB"}

NBSP = "\u00a0"  # French: before a colon
NNBSP = "\u202f"  # French: before ; ! ?

# key → {language: text}; `{name}` slots are filled by `t(key, name=…)`. Markdown in a message
# (links, emphasis) is written as the page needs it; every value filled in is escaped by its caller.
MESSAGES: dict[str, dict[str, str]] = {
    # dates
    "date.undated": {"en": "undated", "de": "undatiert", "fr": "sans date"},
    "date.not_before": {"en": "not before {date}", "de": "nicht vor {date}", "fr": "pas avant {date}"},
    "date.from": {"en": "from {date}", "de": "ab {date}", "fr": "à partir de {date}"},
    "date.between": {"en": "between {start} and {end}", "de": "zwischen {start} und {end}",
                     "fr": "entre {start} et {end}"},
    # correspondents and the letter's heading
    "letter.parties": {"en": "{senders} to {addressees}", "de": "{senders} an {addressees}",
                       "fr": "{senders} à {addressees}"},
    "letter.description": {"en": "{senders} to {addressees}, {date}",
                           "de": "{senders} an {addressees}, {date}",
                           "fr": "{senders} à {addressees}, {date}"},
    "letter.unknown_sender": {"en": "unknown sender", "de": "unbekannter Absender",
                              "fr": "expéditeur inconnu"},
    "letter.unknown_addressee": {"en": "unknown addressee", "de": "unbekannter Empfänger",
                                 "fr": "destinataire inconnu"},
    "letter.unknown": {"en": "unknown", "de": "unbekannt", "fr": "inconnu"},
    "letter.unidentified": {"en": "unidentified", "de": "nicht identifiziert", "fr": "non identifié"},
    "list.and": {"en": " and ", "de": " und ", "fr": " et "},
    "list.or": {"en": " or ", "de": " oder ", "fr": " ou "},
    "list.semicolon": {"en": "; ", "de": "; ", "fr": f"{NNBSP}; "},
    "cert.identification.medium": {"en": "identification probable", "de": "Identifizierung wahrscheinlich",
                                   "fr": "identification probable"},
    "cert.identification.low": {"en": "identification uncertain", "de": "Identifizierung unsicher",
                                "fr": "identification incertaine"},
    "cert.identification.unknown": {"en": "identification certainty unknown",
                                    "de": "Sicherheit der Identifizierung unbekannt",
                                    "fr": "degré de certitude de l’identification inconnu"},
    "cert.place.medium": {"en": "place probable", "de": "Ort wahrscheinlich", "fr": "lieu probable"},
    "cert.place.low": {"en": "place uncertain", "de": "Ort unsicher", "fr": "lieu incertain"},
    "cert.place.unknown": {"en": "place certainty unknown", "de": "Sicherheit des Orts unbekannt",
                           "fr": "degré de certitude du lieu inconnu"},
    "cert.uncertain": {"en": "uncertain", "de": "unsicher", "fr": "incertain"},
    "notes.heading": {"en": "Notes", "de": "Anmerkungen", "fr": "Notes"},
    # the key to the marks
    "legend.intro": {"en": "Marks in the text: {marks}.", "de": "Zeichen im Text: {marks}.",
                     "fr": f"Signes dans le texte{NBSP}: {{marks}}."},
    "legend.?": {"en": "? after a name: its identification is uncertain",
                 "de": "? nach einem Namen: seine Identifizierung ist unsicher",
                 "fr": f"? après un nom{NBSP}: son identification est incertaine"},
    "legend.+": {"en": "+ after a name: the same words name a further entry of the registers",
                 "de": "+ nach einem Namen: dieselben Worte nennen einen weiteren Eintrag der Register",
                 "fr": f"+ après un nom{NBSP}: les mêmes mots désignent une autre entrée des index"},
    "legend.corr": {"en": "a dotted underline: the source's reading, which the editors correct (the"
                          " correction shows when the pointer rests on it)",
                    "de": "gepunktet unterstrichen: die Lesart der Quelle, die die Herausgeber berichtigen"
                          " (die Berichtigung erscheint, wenn der Zeiger darauf ruht)",
                    "fr": f"un soulignement pointillé{NBSP}: la leçon de la source, que les éditeurs"
                          " corrigent (la correction paraît quand le pointeur s’y arrête)"},
    "legend.expan": {"en": "a dotted underline: an abbreviation of the source, which the editors expand",
                     "de": "gepunktet unterstrichen: eine Abkürzung der Quelle, die die Herausgeber auflösen",
                     "fr": f"un soulignement pointillé{NBSP}: une abréviation de la source, que les"
                           " éditeurs développent"},
    "legend.reg": {"en": "a dotted underline: the source's spelling, which the editors regularise",
                   "de": "gepunktet unterstrichen: die Schreibung der Quelle, die die Herausgeber"
                         " normalisieren",
                   "fr": f"un soulignement pointillé{NBSP}: la graphie de la source, que les éditeurs"
                         " normalisent"},
    "legend.notes": {"en": "raised numbers: the notes, listed under Notes",
                     "de": "hochgestellte Zahlen: die Anmerkungen, unter „Anmerkungen“ aufgeführt",
                     "fr": f"chiffres en exposant{NBSP}: les notes, réunies sous «{NBSP}Notes{NBSP}»"},
    # the source panel
    "source.as_transcribed": {"en": "The source as the transcription cites it",
                              "de": "Die Quelle, wie die Transkription sie angibt",
                              "fr": "La source telle que la transcription la cite"},
    "source.print": {"en": "Printed source", "de": "Gedruckte Quelle", "fr": "Source imprimée"},
    "source.other": {"en": "Source", "de": "Quelle", "fr": "Source"},
    "source.probable": {"en": "{label} (identification probable, not certain)",
                        "de": "{label} (Identifizierung wahrscheinlich, nicht sicher)",
                        "fr": "{label} (identification probable, non certaine)"},
    "source.cert": {"en": "{label} ({cert})", "de": "{label} ({cert})", "fr": "{label} ({cert})"},
    "source.note.transcription": {"en": "The text", "de": "Der Text", "fr": "Le texte"},
    "source.note.collation": {"en": "Compared with the print", "de": "Mit dem Druck verglichen",
                              "fr": "Collationné avec l’imprimé"},
    "source.note.translation": {"en": "Translation", "de": "Übersetzung", "fr": "Traduction"},
    "source.note.other": {"en": "About the text", "de": "Zum Text", "fr": "À propos du texte"},
    "source.imprint": {"en": "The transcription's own citation of its source, a line of the text as"
                             " received (shown here, not in the letter's text):",
                       "de": "Die eigene Quellenangabe der Transkription, eine Zeile des überlieferten"
                             " Textes (hier gezeigt, nicht im Text des Briefes):",
                       "fr": "La citation de sa source par la transcription elle-même, une ligne du texte"
                             f" reçu (montrée ici, non dans le texte de la lettre){NBSP}:"},
    "source.translated_by": {"en": "Translated by", "de": "Übersetzt von", "fr": "Traduit par"},
    "source.reasoning": {"en": "Place, date and addressee.", "de": "Ort, Datum und Empfänger.",
                         "fr": "Lieu, date et destinataire."},
    "source.tei_file": {"en": "The TEI file of this letter", "de": "Die TEI-Datei dieses Briefes",
                        "fr": "Le fichier TEI de cette lettre"},
    "source.tei": {"en": "TEI source", "de": "TEI-Quelle", "fr": "Source TEI"},
    "source.summary": {"en": "Source of this text", "de": "Quelle dieses Textes", "fr": "Source de ce texte"},
    "source.summary_cert": {"en": "Source of this text (printed source: {cert})",
                            "de": "Quelle dieses Textes (gedruckte Quelle: {cert})",
                            "fr": f"Source de ce texte (source imprimée{NBSP}: {{cert}})"},
    # where a register entry is mentioned
    "place.text": {"en": "text", "de": "Text", "fr": "texte"},
    "place.note": {"en": "note {n}", "de": "Anm. {n}", "fr": "note {n}"},
    # a register entry
    "entry.uncertain": {"en": "identification uncertain", "de": "Identifizierung unsicher",
                        "fr": "identification incertaine"},
    "entry.born": {"en": "Born {life}", "de": "Geboren {life}", "fr": "Né(e) {life}"},
    "entry.died": {"en": "Died {life}", "de": "Gestorben {life}", "fr": "Mort(e) {life}"},
    "entry.variants": {"en": "Also written: {forms}", "de": "Auch geschrieben: {forms}",
                       "fr": f"Autres graphies{NBSP}: {{forms}}"},
    "entry.source": {"en": "Source: {source}", "de": "Quelle: {source}", "fr": f"Source{NBSP}: {{source}}"},
    "entry.related": {"en": "See also: {links}", "de": "Siehe auch: {links}",
                      "fr": f"Voir aussi{NBSP}: {{links}}"},
    "entry.literature": {"en": "Literature: {items}", "de": "Literatur: {items}",
                         "fr": f"Bibliographie{NBSP}: {{items}}"},
    "entry.authorities": {"en": "Authority records: {links}", "de": "Normdaten: {links}",
                          "fr": f"Notices d’autorité{NBSP}: {{links}}"},
    "entry.identifiers": {"en": "Other identifiers: {ids}", "de": "Weitere Kennungen: {ids}",
                          "fr": f"Autres identifiants{NBSP}: {{ids}}"},
    "entry.correspondence": {"en": "Correspondence: [{letters} from or to {name}]({href})",
                             "de": "Korrespondenz: [{letters} von oder an {name}]({href})",
                             "fr": f"Correspondance{NBSP}: [{{letters}} de ou à {{name}}]({{href}})"},
    "entry.by": {"en": "By {names}.", "de": "Von {names}.", "fr": "Par {names}."},
    "entry.mentioned_in": {"en": "Mentioned in", "de": "Erwähnt in", "fr": "Mentionné dans"},
    "entry.not_mentioned": {"en": "Not mentioned in any letter of the edition.",
                            "de": "In keinem Brief der Edition erwähnt.",
                            "fr": "Mentionné dans aucune lettre de l’édition."},
    "entry.description": {"en": "{kind} in {edition}", "de": "{kind} in {edition}",
                          "fr": "{kind} dans {edition}"},
    # kinds of register entry: one, and the register's title
    "kind.person": {"en": "person", "de": "Person", "fr": "personne"},
    "kind.work": {"en": "work", "de": "Werk", "fr": "œuvre"},
    "kind.place": {"en": "place", "de": "Ort", "fr": "lieu"},
    "kind.org": {"en": "organisation", "de": "Organisation", "fr": "organisation"},
    "kind.event": {"en": "event", "de": "Ereignis", "fr": "événement"},
    "register.person": {"en": "People", "de": "Personen", "fr": "Personnes"},
    "register.work": {"en": "Works", "de": "Werke", "fr": "Œuvres"},
    "register.place": {"en": "Places", "de": "Orte", "fr": "Lieux"},
    "register.org": {"en": "Organisations", "de": "Organisationen", "fr": "Organisations"},
    "register.event": {"en": "Events", "de": "Ereignisse", "fr": "Événements"},
    # the parts of a letter, as a page and a citation name them
    "block.p": {"en": "paragraph", "de": "Absatz", "fr": "paragraphe"},
    "block.head": {"en": "heading", "de": "Überschrift", "fr": "titre de section"},
    "block.title": {"en": "title", "de": "Titel", "fr": "titre"},
    "block.dateline": {"en": "dateline", "de": "Datumszeile", "fr": "ligne de date"},
    "block.imprint": {"en": "imprint", "de": "Impressum", "fr": "mention d’impression"},
    "block.salute": {"en": "salutation", "de": "Anrede", "fr": "formule d’appel"},
    "block.signed": {"en": "signature", "de": "Unterschrift", "fr": "signature"},
    "block.byline": {"en": "byline", "de": "Verfasserangabe", "fr": "mention d’auteur"},
    "block.trailer": {"en": "trailer", "de": "Schlusszeile", "fr": "ligne finale"},
    "block.addrline": {"en": "address", "de": "Adresse", "fr": "adresse"},
    "block.item": {"en": "list item", "de": "Listenpunkt", "fr": "élément de liste"},
    "block.label": {"en": "label", "de": "Bezeichnung", "fr": "étiquette"},
    "block.table": {"en": "table", "de": "Tabelle", "fr": "tableau"},
    # the parts of a letter set apart on its page, by their @type (edition/read/tei.py, division)
    "division.writingSession": {"en": "Writing session", "de": "Schreibsitzung", "fr": "Séance d’écriture"},
    "division.envelope": {"en": "Envelope", "de": "Umschlag", "fr": "Enveloppe"},
    "division.enclosure": {"en": "Enclosure", "de": "Beilage", "fr": "Pièce jointe"},
    "division.annex": {"en": "Annex", "de": "Anlage", "fr": "Annexe"},
    "division.attachment": {"en": "Attachment", "de": "Anhang", "fr": "Pièce annexée"},
    "division.postscript": {"en": "Postscript", "de": "Nachschrift", "fr": "Post-scriptum"},
    "division.address": {"en": "Address", "de": "Adresse", "fr": "Adresse"},
    "division.certificate": {"en": "Certificate", "de": "Bescheinigung", "fr": "Certificat"},
    "division.reply": {"en": "Reply", "de": "Antwort", "fr": "Réponse"},
    "division.account": {"en": "Account", "de": "Abrechnung", "fr": "Compte"},
    "division.endorsement": {"en": "Endorsement", "de": "Rückvermerk", "fr": "Mention au dos"},
    "division.officialDocument": {"en": "Official document", "de": "Amtliches Schriftstück",
                                  "fr": "Document officiel"},
    "division.copy": {"en": "Copy", "de": "Abschrift", "fr": "Copie"},
    "division.draft": {"en": "Draft", "de": "Entwurf", "fr": "Brouillon"},
    # the writer's tooltips and names
    "ed.supplied": {"en": "supplied by the editors", "de": "von den Herausgebern ergänzt",
                    "fr": "restitué par les éditeurs"},
    "ed.unclear": {"en": "unclear in the source", "de": "in der Quelle unsicher lesbar",
                   "fr": "peu lisible dans la source"},
    "ed.gap": {"en": "omitted", "de": "ausgelassen", "fr": "omis"},
    "ed.del": {"en": "deleted in the source", "de": "in der Quelle gestrichen", "fr": "biffé dans la source"},
    "ed.add": {"en": "added in the source", "de": "in der Quelle hinzugefügt", "fr": "ajouté dans la source"},
    "ed.space": {"en": "space left in the source", "de": "in der Quelle frei gelassen",
                 "fr": "espace laissé en blanc dans la source"},
    "ed.corr": {"en": "corrected by the editors", "de": "von den Herausgebern berichtigt",
                "fr": "corrigé par les éditeurs"},
    "ed.damage": {"en": "damaged in the source", "de": "in der Quelle beschädigt",
                  "fr": "endommagé dans la source"},
    "ed.char": {"en": "a character of the source, as encoded", "de": "ein Zeichen der Quelle, wie kodiert",
                "fr": "un caractère de la source, tel qu’encodé"},
    "ed.detail": {"en": "{says} ({detail})", "de": "{says} ({detail})", "fr": "{says} ({detail})"},
    "alt.corr": {"en": "corrected: {other}", "de": "berichtigt: {other}", "fr": f"corrigé{NBSP}: {{other}}"},
    "alt.expan": {"en": "expanded: {other}", "de": "aufgelöst: {other}", "fr": f"développé{NBSP}: {{other}}"},
    "alt.reg": {"en": "regularised: {other}", "de": "normalisiert: {other}",
                "fr": f"normalisé{NBSP}: {{other}}"},
    "pb.page": {"en": "page {n} of the printed source", "de": "Seite {n} der gedruckten Quelle",
                "fr": "page {n} de la source imprimée"},
    "pb.break": {"en": "page break in the source", "de": "Seitenwechsel in der Quelle",
                 "fr": "changement de page dans la source"},
    "lb.break": {"en": "line break in the source", "de": "Zeilenwechsel in der Quelle",
                 "fr": "changement de ligne dans la source"},
    "cb.break": {"en": "column break in the source", "de": "Spaltenwechsel in der Quelle",
                 "fr": "changement de colonne dans la source"},
    "mention.title": {"en": "{kind}", "de": "{kind}", "fr": "{kind}"},
    "mention.uncertain": {"en": "{kind}, identification uncertain", "de": "{kind}, Identifizierung unsicher",
                          "fr": "{kind}, identification incertaine"},
    "mention.also": {"en": "also: {name}", "de": "auch: {name}", "fr": f"aussi{NBSP}: {{name}}"},
    "link.also": {"en": "link: {text}", "de": "Link: {text}", "fr": f"lien{NBSP}: {{text}}"},
    "permalink.numbered": {"en": "Link to paragraph {n}", "de": "Link zu Absatz {n}",
                           "fr": "Lien vers le paragraphe {n}"},
    "permalink.plain": {"en": "Link to this paragraph", "de": "Link zu diesem Absatz",
                        "fr": "Lien vers ce paragraphe"},
    "permalink.title": {"en": "{name} (click to copy it)", "de": "{name} (zum Kopieren klicken)",
                        "fr": "{name} (cliquer pour le copier)"},
    "note.authorial": {"en": "Author’s note.", "de": "Anmerkung des Verfassers.", "fr": "Note de l’auteur."},
    "note.commentary": {"en": "Commentary:", "de": "Kommentar:", "fr": f"Commentaire{NBSP}:"},
    # lists of letters, the calendar, the indexes
    "nav.letters": {"en": "Letters", "de": "Briefe", "fr": "Lettres"},
    "nav.correspondents": {"en": "Correspondents", "de": "Korrespondenzpartner", "fr": "Correspondants"},
    "nav.calendar": {"en": "Calendar", "de": "Kalender", "fr": "Calendrier"},
    "nav.data": {"en": "Open data", "de": "Offene Daten", "fr": "Données ouvertes"},
    "nav.about": {"en": "About this edition", "de": "Über diese Edition", "fr": "À propos de cette édition"},
    "home.browse": {"en": "Browse the edition", "de": "Die Edition durchsuchen", "fr": "Parcourir l’édition"},
    "home.letters": {"en": "{letters} in the order they were written",
                     "de": "{letters} in der Reihenfolge ihrer Entstehung",
                     "fr": "{letters} dans l’ordre où elles furent écrites"},
    "home.correspondents": {"en": "the letters from and to each", "de": "die Briefe von und an jeden",
                            "fr": "les lettres de et à chacun"},
    "home.calendar": {"en": "the letters by month", "de": "die Briefe nach Monaten",
                      "fr": "les lettres par mois"},
    "home.data": {"en": "the letters and registers as JSON and CSV, and CMIF",
                  "de": "die Briefe und Register als JSON und CSV, und CMIF",
                  "fr": "les lettres et les index en JSON et CSV, et CMIF"},
    "home.about": {"en": "editorial principles, how to cite, licence",
                   "de": "Editionsrichtlinien, Zitierweise, Lizenz",
                   "fr": "principes d’édition, comment citer, licence"},
    "group.undated": {"en": "Undated", "de": "Undatiert", "fr": "Sans date"},
    "group.month_unknown": {"en": "Month unknown", "de": "Monat unbekannt", "fr": "Mois inconnu"},
    "group.title": {"en": "{title}: {group}", "de": "{title}: {group}", "fr": f"{{title}}{NBSP}: {{group}}"},
    "group.part_of": {"en": "{letters}; part of {up}.", "de": "{letters}; Teil von {up}.",
                      "fr": f"{{letters}}{NNBSP}; partie de {{up}}."},
    "group.other": {"en": "Other", "de": "Andere", "fr": "Autres"},
    "index.part_of": {"en": "Part of [{title}]({href}).", "de": "Teil von [{title}]({href}).",
                      "fr": "Partie de [{title}]({href})."},
    "nav.previous_letter": {"en": "Previous letter", "de": "Vorheriger Brief", "fr": "Lettre précédente"},
    "nav.next_letter": {"en": "Next letter", "de": "Nächster Brief", "fr": "Lettre suivante"},
    "nav.previous": {"en": "Previous", "de": "Vorheriger", "fr": "Précédente"},
    "nav.next": {"en": "Next", "de": "Nächster", "fr": "Suivante"},
    "nav.neighbour": {"en": "{label}: [{title}]({href}){{ rel=\"{rel}\" }}, {date}",
                      "de": "{label}: [{title}]({href}){{ rel=\"{rel}\" }}, {date}",
                      "fr": f"{{label}}{NBSP}: [{{title}}]({{href}}){{{{ rel=\"{{rel}}\" }}}}, {{date}}"},
    "nav.correspondence": {"en": "In the correspondence of {names}: {links}",
                           "de": "In der Korrespondenz von {names}: {links}",
                           "fr": f"Dans la correspondance de {{names}}{NBSP}: {{links}}"},
    "letters.browse": {"en": "Also by [correspondent]({correspondents}) and in a [calendar]({calendar}).",
                       "de": "Auch nach [Korrespondenzpartnern]({correspondents}) und in einem"
                             " [Kalender]({calendar}).",
                       "fr": "Aussi par [correspondant]({correspondents}) et dans un"
                             " [calendrier]({calendar})."},
    "letters.intro": {"en": "{letters}, in the order they were written. {browse}",
                      "de": "{letters}, in der Reihenfolge ihrer Entstehung. {browse}",
                      "fr": "{letters}, dans l’ordre où elles furent écrites. {browse}"},
    "correspondence.intro": {"en": "{letters} from or to [{name}]({href}) ({sent} from, {received} to),"
                                   " in the order they were written.",
                             "de": "{letters} von oder an [{name}]({href}) ({sent} von, {received} an),"
                                   " in der Reihenfolge ihrer Entstehung.",
                             "fr": "{letters} de ou à [{name}]({href}) ({sent} de, {received} à),"
                                   " dans l’ordre où elles furent écrites."},
    "correspondence.title": {"en": "Correspondence: {name}", "de": "Korrespondenz: {name}",
                             "fr": f"Correspondance{NBSP}: {{name}}"},
    "correspondents.intro": {"en": "{correspondents}, with the letters from and to each.",
                             "de": "{correspondents}, mit den Briefen von und an jeden.",
                             "fr": "{correspondents}, avec les lettres de et à chacun."},
    "register.intro": {"en": "{entries}.", "de": "{entries}.", "fr": "{entries}."},
    "calendar.intro": {"en": "{letters} by the month they were written. Each number leads to the"
                             " letters of that month.",
                       "de": "{letters} nach dem Monat ihrer Entstehung. Jede Zahl führt zu den"
                             " Briefen dieses Monats.",
                       "fr": "{letters} selon le mois où elles furent écrites. Chaque nombre mène aux"
                             " lettres de ce mois."},
    # the Cite panel (the citation styles' own words are the styles', in English: edition/write/cite.py)
    "cite.summary": {"en": "Cite {scope}", "de": "{scope} zitieren", "fr": "Citer {scope}"},
    "cite.letter": {"en": "this letter", "de": "Diesen Brief", "fr": "cette lettre"},
    "cite.paragraph": {"en": "paragraph {n}", "de": "Absatz {n}", "fr": "le paragraphe {n}"},
    "cite.part": {"en": "the {part}", "de": "{part}", "fr": f"la partie «{NBSP}{{part}}{NBSP}»"},
    "cite.copy": {"en": "Copy", "de": "Kopieren", "fr": "Copier"},
    "cite.downloads": {"en": "Download for a reference manager:",
                       "de": "Für eine Literaturverwaltung herunterladen:",
                       "fr": f"Télécharger pour un gestionnaire de références{NBSP}:"},
    "cite.hint": {"en": "To cite one paragraph, open its link (the ¶ beside it): these citations then"
                        " point to that paragraph. The access date is today's.",
                  "de": "Um einen Absatz zu zitieren, öffnen Sie seinen Link (das ¶ daneben): diese"
                        " Zitate verweisen dann auf diesen Absatz. Das Zugriffsdatum ist das heutige.",
                  "fr": f"Pour citer un paragraphe, ouvrez son lien (le ¶ à côté){NBSP}: ces citations"
                        " renvoient alors à ce paragraphe. La date de consultation est celle du jour."},
    "cite.style.chicago-note": {"en": "Chicago (note)", "de": "Chicago (Anmerkung)", "fr": "Chicago (note)"},
    "cite.style.chicago-bibliography": {"en": "Chicago (bibliography)", "de": "Chicago (Bibliographie)",
                                        "fr": "Chicago (bibliographie)"},
    "cite.style.mla": {"en": "MLA (works cited)", "de": "MLA (Literaturverzeichnis)",
                       "fr": "MLA (ouvrages cités)"},
    "cite.style.mla-in-text": {"en": "MLA (in the text)", "de": "MLA (im Text)", "fr": "MLA (dans le texte)"},
    "cite.style.apa": {"en": "APA (reference)", "de": "APA (Literaturangabe)", "fr": "APA (référence)"},
    "cite.style.apa-in-text": {"en": "APA (in the text)", "de": "APA (im Text)", "fr": "APA (dans le texte)"},
    # the facsimile viewer (viewer.py writes them; facsimile.js shows the last two)
    "viewer.image": {"en": "Page image", "de": "Seitenbild", "fr": "Image de la page"},
    "viewer.previous": {"en": "Previous page", "de": "Vorherige Seite", "fr": "Page précédente"},
    "viewer.next": {"en": "Next page", "de": "Nächste Seite", "fr": "Page suivante"},
    "viewer.zoom_in": {"en": "Zoom in", "de": "Vergrößern", "fr": "Agrandir"},
    "viewer.zoom_out": {"en": "Zoom out", "de": "Verkleinern", "fr": "Réduire"},
    "viewer.home": {"en": "Whole page", "de": "Ganze Seite", "fr": "Page entière"},
    "viewer.missing": {"en": "No image of this page.", "de": "Kein Bild dieser Seite.",
                       "fr": "Aucune image de cette page."},
    "viewer.images": {"en": "Page images: {links}", "de": "Seitenbilder: {links}",
                      "fr": f"Images des pages{NBSP}: {{links}}"},
    "viewer.label": {"en": "Page {label} ({n} of {total})", "de": "Seite {label} ({n} von {total})",
                     "fr": "Page {label} ({n} sur {total})"},
    "viewer.keys": {"en": "Page image: + and - zoom, arrow keys move, 0 shows the whole page",
                    "de": "Seitenbild: + und - zoomen, Pfeiltasten verschieben, 0 zeigt die ganze Seite",
                    "fr": f"Image de la page{NBSP}: + et - zooment, les flèches déplacent, 0 montre la"
                          " page entière"},
    # the IIIF manifest's metadata
    "iiif.date": {"en": "Date", "de": "Datum", "fr": "Date"},
    "iiif.from": {"en": "From", "de": "Von", "fr": "De"},
    "iiif.to": {"en": "To", "de": "An", "fr": "À"},
    "iiif.place": {"en": "Place", "de": "Ort", "fr": "Lieu"},
    "iiif.publisher": {"en": "Published by", "de": "Herausgegeben von", "fr": "Publié par"},
    # the open data page
    "data.intro": {"en": "The edition's data, free to download and reuse. In CSV files a field with several"
                         " values separates them with \" | \". Each file is regenerated from the TEI with"
                         " every build.",
                   "de": "Die Daten der Edition, frei herunterzuladen und nachzunutzen. In CSV-Dateien trennt"
                         " ein Feld mit mehreren Werten diese mit \" | \". Jede Datei wird bei jedem Build"
                         " aus dem TEI neu erzeugt.",
                   "fr": "Les données de l’édition, libres de téléchargement et de réutilisation. Dans les"
                         " fichiers CSV, un champ à plusieurs valeurs les sépare par \" | \". Chaque fichier"
                         " est régénéré à partir du TEI à chaque construction."},
    "data.letters": {"en": "- **Letters**: [JSON]({json}), [CSV]({csv}). One record per letter: {fields}.",
                     "de": "- **Briefe**: [JSON]({json}), [CSV]({csv}). Ein Datensatz je Brief: {fields}.",
                     "fr": f"- **Lettres**{NBSP}: [JSON]({{json}}), [CSV]({{csv}}). Un enregistrement par"
                           f" lettre{NBSP}: {{fields}}."},
    "data.registers": {"en": "- **Registers** (people, works, places, organisations, events): [JSON]({json}),"
                             " [CSV]({csv}). One record per entry: {fields}; authorities are the URIs of"
                             " {authorities} records, or the URL the register gives; no_authority says why"
                             " an entry has none, where the register says it. dates are as a reader sees"
                             " them (\"1878–1953\"); birth, death (of a person) and date (of an event, place,"
                             " organisation or work) are ISO 8601: a day, month or year, or an interval"
                             " start/end where only its bounds are known (.. for an open end); birth_cert and"
                             " death_cert are the TEI's @cert of those dates (empty where it gives none).",
                       "de": "- **Register** (Personen, Werke, Orte, Organisationen, Ereignisse):"
                             " [JSON]({json}),"
                             " [CSV]({csv}). Ein Datensatz je Eintrag: {fields}; Normdaten sind die URIs von"
                             " {authorities}-Datensätzen oder die URL, die das Register angibt; no_authority"
                             " sagt, warum ein Eintrag keine hat, wo das Register es sagt. dates gibt die"
                             " Daten, wie Leser sie sehen („1878–1953“); birth, death (einer Person) und date"
                             " (eines Ereignisses, Orts, Werks oder einer Organisation) sind ISO 8601: ein"
                             " Tag, Monat oder Jahr oder ein Intervall Anfang/Ende, wo nur seine Grenzen"
                             " bekannt sind (.. für ein offenes Ende); birth_cert und death_cert geben das"
                             " @cert der TEI zu diesen Daten (leer, wo sie keines angibt).",
                       "fr": f"- **Index** (personnes, œuvres, lieux, organisations, événements){NBSP}:"
                             f" [JSON]({{json}}), [CSV]({{csv}}). Un enregistrement par entrée{NBSP}:"
                             f" {{fields}}{NNBSP}; les autorités sont les URI des notices {{authorities}},"
                             f" ou l’URL que donne l’index{NNBSP}; no_authority dit pourquoi une entrée"
                             f" n’en a pas, là où l’index le dit. dates donne les dates telles qu’un lecteur"
                             f" les voit («{NBSP}1878–1953{NBSP}»){NNBSP}; birth, death (d’une personne) et"
                             f" date (d’un événement, d’un lieu, d’une organisation ou d’une œuvre) sont en"
                             f" ISO 8601{NBSP}: un jour, un mois ou une année, ou un intervalle début/fin là"
                             f" où seules ses bornes sont connues (.. pour une borne ouverte){NNBSP};"
                             " birth_cert et death_cert donnent le @cert de la TEI pour ces dates (vide là où"
                             " elle n’en donne pas)."},
    "data.cmif": {"en": "- **Correspondence metadata** in the Correspondence Metadata Interchange Format"
                        " (CMIF):"
                        " [cmif.xml]({href}), for aggregators such as correspSearch: sender, addressee,"
                        " place and date of every letter.",
                  "de": "- **Korrespondenz-Metadaten** im Correspondence Metadata Interchange Format (CMIF):"
                        " [cmif.xml]({href}), für Aggregatoren wie correspSearch: Absender, Empfänger,"
                        " Ort und Datum jedes Briefes.",
                  "fr": "- **Métadonnées de correspondance** au format Correspondence Metadata Interchange"
                        f" Format (CMIF){NBSP}: [cmif.xml]({{href}}), pour des agrégateurs comme"
                        f" correspSearch{NBSP}: expéditeur, destinataire, lieu et date de chaque lettre."},
    "data.sitemap": {"en": "- **Sitemap**: <a href=\"{href}\">sitemap.xml</a>, every page of the site,"
                           " for search engines and harvesters.",
                     "de": "- **Sitemap**: <a href=\"{href}\">sitemap.xml</a>, jede Seite der Website,"
                           " für Suchmaschinen und Harvester.",
                     "fr": f"- **Plan du site**{NBSP}: <a href=\"{{href}}\">sitemap.xml</a>, chaque page du"
                           " site, pour les moteurs de recherche et les moissonneurs."},
    "data.description": {"en": "Downloads of {edition}: letters, registers, CMIF",
                         "de": "Downloads von {edition}: Briefe, Register, CMIF",
                         "fr": f"Téléchargements de {{edition}}{NBSP}: lettres, index, CMIF"},
    # Pagefind's filters, by their headings (search.filters)
    "filter.year": {"en": "year", "de": "Jahr", "fr": "année"},
    "filter.correspondent": {"en": "correspondent", "de": "Korrespondenzpartner", "fr": "correspondant"},
    "filter.person": {"en": "person", "de": "Person", "fr": "personne"},
    # the README of the TEI corpus download (downloads.py)
    "zip.edition": {"en": "The edition", "de": "Die Edition", "fr": "L’édition"},
    "zip.release": {"en": "release of {date}", "de": "Ausgabe vom {date}", "fr": "version du {date}"},
    "zip.no_licence": {
        "en": "The edition states no licence (tei/edition.xml, publicationStmt/availability/licence).",
        "de": "Die Edition nennt keine Lizenz (tei/edition.xml, publicationStmt/availability/licence).",
        "fr": "L’édition n’indique aucune licence (tei/edition.xml, publicationStmt/availability/licence)."},
    "zip.heading": {"en": "{title}: the TEI corpus", "de": "{title}: das TEI-Korpus",
                    "fr": f"{{title}}{NBSP}: le corpus TEI"},
    "zip.what": {
        "en": "What this is: the TEI-XML source of the edition's letters (tei/letters/), its registers"
              " (tei/registers/) and its own header (tei/edition.xml), as the site was built from them",
        "de": "Was dies ist: die TEI-XML-Quellen der Briefe der Edition (tei/letters/), ihrer Register"
              " (tei/registers/) und ihres eigenen Headers (tei/edition.xml), aus denen die Website"
              " gebaut wurde",
        "fr": f"Ce que c’est{NBSP}: la source TEI-XML des lettres de l’édition (tei/letters/), de ses index"
              " (tei/registers/) et de son propre en-tête (tei/edition.xml), telle que le site en a été"
              " construit"},
    "zip.published": {"en": ", published at {url}", "de": ", veröffentlicht unter {url}",
                      "fr": ", publié à {url}"},
    "zip.source": {
        "en": "source/ holds the transcriptions as received, which the letters' transcription notes point"
              " to; each letter's reading text was checked against them.",
        "de": "source/ enthält die Transkriptionen, wie sie überliefert wurden, auf die die"
              " Transkriptionsanmerkungen der Briefe verweisen; der Lesetext jedes Briefes wurde mit ihnen"
              " verglichen.",
        "fr": "source/ contient les transcriptions telles que reçues, auxquelles renvoient les notes de"
              f" transcription des lettres{NNBSP}; le texte de lecture de chaque lettre a été vérifié sur"
              " elles."},
    "zip.cite": {"en": "How to cite it: {cite}.", "de": "Zitierweise: {cite}.",
                 "fr": f"Comment le citer{NBSP}: {{cite}}."},
    "zip.cite_default": {"en": "How to cite it: by the edition's title and address.",
                         "de": "Zitierweise: mit Titel und Adresse der Edition.",
                         "fr": f"Comment le citer{NBSP}: par le titre et l’adresse de l’édition."},
    "zip.letters": {"en": "Each letter's page gives its own citation.",
                    "de": "Die Seite jedes Briefes gibt seine eigene Zitierweise an.",
                    "fr": "La page de chaque lettre donne sa propre citation."},
    "zip.licence": {"en": "Licence: see LICENCE.txt.", "de": "Lizenz: siehe LICENCE.txt.",
                    "fr": f"Licence{NBSP}: voir LICENCE.txt."},
    # the builtin search index: one result for each note
    "search.note": {"en": "Note {n}", "de": "Anmerkung {n}", "fr": "Note {n}"},
    # the footer, the printout and the scripts (overrides/, docs/assets/*.js: `interface`)
    "ui.edited_by": {"en": "edited by {editors}", "de": "herausgegeben von {editors}",
                     "fr": "éditée par {editors}"},
    "ui.version": {"en": "version {version}", "de": "Version {version}", "fr": "version {version}"},
    "ui.released": {"en": "released {date}", "de": "veröffentlicht am {date}", "fr": "publiée le {date}"},
    "ui.licence": {"en": "Licence", "de": "Lizenz", "fr": "Licence"},
    "ui.made_with": {"en": "Made with", "de": "Erstellt mit", "fr": "Réalisé avec"},
    "ui.accessed": {"en": "accessed", "de": "abgerufen am", "fr": "consulté le"},
    "ui.search": {"en": "Search", "de": "Suche", "fr": "Recherche"},
    "ui.search_placeholder": {"en": "Search the letters and registers",
                              "de": "Briefe und Register durchsuchen",
                              "fr": "Chercher dans les lettres et les index"},
    "ui.link_copied": {"en": "link copied", "de": "Link kopiert", "fr": "lien copié"},
}

# key → {language: {CLDR plural category: text}}, `{n}` the number as the locale writes it.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "n.letters": {"en": {"one": "{n} letter", "other": "{n} letters"},
                  "de": {"one": "{n} Brief", "other": "{n} Briefe"},
                  "fr": {"one": "{n} lettre", "other": "{n} lettres"}},
    "n.correspondents": {"en": {"one": "{n} correspondent", "other": "{n} correspondents"},
                         "de": {"one": "{n} Korrespondenzpartner", "other": "{n} Korrespondenzpartner"},
                         "fr": {"one": "{n} correspondant", "other": "{n} correspondants"}},
    "n.entries": {"en": {"one": "{n} entry", "other": "{n} entries"},
                  "de": {"one": "{n} Eintrag", "other": "{n} Einträge"},
                  "fr": {"one": "{n} entrée", "other": "{n} entrées"}},
}

# The messages that the page's scripts and the theme's templates need: written by build.py into
# the home page's front matter (`interface`), which overrides/main.html hands to the scripts.
INTERFACE = ("ui.edited_by", "ui.version", "ui.released", "ui.made_with", "ui.accessed", "ui.search",
             "ui.search_placeholder", "ui.link_copied")


@dataclass(frozen=True, slots=True)
class Messages:
    """The messages of one language: `tag` as the edition sets it (`de-CH`), `language` the
    catalogue's (`de`, or English where the catalogue lacks it), `locale` Babel's, for dates."""

    tag: str
    language: str
    locale: Locale

    def t(self, key: str, **values: object) -> str:
        text = MESSAGES[key][self.language]
        return text.format(**values) if values else text

    def count(self, key: str, n: int) -> str:
        forms = PLURALS[key][self.language]
        form = self.locale.plural_form(n) if self.language == self.locale.language else \
            Locale.parse(self.language).plural_form(n)
        return forms.get(form, forms["other"]).format(n=self.number(n))

    def number(self, n: int) -> str:
        return _decimal(n, self.locale)

    def date(self, iso: str | None) -> str:
        """`1938-03-06` → `6 March 1938` / `6. März 1938`; `1938-03` → `March 1938`; `1938`; None
        → `undated`; what is no ISO date (a BCE year, `1938-13`) as it is written."""
        if not iso:
            return self.t("date.undated")
        return _formatted(self.tag, iso)

    def months(self) -> list[str]:
        """The months' short names, as a calendar heads them (`Jan`, `Mär`, `janv.`)."""
        names = get_month_names("abbreviated", context="stand-alone", locale=self.locale)
        return [names[n] for n in range(1, 13)]

    def interface(self) -> dict[str, str]:
        """The messages of the scripts and templates, by their key without `ui.`."""
        return {key.removeprefix("ui."): self.t(key) for key in INTERFACE}


@functools.cache
def messages(tag: str = DEFAULT) -> Messages:
    """The messages of a language tag (`de`, `de-CH`, `fr_CA`); English for a language that the
    catalogue lacks (`language_of` warns of it)."""
    language = re.split(r"[-_]", tag, maxsplit=1)[0].lower()
    known = language if language in LANGUAGES else DEFAULT
    try:
        locale = Locale.parse(DATE_LOCALES.get(tag.lower(), tag.replace("-", "_")))
        if locale.language != known:
            raise ValueError(tag)
    except (ValueError, TypeError, UnknownLocaleError):
        locale = Locale.parse(DATE_LOCALES.get(known, known))
    return Messages(tag, known, locale)


@functools.lru_cache(maxsize=65536)
def _formatted(tag: str, iso: str) -> str:
    """`Messages.date` of an ISO date, once for each (the same dates stand on many pages)."""
    parts = iso.split("-")
    if iso.startswith("-") or not all(p.isdigit() for p in parts) or len(parts) > 3:
        return iso
    if len(parts) == 1:
        return parts[0]
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    except ValueError:
        return iso
    return format_skeleton("yMMMMd" if len(parts) == 3 else "yMMMM", day, locale=messages(tag).locale)


_active = messages(DEFAULT)


def use(tag: str) -> Messages:
    """Make `tag` the language of every message this process writes from now on."""
    global _active
    _active = messages(tag)
    return _active


def active() -> Messages:
    return _active


@functools.lru_cache(maxsize=8192)
def _decimal(n: int, locale: Locale) -> str:
    """A number as the locale writes it ("1,515", "1.515"): the lists format some 20,000 counts,
    of a few hundred numbers, and Babel takes 20 µs for each."""
    return format_decimal(n, locale=locale)


def t(key: str, **values: object) -> str:
    """A message in the build's language, its `{slots}` filled by `values`."""
    text = MESSAGES[key][_active.language]  # (as Messages.t: called on every page, many times)
    return text.format(**values) if values else text


def count(key: str, n: int) -> str:
    """`3 letters`, `1 Brief`: a number with its noun, in the plural form the language asks for."""
    return _active.count(key, n)


def format_date(iso: str | None) -> str:
    """A date in the build's language (`Messages.date`)."""
    return _active.date(iso)


def joined(names: list[str]) -> str:
    """`A and B` (two), `A, B and C`: names joined as the language joins a list."""
    if len(names) <= 2:
        return t("list.and").join(names)
    return ", ".join(names[:-1]) + t("list.and") + names[-1]


# ---------------------------------------------------------------- the edition's language


@dataclass(frozen=True, slots=True)
class Setting:
    """The edition's interface language, and where it is set: the file, line and column of the
    setting (None for the default)."""

    tag: str
    path: Path | None = None
    line: int = 0
    col: int = 0

    @property
    def known(self) -> bool:
        return messages(self.tag).language == re.split(r"[-_]", self.tag, maxsplit=1)[0].lower()


def language_of(tei: Path, config: Path | None) -> Setting:
    """The edition's interface language: `theme.language` of `config` (mkdocs.yml), else the
    `@xml:lang` of tei/edition.xml's root, else English."""
    found = theme_language(config) if config is not None and config.is_file() else None
    if found is not None:
        return found
    edition = tei / "edition.xml"
    if edition.is_file():
        from lxml import etree

        try:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            root = etree.parse(str(edition), parser).getroot()
        except (etree.XMLSyntaxError, OSError):
            return Setting(DEFAULT)  # read_edition reports why
        lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang and lang.strip():
            line = root.sourceline
            return Setting(lang.strip(), edition, line if isinstance(line, int) else 0, 1)
    return Setting(DEFAULT)


def theme_language(config: Path) -> Setting | None:
    """`theme: language:` of an mkdocs.yml, with its line (the YAML's nodes, so MkDocs' own tags,
    `!ENV` and `!!python/name:`, need no MkDocs to be read)."""
    import yaml

    with warnings.catch_warnings():
        try:
            root = yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except (yaml.YAMLError, OSError):
            return None  # MkDocs reports it
    theme = _value(root, "theme")
    language = _value(theme, "language") if theme is not None else None
    if not isinstance(language, yaml.ScalarNode) or not str(language.value).strip():
        return None
    mark = language.start_mark
    return Setting(str(language.value).strip(), config, mark.line + 1, mark.column + 1)


def _value(node: object, key: str) -> object | None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v  # type: ignore[no-any-return]
    return None
