"""Syntax of `tel:` (RFC 3966) and `mailto:` (RFC 6068) URIs: a malformed one dials or mails nothing.

Each function returns None for a well-formed URI, else why it is not.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# RFC 3966, section 3.
_PHONEDIGIT = r"[0-9.()-]"
_PHONEDIGIT_HEX = r"[0-9A-Fa-f*#.()-]"
GLOBAL_DIGITS = rf"\+{_PHONEDIGIT}*[0-9]{_PHONEDIGIT}*"
LOCAL_DIGITS = rf"{_PHONEDIGIT_HEX}*[0-9A-Fa-f*#]{_PHONEDIGIT_HEX}*"
_ALPHANUM = r"[A-Za-z0-9]"
DOMAINNAME = rf"(?:{_ALPHANUM}(?:[A-Za-z0-9-]*{_ALPHANUM})?\.)*[A-Za-z](?:[A-Za-z0-9-]*{_ALPHANUM})?\.?"
_PCT = r"%[0-9A-Fa-f]{2}"
_PARAMCHAR = rf"(?:[\[\]/:&+$A-Za-z0-9_.!~*'()-]|{_PCT})"
_URIC = rf"(?:[;/?:@&=+$,A-Za-z0-9_.!~*'()-]|{_PCT})"
PARAMETER = re.compile(rf";(?:isub={_URIC}+|ext={_PHONEDIGIT}+|phone-context=(?:{DOMAINNAME}|{GLOBAL_DIGITS})"
                       rf"|(?!isub=|ext=|phone-context=)[A-Za-z0-9-]+(?:={_PARAMCHAR}+)?)(?=;|$)", re.I)
GLOBAL = re.compile(GLOBAL_DIGITS)
LOCAL = re.compile(LOCAL_DIGITS)


def tel_problem(uri: str, local_ok: frozenset[str] | set[str] = frozenset()) -> str | None:
    """`local_ok`: local numbers accepted without `;phone-context=` (the campaign's declared help
    channels, dialled as they are in the campaign's country); RFC 3966 requires the context otherwise."""
    number = uri[len("tel:"):]
    subscriber, _, params = number.partition(";")
    params = ";" + params if params else ""
    if not subscriber:
        return "names no number"
    is_global = bool(GLOBAL.fullmatch(subscriber))
    if not is_global and not LOCAL.fullmatch(subscriber):
        return ("is not a phone number (RFC 3966: `+` and digits, or a local number; "
                "visual separators only - . ( ))")
    names, pos = [], 0
    while pos < len(params):
        match = PARAMETER.match(params, pos)
        if not match:
            return f"has a malformed parameter {params[pos:]!r} (RFC 3966)"
        names.append(match[0][1:].split("=", 1)[0].lower())
        pos = match.end()
    if len(names) != len(set(names)):
        return "repeats a parameter (RFC 3966)"
    if is_global and "phone-context" in names:
        return "is a global number with a ;phone-context= (RFC 3966 allows it on local numbers only)"
    if not is_global and "phone-context" not in names and subscriber not in local_ok:
        return "is a local number without ;phone-context= (RFC 3966): write it as +<country code><number>"
    return None


# RFC 5322 addr-spec without the obsolete forms (RFC 6068 section 2), UTF-8 allowed (RFC 6532).
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]"
DOT_ATOM = rf"{_ATEXT}+(?:\.{_ATEXT}+)*"
QUOTED = r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u0080-\U0010ffff]|\\[\x20-\x7e])*"'
ADDR_SPEC = re.compile(rf"(?:{DOT_ATOM}|{QUOTED})@(?:{DOT_ATOM}|\[[\x21-\x5a\x5e-\x7e]*\])")
QCHARS = re.compile(rf"(?:[A-Za-z0-9._~!$'()*+,;:@-]|{_PCT})*")
PCT_OK = re.compile(r"%(?![0-9A-Fa-f]{2})")


def mailto_problem(uri: str) -> str | None:
    rest = uri[len("mailto:"):].split("#", 1)[0]
    to, _, hfields = rest.partition("?")
    if PCT_OK.search(rest):
        return "has a `%` that is not a percent-escape"
    addresses = [unquote(a) for a in to.split(",")] if to else []
    for field in hfields.split("&") if hfields else []:
        name, equals, value = field.partition("=")
        if not equals or not QCHARS.fullmatch(name) or not QCHARS.fullmatch(value):
            return f"has a malformed header field {field!r} (RFC 6068: name=value, reserved characters %-escaped)"
        if unquote(name).lower() == "to":
            addresses += [unquote(a) for a in value.split(",") if a]
    if not addresses:
        return "names no address"
    for address in addresses:
        if not ADDR_SPEC.fullmatch(address):
            return f"has a malformed address {address!r} (RFC 6068: local-part@domain)"
    return None
