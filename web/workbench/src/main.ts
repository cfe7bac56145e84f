// The workbench shell: header with the language switch, page navigation (#data,
// #index, #model, #study, #workspace) and the current page, redrawn from the shared
// state on navigation and language change. Focus moves to the page heading so keyboard
// and screen-reader users land on the new page.
import { h } from "./dom";
import { language, setLanguage, t } from "./i18n";
import type { Language } from "./i18n";
import { renderData } from "./pages/data";
import { renderIndex } from "./pages/index_page";
import { renderModel } from "./pages/model_page";
import { renderStudy } from "./pages/study_page";
import { renderWorkspace } from "./pages/workspace_page";

type Page = (refresh: () => void) => HTMLElement;
const PAGES: Array<[string, Page]> = [
  ["data", renderData], ["index", renderIndex], ["model", renderModel],
  ["study", renderStudy], ["workspace", renderWorkspace],
];

function currentPage(): string {
  const name = location.hash.replace(/^#/, "");
  return PAGES.some(([p]) => p === name) ? name : "data";
}

function header(): HTMLElement {
  const switcher = h("select", {
    id: "language", onchange: (e: Event) => {
      setLanguage((e.target as HTMLSelectElement).value as Language);
      draw(true);
    },
  }, h("option", { value: "en", selected: language() === "en", lang: "en" }, "English"),
     h("option", { value: "zh", selected: language() === "zh", lang: "zh-CN" }, "中文"));
  const page = currentPage();
  return h("header", { class: "top" },
    h("a", { class: "skip", href: "#main" }, t("app.skip")),
    h("div", { class: "brand" }, h("h1", {}, t("app.title")), h("p", {}, t("app.subtitle"))),
    h("div", { class: "language" }, h("label", { for: "language" }, t("app.language")), switcher),
    h("nav", { "aria-label": t("app.pages") }, h("ul", {}, PAGES.map(([name]) =>
      h("li", {}, h("a", { href: `#${name}`, id: `nav-${name}`, "aria-current": name === page ? "page" : undefined },
        t(`nav.${name}`))))),
      h("a", { href: "/api/", class: "api-link" }, t("nav.api"))));
}

function draw(focusHeading: boolean): void {
  const app = document.getElementById("app")!;
  const page = PAGES.find(([p]) => p === currentPage())![1];
  const refresh = (): void => draw(false);
  document.title = `${t(`nav.${currentPage()}`)} · ${t("app.title")}`;
  const scroll = window.scrollY;
  const focused = document.activeElement?.id;
  app.replaceChildren(header(), h("main", { id: "main", tabindex: -1 }, page(refresh)));
  if (focusHeading) {
    (document.getElementById("page-h") as HTMLElement | null)?.setAttribute("tabindex", "-1");
    document.getElementById("page-h")?.focus();
  } else {
    window.scrollTo(0, scroll);
    if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
  }
}

setLanguage(language());
window.addEventListener("hashchange", () => draw(true));
draw(false);
