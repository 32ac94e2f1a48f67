"""My account's forms: change the password, choose the interface language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, Length

from audit.services.accounts import MIN_PASSWORD_LENGTH
from audit.web.i18n import NAMES


class ChangePasswordForm(FlaskForm):
    """The current password, then the new one twice."""

    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


try:  # WTForms 3.3 deprecates (value, label) tuples as choices
    from wtforms.fields.choices import SelectChoice as choice
except ImportError:  # pragma: no cover - WTForms < 3.3 takes the tuples

    def choice(value, label):  # type: ignore[no-redef]
        """A (value, label) pair, as older WTForms takes them."""
        return (value, label)


class LanguageForm(FlaskForm):
    """The interface language; empty follows the browser's."""

    language = SelectField(
        _l("Interface language"),
        choices=[choice("", _l("As my browser asks"))]
        + [choice(code, name) for code, name in NAMES.items()],
        default="",
    )
