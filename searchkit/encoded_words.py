"""RFC 2047's encoded words in mail headers (`=?UTF-8?B?WsOkaGxlcg==?=`), and the codec a
declared charset is read with: one home for the mail reader, which decodes a subject whole,
and for `people.py`, which decodes each person once split from the others (a decoded
`Zähler, Jürgen` is one person, not two)."""

from __future__ import annotations

import codecs
import re
from email.errors import HeaderParseError
from email.header import decode_header, make_header

#: What decoding a header's encoded words raises when one is broken or of no known charset.
UNDECODABLE = (LookupError, UnicodeError, ValueError, AssertionError, HeaderParseError)
#: An RFC 2047 encoded word, at most the 75 characters it may be and the longer ones mailers
#: write.
_ENCODED_WORD = re.compile(r"=\?[^?\s]{1,75}\?[bBqQ]\?[^?\s]{0,998}\?=")


def mail_charset(charset: str) -> str:
    """The codec to read a declared charset with: ISO-8859-1 (Latin-1) is read as
    Windows-1252, as every mail client and the WHATWG Encoding Standard do; Windows mailers
    declared Latin-1 and wrote curly quotes, dashes, `€` and `…` in its C1 control bytes."""
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return charset
    return "cp1252" if name == "iso8859-1" else charset


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    """A byte that is no UTF-8 in text declared UTF-8, read as Windows-1252: mailers that
    declared UTF-8 and wrote Latin-1 (`Caf\xe9`) lose no letter to U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


#: The error handler reading UTF-8's stray bytes as Windows-1252 (see `_as_windows_1252`).
UTF8_LATIN_FALLBACK = "searchkit-utf8-latin"
codecs.register_error(UTF8_LATIN_FALLBACK, _as_windows_1252)


def decoded(value: str) -> str:
    """The header's encoded words decoded (those declared Latin-1 read as Windows-1252, as the
    body is); raises one of UNDECODABLE when a word is broken or of an unknown charset."""
    if "=?" not in value:
        return value
    words = decode_header(value)
    return str(make_header([(text, charset and _codec(charset)) for text, charset in words]))


def _codec(charset: str) -> str:
    """The codec of an encoded word's charset, without the language RFC 2231 may tag it
    with (`=?utf-8*de?Q?…?=`)."""
    return mail_charset(charset.partition("*")[0])


def decoded_words(value: str) -> str:
    """The header's encoded words decoded, each broken one kept as written."""
    try:
        return decoded(value)
    except UNDECODABLE:
        return _ENCODED_WORD.sub(lambda word: _decoded_word(word[0]), value)


def _decoded_word(word: str) -> str:
    try:
        return decoded(word)
    except UNDECODABLE:
        return word
