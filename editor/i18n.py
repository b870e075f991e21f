"""Translating the user interface's texts, and putting them back when the language changes.

Why ``translate`` with a literal context at each call: ``pyside6-lupdate`` finds the texts
to translate by reading the source, and it recognizes ``translate("Context", "text")``
calls (and ``QT_TRANSLATE_NOOP`` markers), not texts passed around in variables. So every
user-visible text is written once, at the call that shows it, with the context of the
widget or module that shows it.

Why a ``Retranslator``: Qt sends every widget a ``LanguageChange`` event when a translator
is installed or removed; a text set once at construction would stay in the old language.
The Qt way (Designer's ``retranslateUi``) is to set the texts again then. A
``Retranslator`` keeps the small functions that set an object's texts, runs each once when
it is kept and again at each language change of the widget it watches.

Only the interface is translated: op types, tensor names, shapes and the engine's
messages are TensorFlow's words and reach the screen untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject

__all__ = ["QT_TRANSLATE_NOOP", "Retranslator", "category_name", "is_language_change",
           "keep_translated", "tr", "translate", "translates_itself"]


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the interface's language (``text`` itself where no translation is
    installed). ``n`` picks a plural form: ``%n`` in the text is replaced by it."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` translated in the shared (empty) context: what ``pyside6-lupdate`` files a
    bare ``tr("text")`` call under, for modules that are no widget class of their own."""
    return QCoreApplication.translate("", text, disambiguation, n)


#: the dynamic property of a widget that sets all its texts (and its children's) again at a
#: language change; the catalog look-up after a switch leaves such widgets alone
TRANSLATES_ITSELF = "translatesItself"


def translates_itself(widget: QObject) -> None:
    """Mark ``widget`` as setting its own texts again at each language change (so that
    words it shows as TF writes them, an op type ``Placeholder``, are never taken for
    interface texts)."""
    widget.setProperty(TRANSLATES_ITSELF, True)


def is_language_change(event: QEvent) -> bool:
    """Whether ``event`` says the interface's language changed (a translator came or went)."""
    return event.type() == QEvent.Type.LanguageChange


class Retranslator(QObject):
    """Runs kept text-setting functions now and at each language change of ``watched``."""

    def __init__(self, watched: QObject) -> None:
        super().__init__(watched)
        self.setObjectName(self.OBJECT_NAME)
        self._setters: list[Callable[[], object]] = []
        watched.installEventFilter(self)

    OBJECT_NAME = "retranslator"

    @classmethod
    def of(cls, widget: QObject) -> Retranslator:
        """``widget``'s own Retranslator, made on first use: every module that adds
        actions or texts to a window keeps them in the window's one Retranslator."""
        for child in widget.children():
            if isinstance(child, Retranslator):
                return child
        return cls(widget)

    def keep(self, setter: Callable[[], object]) -> None:
        """Run ``setter`` (which sets some texts through ``translate``) now, and again
        whenever the language changes."""
        setter()
        self._setters.append(setter)

    def retranslate(self) -> None:
        """Set every kept text again, in the language installed now."""
        for setter in self._setters:
            setter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_language_change(event):
            self.retranslate()
        return False


def keep_translated(widget: QObject, setter: Callable[[], object]) -> None:
    """Run ``setter`` now and at each language change of ``widget`` (its window, for
    actions: actions get no events of their own)."""
    Retranslator.of(widget).keep(setter)


#: the op registry's categories, marked for translation (a category not listed here is
#: shown as the registry names it)
CATEGORIES = (
    QT_TRANSLATE_NOOP("Categories", "Inputs"),
    QT_TRANSLATE_NOOP("Categories", "Arithmetic"),
    QT_TRANSLATE_NOOP("Categories", "Comparison"),
    QT_TRANSLATE_NOOP("Categories", "Elementwise"),
    QT_TRANSLATE_NOOP("Categories", "Linear algebra"),
    QT_TRANSLATE_NOOP("Categories", "Array"),
    QT_TRANSLATE_NOOP("Categories", "Logical"),
    QT_TRANSLATE_NOOP("Categories", "Reduction"),
    QT_TRANSLATE_NOOP("Categories", "Activation"),
    QT_TRANSLATE_NOOP("Categories", "Loss"),
    QT_TRANSLATE_NOOP("Categories", "Convolution"),
    QT_TRANSLATE_NOOP("Categories", "Random"),
    QT_TRANSLATE_NOOP("Categories", "Training"),
    QT_TRANSLATE_NOOP("Categories", "Variables"),
    QT_TRANSLATE_NOOP("Categories", "Control"),
    QT_TRANSLATE_NOOP("Categories", "State"),
    QT_TRANSLATE_NOOP("Categories", "Gradient"),
    QT_TRANSLATE_NOOP("Categories", "Math"),
    QT_TRANSLATE_NOOP("Categories", "Opaque"),
)


def category_name(category: str) -> str:
    """An op category as the palette shows it (``Arithmetic`` → ``산술``)."""
    return translate("Categories", category)
