#!/usr/bin/env python3
"""tmux `capture-pane -p -e` output (SGR colours, 24-bit or 256) -> a fixed-grid HTML page.

Every cell is laid out on a grid: wide (CJK) characters take two columns whatever
the font does, so Chinese text stays aligned in the screenshot.
"""
import html
import re
import sys
import unicodedata

BASE16 = [
    "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
    "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
]


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


CELL = 9.6  # px: the advance of 16px DejaVu Sans Mono; wide characters take two cells


def width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def main():
    fg_default, bg_default = sys.argv[1], sys.argv[2]
    text = sys.stdin.read()
    rows = []
    for line in text.split("\n"):
        state = {"fg": None, "bg": None, "bold": False, "italic": False, "underline": False, "reverse": False}
        cells = []
        pos = 0
        for m in re.finditer(r"\x1b\[([0-9;:]*)m|([^\x1b])", line):
            if m.group(2) is not None:
                cells.append((m.group(2), dict(state)))
                continue
            params = [p for p in re.split("[;:]", m.group(1))] if m.group(1) else ["0"]
            i = 0
            while i < len(params):
                p = int(params[i] or 0)
                if p == 0:
                    state.update(fg=None, bg=None, bold=False, italic=False, underline=False, reverse=False)
                elif p == 1:
                    state["bold"] = True
                elif p == 3:
                    state["italic"] = True
                elif p in (4, 21):
                    state["underline"] = True
                elif p == 7:
                    state["reverse"] = True
                elif p == 22:
                    state["bold"] = False
                elif p == 23:
                    state["italic"] = False
                elif p == 24:
                    state["underline"] = False
                elif p == 27:
                    state["reverse"] = False
                elif 30 <= p <= 37:
                    state["fg"] = BASE16[p - 30]
                elif 90 <= p <= 97:
                    state["fg"] = BASE16[p - 90 + 8]
                elif 40 <= p <= 47:
                    state["bg"] = BASE16[p - 40]
                elif 100 <= p <= 107:
                    state["bg"] = BASE16[p - 100 + 8]
                elif p == 39:
                    state["fg"] = None
                elif p == 49:
                    state["bg"] = None
                elif p in (38, 48, 58):
                    key = {38: "fg", 48: "bg", 58: None}[p]
                    if i + 1 < len(params) and params[i + 1] == "2":
                        r, g, b = (int(x or 0) for x in params[i + 2:i + 5])
                        if key:
                            state[key] = "#%02x%02x%02x" % (r, g, b)
                        i += 4
                    elif i + 1 < len(params) and params[i + 1] == "5":
                        if key:
                            state[key] = xterm256(int(params[i + 2]))
                        i += 2
                i += 1
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()

    out = []
    for cells in rows:
        spans = []
        for ch, st in cells:
            fg, bg = st["fg"] or fg_default, st["bg"] or bg_default
            if st["reverse"]:
                fg, bg = bg, fg
            wide = width(ch) == 2
            style = "color:%s;background:%s;width:%.1fpx" % (fg, bg, CELL * (2 if wide else 1))
            if wide:
                style += ";font-size:18px"
            if st["bold"]:
                style += ";font-weight:bold"
            if st["italic"]:
                style += ";font-style:italic"
            if st["underline"]:
                style += ";text-decoration:underline"
            spans.append('<span style="%s">%s</span>' % (style, html.escape(ch) if ch != " " else "&nbsp;"))
        out.append('<div class="row">%s</div>' % "".join(spans))
    print("""<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: %s; }
.term { padding: 12px 14px; font: 16px/22px 'DejaVu Sans Mono', 'WenQuanYi Micro Hei Mono', monospace; }
.row { display: flex; white-space: pre; height: 22px; align-items: baseline; }
.row span { display: inline-block; flex: none; overflow: visible; text-align: center; }
</style></head><body><div class="term">%s</div></body></html>""" % (bg_default, "\n".join(out)))


main()
