// A few DOM helpers: elements from a tag, attributes and children; tables; downloads.
// No innerHTML anywhere: every text goes in as a text node.

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | boolean | number | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Attributes = {}, ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

let nextId = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${++nextId}`;
}

// A labelled form control: <div class="field"><label for>…</label>control</div>.
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uniqueId("f");
  const children: Child[] = [h("label", { for: control.id }, label), control];
  if (hint) {
    const hintId = uniqueId("hint");
    control.setAttribute("aria-describedby", hintId);
    children.push(h("p", { class: "hint", id: hintId }, hint));
  }
  return h("div", { class: "field" }, ...children);
}

export function select(options: Array<[string, string]>, value: string,
                       attributes: Attributes = {}): HTMLSelectElement {
  return h("select", attributes,
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
}

// A table with a caption, in a focusable scroll region (keyboard users can scroll it).
export function table(caption: string, header: string[], rows: Array<Array<string | Node>>,
                      numericFrom = 99): HTMLElement {
  const captionId = uniqueId("cap");
  return h("div", { class: "table-scroll", tabindex: 0, role: "region", "aria-labelledby": captionId },
    h("table", {},
      h("caption", { id: captionId }, caption),
      h("thead", {}, h("tr", {}, header.map((text, j) =>
        h("th", { scope: "col", class: j >= numericFrom ? "num" : undefined }, text)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((cell, j) =>
        h("td", { class: j >= numericFrom ? "num" : undefined }, cell)))))));
}

// A link that saves `data` as a file; its size is shown (and kept in data-bytes).
export function downloadLink(text: string, fileName: string, data: BlobPart, type: string): HTMLAnchorElement {
  const blob = new Blob([data], { type });
  const size = blob.size < 1024 ? `${blob.size} B` : `${Math.ceil(blob.size / 1024)} KB`;
  return h("a", { href: URL.createObjectURL(blob), download: fileName, class: "button", "data-bytes": blob.size },
    text, h("span", { class: "size" }, ` (${size})`));
}

export function status(kind: "info" | "error" | "ok", ...children: Child[]): HTMLElement {
  return h("div", { class: `status ${kind}`, role: kind === "error" ? "alert" : "status" }, ...children);
}

export function replace(target: Element, ...children: Child[]): void {
  target.replaceChildren(...children.filter((c): c is Node | string => !!c));
}
