"""The interface's language: which one, loading its translations, switching at run time.

Why two translators: ours (``resources/translations/tensorcanvas_ko.qm``, built from the
``.ts`` sources by ``make translations``) translates TensorCanvas's texts; Qt's own
``qtbase_ko.qm``, shipped in PySide6's translations folder, translates the standard
dialogs and buttons (Cancel, Save, the file dialog), so a Korean window has no English
buttons in it.

Why English needs no file: the source texts are English; switching to English removes the
translators. Installing or removing one makes Qt send every widget a ``LanguageChange``
event, and each widget sets its texts again (``editor.i18n.Retranslator``), so the switch
happens at once, without a restart.

The choice is remembered in the settings (``ui/language``); without one the system
locale decides (``LANG=ko_KR.UTF-8`` starts in Korean).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtWidgets import QApplication

from app.catalog_switch import switch_map, switch_texts
from app.settings import LANGUAGE_KEY, open_settings

#: the languages the interface speaks: code → its name in that language (as menus show it)
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"


def language_of_locale(locale: QLocale) -> str:
    """The interface language for ``locale``: its language if we have it, else English."""
    code = QLocale.languageToCode(locale.language())
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def saved_language(settings: QSettings | None = None) -> str | None:
    """The language chosen in View → Language, if any was (and it is still offered)."""
    settings = settings if settings is not None else open_settings()
    value = settings.value(LANGUAGE_KEY, "", type=str)
    return value if isinstance(value, str) and value in LANGUAGES else None


def initial_language(settings: QSettings | None = None, locale: QLocale | None = None) -> str:
    """The language to start in: the saved choice, else the system locale's."""
    return saved_language(settings) or language_of_locale(locale or QLocale.system())


def qm_path(language: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    """Where our compiled translations for ``language`` are."""
    return directory / f"tensorcanvas_{language}.qm"


class Translations:
    """The translators installed in the application, and the language they are for."""

    def __init__(self, directory: Path = TRANSLATIONS_DIR) -> None:
        self.directory = directory
        self.language = DEFAULT_LANGUAGE
        self._installed: list[QTranslator] = []

    def set_language(self, language: str) -> None:
        """Install ``language``'s translators (removing the previous ones).

        Raises ``ValueError`` for a language not offered and ``FileNotFoundError`` when
        its compiled translations are missing (``make translations`` builds them); the
        previous language then stays installed.
        """
        if language not in LANGUAGES:
            raise ValueError(f"no translations for language {language!r}")
        loaded: list[QTranslator] = []
        if language != DEFAULT_LANGUAGE:
            ours = QTranslator()
            path = qm_path(language, self.directory)
            if not ours.load(str(path)):
                raise FileNotFoundError(f"{path}: translations not found or unreadable "
                                        "(make translations builds them)")
            loaded.append(ours)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt = QTranslator()
            if qt.load(f"qtbase_{language}", qt_dir):  # Qt's dialogs; missing is no error
                loaded.append(qt)
        previous = self.language
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        for translator in loaded:
            QCoreApplication.installTranslator(translator)
        self._installed = loaded
        self.language = language
        # Qt's own widgets (spin boxes, dialogs) format for the language chosen; English
        # keeps the system's formats
        QLocale.setDefault(QLocale.system() if language == DEFAULT_LANGUAGE
                           else QLocale(language))
        # Qt posts the windows their LanguageChange: deliver them now, so the switch is
        # done (every text set again) when this returns
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        # what nobody set again: looked up in the catalog (app.catalog_switch)
        catalog_language = language if language != DEFAULT_LANGUAGE else previous
        if catalog_language != DEFAULT_LANGUAGE and isinstance(QApplication.instance(),
                                                              QApplication):
            ts = self.directory / f"tensorcanvas_{catalog_language}.ts"
            switch_texts(switch_map(ts, previous, language, DEFAULT_LANGUAGE))


#: the application's one set of translators (one QApplication per process)
translations = Translations()


def choose_language(language: str, settings: QSettings | None = None) -> None:
    """Switch the interface to ``language`` now and remember it for the next start."""
    translations.set_language(language)
    (settings if settings is not None else open_settings()).setValue(LANGUAGE_KEY, language)
