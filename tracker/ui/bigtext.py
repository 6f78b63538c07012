"""Big block letters for a countdown read from across the room: a font and its layout math.

Pure (stdlib only). Each glyph is a 5x7 pixel bitmap. A pixel is drawn `scale` columns wide and
`scale` half-rows tall with the half-block characters ▀ ▄ █, so pixels are square on a usual
terminal cell (about twice as tall as wide) and a glyph is `5 * scale` columns by
`ceil(7 * scale / 2)` rows: 4 rows at scale 1, 7 at 2, 11 at 3, 14 at 4.

`layout_stage` places the phase word, the digits and the figure on the session's stage and
chooses their scales: the digits as large as they fit, the word smaller above them, and plain
text (scale 0) where even scale 1 does not fit.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

GLYPH_HEIGHT = 7
MAX_SCALE = 12

# '#' = ink. Every glyph is 7 rows; digits and letters are 5 wide, ':' 1, ' ' and '/' 3.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": (".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".", ".", "#", ".", "#", ".", "."),
    "/": ("..#", "..#", ".#.", ".#.", ".#.", "#..", "#.."),
    " ": ("...",) * 7,
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "B": ("####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."),
    "C": (".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."),
    "D": ("####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "#....", "####.", "#....", "#....", "#####"),
    "F": ("#####", "#....", "#....", "####.", "#....", "#....", "#...."),
    "G": (".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"),
    "H": ("#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "I": (".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "J": ("..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"),
    "N": ("#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "Q": (".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"),
    "S": (".###.", "#...#", "#....", ".###.", "....#", "#...#", ".###."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."),
    "X": ("#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"),
    "Y": ("#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."),
    "Z": ("#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"),
}

# Top and bottom half of a cell lit -> the character that shows it.
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def can_draw(text: str) -> bool:
    """Whether every character of `text` (case-insensitive) has a glyph."""
    return all(char in _GLYPHS for char in text.upper())


def rows_for(scale: int) -> int:
    """Terminal rows of a line of big text at `scale` (1 for plain text at scale 0)."""
    return 1 if scale <= 0 else math.ceil(GLYPH_HEIGHT * scale / 2)


def width_for(text: str, scale: int) -> int:
    """Terminal columns of `text` at `scale` (its length as plain text at scale 0)."""
    if scale <= 0:
        return len(text)
    glyphs = [_GLYPHS[char] for char in text.upper()]
    pixels = sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1)
    return pixels * scale


@functools.lru_cache(maxsize=256)
def render(text: str, scale: int) -> tuple[str, ...]:
    """`text` in big letters: `rows_for(scale)` lines of `width_for(text, scale)` characters.

    Raises KeyError for a character without a glyph (check with `can_draw`). Scale 0 is the
    plain text itself on one line.
    """
    if scale <= 0:
        return (text,)
    glyphs = [_GLYPHS[char] for char in text.upper()]
    bitmap: list[str] = []
    for row in range(GLYPH_HEIGHT):
        line = ".".join(glyph[row] for glyph in glyphs)  # one blank pixel between glyphs
        wide = "".join(pixel * scale for pixel in line)
        bitmap.extend([wide] * scale)
    if len(bitmap) % 2:
        bitmap.append("." * len(bitmap[0]))
    return tuple(
        "".join(
            _HALVES[(top == "#", bottom == "#")]
            for top, bottom in zip(bitmap[i], bitmap[i + 1], strict=True)
        )
        for i in range(0, len(bitmap), 2)
    )


def fit_scale(text: str, width: int, height: int, limit: int = MAX_SCALE) -> int:
    """The largest scale (up to `limit`) at which `text` fits `width` x `height`; 0 when even
    scale 1 does not (then show it as plain text)."""
    if not can_draw(text):
        return 0
    for scale in range(limit, 0, -1):
        if width_for(text, scale) <= width and rows_for(scale) <= height:
            return scale
    return 0


@dataclass(frozen=True)
class Box:
    """A rectangle of terminal cells, relative to the top-left of the stage."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class StageLayout:
    """Where the phase word, the digits and the figure go on the session's stage.

    The word spans the stage's width on top; the digits sit below it, with the figure beside
    them on a wide stage, below them on a narrow tall one, and left out on a small one. A scale
    of 0 means plain text.
    """

    word_scale: int
    word: Box
    digit_scale: int
    digits: Box
    figure: Box | None

    @property
    def digit_rows(self) -> int:
        return rows_for(self.digit_scale)


# Below these sizes the figure is left out: the countdown needs the room more.
FIGURE_MIN_WIDTH = 14
FIGURE_MIN_HEIGHT = 6
BESIDE_MIN_WIDTH = 60  # a narrower stage puts the figure below the digits
BELOW_MIN_HEIGHT = 20
GAP = 2  # columns between the digits and the figure beside them


def _scales(word: str, digits: str, width: int, digit_width: int, height: int) -> tuple[int, int]:
    """(word scale, digit scale): the largest sum that fits, the digits at least twice the
    word's scale (they are what you read from the floor), a bigger word on a tie."""
    best = (0, fit_scale(digits, digit_width, height - 1))
    for word_scale in range(1, 1 + MAX_SCALE // 2):
        if width_for(word, word_scale) > width or not can_draw(word):
            break
        digit_scale = fit_scale(digits, digit_width, height - rows_for(word_scale) - 1)
        if digit_scale < 2 * word_scale:
            break
        if word_scale + digit_scale >= sum(best):
            best = (word_scale, digit_scale)
    return best


def layout_stage(
    width: int, height: int, word: str, digits: str, figure: bool = True
) -> StageLayout:
    """Lay out a stage of `width` x `height` cells for the longest `word` and widest `digits`
    the session will show (so sizes stay put from one phase to the next)."""
    width, height = max(1, width), max(1, height)
    figure_w = 0
    figure_below = 0
    if figure and width >= BESIDE_MIN_WIDTH:
        figure_w = min(48, max(FIGURE_MIN_WIDTH, round(width * 0.36)))
    elif figure and height >= BELOW_MIN_HEIGHT and width >= FIGURE_MIN_WIDTH:
        figure_below = max(FIGURE_MIN_HEIGHT, round(height * 0.35))
    digit_width = width - figure_w - (GAP if figure_w else 0)
    text_height = height - figure_below
    word_scale, digit_scale = _scales(word, digits, width, digit_width, text_height)
    word_rows = rows_for(word_scale)
    block = word_rows + 1 + rows_for(digit_scale)
    top = max(0, (text_height - block) // 2)
    word_box = Box(0, top, width, word_rows)
    below_word = top + word_rows + 1
    digits_box = Box(0, below_word, digit_width, max(1, text_height - below_word))
    figure_box: Box | None = None
    if figure_w:
        figure_box = Box(width - figure_w, below_word, figure_w, max(1, height - below_word))
    elif figure_below:
        figure_box = Box(0, text_height, width, figure_below)
    if figure_box and (
        figure_box.width < FIGURE_MIN_WIDTH or figure_box.height < FIGURE_MIN_HEIGHT
    ):
        figure_box = None
    return StageLayout(word_scale, word_box, digit_scale, digits_box, figure_box)


# ---- a change of position in big letters ---------------------------------------------------


def _splits(words: list[str], lines: int) -> list[list[str]]:
    """Every way to cut `words` into `lines` non-empty lines, in order."""
    if lines == 1:
        return [[" ".join(words)]]
    out: list[list[str]] = []
    for cut in range(1, len(words) - lines + 2):
        head = " ".join(words[:cut])
        out.extend([head, *rest] for rest in _splits(words[cut:], lines - 1))
    return out


def wrap(phrase: str, scale: int, width: int, most: int = 2) -> tuple[str, ...] | None:
    """`phrase` in as few lines as fit `width` at `scale`, the lines as even as can be (so
    "LIE ON YOUR / RIGHT SIDE", not "LIE ON YOUR RIGHT / SIDE"); None if it needs more than
    `most` lines (a phrase cut into single words no longer reads as one)."""
    words = phrase.split()
    if not words or any(width_for(word, scale) > width for word in words):
        return None
    for count in range(1, min(most, len(words)) + 1):
        fits = [
            lines
            for lines in _splits(words, count)
            if all(width_for(line, scale) <= width for line in lines)
        ]
        if fits:
            return tuple(min(fits, key=lambda ls: max(width_for(line, scale) for line in ls)))
    return None


@dataclass(frozen=True)
class Headline:
    """A change of position laid out: `plain` phrases as plain text on top, then `big` lines at
    `scale`; `rows` tall in all."""

    scale: int
    big: tuple[str, ...]
    plain: tuple[str, ...]

    @property
    def rows(self) -> int:
        return len(self.plain) + len(self.big) * rows_for(self.scale)


@functools.lru_cache(maxsize=64)
def layout_headline(phrases: tuple[str, ...], width: int, height: int) -> Headline:
    """The phrases as big as they fit `width` x `height`: all of them big if they can be; else
    the last (the side) big and the others as plain text; else all plain, as many as fit."""
    drawable = all(can_draw(phrase) for phrase in phrases)
    for plain in (0, len(phrases) - 1) if drawable and phrases else ():
        for scale in range(MAX_SCALE, 0, -1):
            wrapped = [wrap(phrase, scale, width) for phrase in phrases[plain:]]
            if any(lines is None for lines in wrapped):
                continue
            big = tuple(line for lines in wrapped if lines for line in lines)
            headline = Headline(scale, big, phrases[:plain])
            if headline.rows <= height:
                return headline
    return Headline(0, (), phrases[: max(0, height)])


def countdown_text(seconds: int) -> str:
    """What the big clock shows: '45' under a minute, '1:30' from a minute on."""
    seconds = max(0, seconds)
    if seconds < 60:
        return str(seconds)
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"
