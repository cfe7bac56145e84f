// A horizontal bar chart as inline SVG (no library, no inline style): one bar per
// indicator weight, labelled, with a title and description for screen readers.
import { uniqueId } from "./dom";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function barChart(title: string, bars: Array<{ label: string; value: number }>,
                         format: (v: number) => string): SVGElement {
  const labelWidth = 220;
  const barWidth = 360;
  const rowHeight = 24;
  const height = bars.length * rowHeight + 16;
  const max = Math.max(...bars.map((b) => b.value), 1e-12);
  const titleId = uniqueId("chart-title");
  const descId = uniqueId("chart-desc");
  const root = svg("svg", {
    viewBox: `0 0 ${labelWidth + barWidth + 90} ${height}`, role: "img", class: "chart",
    "aria-labelledby": `${titleId} ${descId}`,
  });
  root.append(svg("title", { id: titleId }, title));
  root.append(svg("desc", { id: descId }, bars.map((b) => `${b.label}: ${format(b.value)}`).join("; ")));
  bars.forEach((b, i) => {
    const y = 8 + i * rowHeight;
    root.append(svg("text", { x: labelWidth - 8, y: y + 15, "text-anchor": "end", class: "chart-label" }, b.label));
    root.append(svg("rect", { x: labelWidth, y: y + 3, height: rowHeight - 8,
                              width: Math.max(1, (b.value / max) * barWidth), class: "chart-bar" }));
    root.append(svg("text", { x: labelWidth + (b.value / max) * barWidth + 6, y: y + 15, class: "chart-value" },
                    format(b.value)));
  });
  return root;
}
