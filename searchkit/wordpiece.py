"""BERT's WordPiece tokenizer, as all-MiniLM-L6-v2 was trained with it: the text cleaned,
lowercased and stripped of accents, split at spaces and punctuation (each CJK character a
word), each word cut greedily into the longest pieces of the vocabulary (`##` inside a word).

Written here rather than taken from `tokenizers` or `transformers`: it is sixty lines over
the vocabulary searchkit ships, and needs no Rust wheel nor a model hub client.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

VOCABULARY = Path(__file__).parent / "data" / "minilm-vocab.txt"
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"
#: A word longer than this is one [UNK], as BERT's tokenizer has it.
_LONGEST_WORD = 100


@functools.cache
def vocabulary() -> dict[str, int]:
    words = VOCABULARY.read_text("utf-8").split("\n")
    return {word: number for number, word in enumerate(words) if word}


def token_ids(text: str, most: int) -> list[int]:
    """[CLS], the text's pieces (at most `most` ids in all), [SEP]."""
    vocab = vocabulary()
    ids = [vocab[CLS]]
    for word in _words(text):
        ids.extend(_pieces(word))
        if len(ids) >= most - 1:
            del ids[most - 1 :]
            break
    ids.append(vocab[SEP])
    return ids


def _words(text: str) -> Iterator[str]:
    """The text's words and punctuation marks, lower case, accents off; as they are wanted
    (a unit is read to its first 128 tokens: the rest of a long email is never split)."""
    for chunk in _chunks(text):
        chunk = chunk.lower()
        chunk = "".join(
            char
            for char in unicodedata.normalize("NFD", chunk)
            if unicodedata.category(char) != "Mn" and not _control(char)
        )
        word = ""
        for char in chunk:
            if _punctuation(char) or _cjk(char):
                if word:
                    yield word
                yield char
                word = ""
            else:
                word += char
        if word:
            yield word


def _chunks(text: str) -> Iterator[str]:
    """The text's pieces between white space, in order, found as they are wanted."""
    for found in _NOT_SPACE.finditer(text):
        yield found.group()


_NOT_SPACE = re.compile(r"\S+")


@functools.lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[int, ...]:
    vocab = vocabulary()
    if len(word) > _LONGEST_WORD:
        return (vocab[UNK],)
    pieces = []
    start = 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                pieces.append(vocab[piece])
                break
            end -= 1
        else:
            return (vocab[UNK],)
        start = end
    return tuple(pieces)


def _punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r"
