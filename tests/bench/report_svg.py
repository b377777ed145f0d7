"""The bench's chart (report.py): one group of bars per operation, one
bar per mode (native, pv, pv-hcall, trap, Xen-pv), medians on a log
scale, "n/a" where a mode has no figure.  Python 3 standard library."""
import math

GROUP_W = 64                              # pixels per operation
PLOT_X, PLOT_Y, PLOT_H = 70, 70, 320      # plot area: left, top, height
COLOURS = {"native": "#2ca02c", "pv": "#1f77b4", "pv-hcall": "#9467bd",
           "trap": "#d62728", "xen": "#ff7f0e"}


def esc(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


class Axis:
    """The log axis, 1 .. 10**decades, sized to the largest figure."""

    def __init__(self, rows):
        top = max([r["results"][m]["median"] for r in rows
                   for m in r["results"]
                   if isinstance(r["results"][m], dict) and
                   "median" in r["results"][m]] + [1])
        self.decades = max(3, math.ceil(math.log10(top + 1)))

    def y(self, value):
        """The y coordinate of value (values below 1 sit at 1)."""
        frac = math.log10(max(value, 1)) / self.decades
        return PLOT_Y + PLOT_H * (1 - min(frac, 1))

    def draw(self, out, plot_w):
        for d in range(self.decades + 1):
            y = self.y(10 ** d)
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" '
                       'stroke="#ddd"/>' % (PLOT_X, y, PLOT_X + plot_w, y))
            out.append('<text x="%d" y="%.1f" text-anchor="end" '
                       'font-size="11">%d</text>'
                       % (PLOT_X - 6, y + 4, 10 ** d))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000"/>'
                   % (PLOT_X, PLOT_Y, PLOT_X, PLOT_Y + PLOT_H))


def bar(out, axis, x, width, mode, name, result):
    base = PLOT_Y + PLOT_H
    if not isinstance(result, dict) or "median" not in result:
        out.append('<text x="%.1f" y="%d" font-size="7" fill="#888" '
                   'transform="rotate(-90 %.1f %d)">n/a</text>'
                   % (x + width - 2, base - 3, x + width - 2, base - 3))
        return
    y = axis.y(result["median"])
    out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" '
               'fill="%s"><title>%s %s: %d</title></rect>'
               % (x, y, width, base - y, COLOURS[mode], esc(name), mode,
                  result["median"]))


def group(out, axis, i, row, modes):
    bar_w = (GROUP_W * 0.8) / len(modes)
    x0 = PLOT_X + i * GROUP_W + GROUP_W * 0.1
    for k, (mode, _, _) in enumerate(modes):
        bar(out, axis, x0 + k * bar_w, bar_w, mode, row["name"],
            row["results"].get(mode))
    cx = PLOT_X + (i + 0.5) * GROUP_W
    ly = PLOT_Y + PLOT_H + 14
    out.append('<text x="%.1f" y="%d" font-size="11" text-anchor="end" '
               'transform="rotate(-35 %.1f %d)">%s</text>'
               % (cx, ly, cx, ly, esc(row["name"])))


def legend(out, modes, units):
    out.append('<text x="%d" y="24" font-size="15">Cost per operation by '
               'mode: native, ours (pv, pv-hcall, trap), real Xen 4.17 '
               '(median, log scale)</text>' % PLOT_X)
    out.append('<text x="%d" y="42" font-size="11">%s; n/a: no such '
               'operation in that mode</text>' % (PLOT_X, esc(units)))
    for k, (mode, heading, _) in enumerate(modes):
        x = PLOT_X + k * 100
        out.append('<rect x="%d" y="50" width="12" height="12" fill="%s"/>'
                   % (x, COLOURS[mode]))
        out.append('<text x="%d" y="61" font-size="11">%s</text>'
                   % (x + 16, esc(heading)))


def write_svg(path, rows, modes, units):
    """Writes the chart of rows (report.py's) to path."""
    rows = [r for r in rows if any(isinstance(v, dict) and "median" in v
                                   for v in r["results"].values())]
    plot_w = GROUP_W * max(len(rows), 1)
    width, height = PLOT_X + plot_w + 20, PLOT_Y + PLOT_H + 130
    axis = Axis(rows)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif">' % (width, height),
           '<rect width="100%" height="100%" fill="#fff"/>']
    legend(out, modes, units)
    axis.draw(out, plot_w)
    for i, row in enumerate(rows):
        group(out, axis, i, row, modes)
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
