// The study's HTML report shown inside the page. The report is a whole document with its
// own <style>; the gateway's CSP forbids inline styles and frames, so the report's body
// goes into a shadow root (its styles cannot leak into the workbench) and its style
// sheet is applied as a constructed CSSStyleSheet. Scripts and event attributes are
// dropped (the report has none; a document from elsewhere might).
import { h } from "./dom";
import type { Document as StudyDocument } from "./state";

function sanitize(root: ParentNode): void {
  root.querySelectorAll("script, iframe, object, embed, link, meta").forEach((e) => e.remove());
  root.querySelectorAll("*").forEach((e) => {
    for (const attribute of Array.from(e.attributes)) {
      if (/^on/i.test(attribute.name) || attribute.name === "style") e.removeAttribute(attribute.name);
      if (/^(href|src)$/i.test(attribute.name) && /^\s*javascript:/i.test(attribute.value)) e.removeAttribute(attribute.name);
    }
  });
}

const STYLE = /<style[^>]*>([\s\S]*?)<\/style>/gi;

export function reportView(html: string, label: string): HTMLElement {
  // The style sheets are taken out of the text before parsing: a parsed <style> counts as
  // an inline style under the page's CSP even in a DOMParser document.
  const css = Array.from(html.matchAll(STYLE), (m) => m[1]).join("\n");
  const parsed = new DOMParser().parseFromString(html.replace(STYLE, ""), "text/html");
  sanitize(parsed);
  // The report's own <main> and <header> would be second main and banner landmarks
  // inside the workbench's: they become <div>s with the same classes.
  parsed.querySelectorAll("main, header").forEach((m) => {
    const div = parsed.createElement("div");
    for (const a of Array.from(m.attributes)) div.setAttribute(a.name, a.value);
    div.classList.add(m.localName);
    div.append(...Array.from(m.childNodes));
    m.replaceWith(div);
  });
  const host = h("section", { class: "report", "aria-label": label });
  const shadow = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  // The report styles <body> and <html>; inside the shadow root they are the wrapper.
  sheet.replaceSync(css.replace(/(^|[\s,}])(html|body)(?=[\s,{:.])/g, "$1.report-body")
    .replace(/(^|[\s,}])(main|header)(?=[\s,{:.>])/g, "$1div.$2"));
  shadow.adoptedStyleSheets = [sheet];
  const body = document.createElement("div");
  body.className = "report-body";
  body.lang = parsed.documentElement.lang || "";
  body.append(...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)));
  shadow.append(body);
  return host;
}

export function documentBytes(doc: StudyDocument): BlobPart {
  if (!doc.binaryContent) return doc.content ?? "";
  const raw = atob(doc.binaryContent);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
