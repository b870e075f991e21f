"""View → Language: English or 한국어, switched at once and remembered.

Why the entries are not translated: a user who cannot read the current language must
still find their own, so each language is named in itself, as the best tools do.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from app.translations import LANGUAGES, choose_language, translations
from editor.i18n import Retranslator, translate


def install_language_menu(window: QMainWindow, view_menu: QMenu,
                          texts: Retranslator) -> QMenu:
    """Add the Language submenu (``menuLanguage``, one checkable ``actionLanguage_<code>``
    per language) at the end of ``view_menu``."""
    menu = QMenu(window)
    menu.setObjectName("menuLanguage")
    texts.keep(lambda: menu.setTitle(translate("LanguageMenu", "&Language")))
    group = QActionGroup(menu)
    group.setExclusive(True)
    for code, name in LANGUAGES.items():
        action = QAction(name, menu)
        action.setObjectName(f"actionLanguage_{code}")
        action.setCheckable(True)
        action.setData(code)
        group.addAction(action)
        menu.addAction(action)

    def show_current() -> None:
        for action in group.actions():
            action.setChecked(action.data() == translations.language)

    def chosen(action: QAction) -> None:
        code = str(action.data())
        if code == translations.language:
            return
        try:
            choose_language(code)
        except (ValueError, OSError) as error:
            window.statusBar().showMessage(str(error), 10000)
        show_current()

    group.triggered.connect(chosen)
    menu.aboutToShow.connect(show_current)
    texts.keep(show_current)
    view_menu.addSeparator()
    view_menu.addMenu(menu)
    return menu
