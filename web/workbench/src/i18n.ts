// Message catalogs (messages/en.json, messages/zh.json: the same keys, checked by the
// browser test) and the current language, kept in localStorage and in <html lang>.
import en from "../messages/en.json";
import zh from "../messages/zh.json";

export type Language = "en" | "zh";
const catalogs: Record<Language, Record<string, string>> = { en, zh };

let current: Language = (localStorage.getItem("govmetrics.lang") as Language | null) ??
  (navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en");
if (!(current in catalogs)) current = "en";

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
  localStorage.setItem("govmetrics.lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

// The message for `key` with {name} placeholders filled; the key itself when missing,
// so a gap is visible rather than blank.
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogs[current][key] ?? catalogs.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

// Numbers in the page's language (grouping, decimal mark).
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString(current === "zh" ? "zh-CN" : "en-US", {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  });
}
