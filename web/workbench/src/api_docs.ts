// The browsable API page (/api/): every operation of /openapi.json (generated from the
// protos at build time) grouped by service, with its parameters, request and response
// schemas as field tables (linked by schema name) and a curl example.
import { h, table } from "./dom";

interface Schema {
  $ref?: string; type?: string; format?: string; description?: string; enum?: string[];
  items?: Schema; properties?: Record<string, Schema>; allOf?: Schema[]; additionalProperties?: boolean | Schema;
}
interface Parameter { name: string; in: string; description?: string; required?: boolean; schema?: Schema }
interface Operation {
  summary?: string; description?: string; operationId?: string; tags?: string[]; parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApi {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const schemaName = (ref: string): string => ref.replace("#/components/schemas/", "");
const anchor = (name: string): string => `schema-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function typeText(s: Schema | undefined): Node | string {
  if (!s) return "";
  const ref = s.$ref ?? s.allOf?.find((x) => x.$ref)?.$ref;
  if (ref) return h("a", { href: `#${anchor(schemaName(ref))}` }, schemaName(ref));
  if (s.type === "array") return h("span", {}, typeText(s.items), "[]");
  if (s.enum) return `enum: ${s.enum.join(" | ")}`;
  return s.format ? `${s.type} (${s.format})` : s.type ?? "object";
}

function schemaOf(op: Operation, kind: "request" | "response"): Schema | undefined {
  const content = kind === "request" ? op.requestBody?.content : op.responses?.["200"]?.content;
  return content?.["application/json"]?.schema ?? content?.["text/event-stream"]?.schema;
}

function operation(path: string, method: string, op: Operation): HTMLElement {
  const params = op.parameters ?? [];
  const body = schemaOf(op, "request");
  const curl = `curl -X ${method.toUpperCase()} ${location.origin}${path.replace(/\{([^}=]+)(=[^}]*)?\}/g, "$1")}` +
    (body ? " -H 'Content-Type: application/json' -d @request.json" : "");
  return h("details", { class: "operation", id: op.operationId ?? undefined },
    h("summary", {}, h("code", { class: `method ${method}` }, method.toUpperCase()), " ", h("code", {}, path),
      " — ", op.summary ?? ""),
    h("p", {}, op.description ?? ""),
    params.length ? table("Parameters", ["Name", "In", "Type", "Description"],
      params.map((p) => [p.name, p.in, typeText(p.schema), p.description ?? ""])) : null,
    h("p", {}, "Request body: ", body ? typeText(body) : "none"),
    h("p", {}, "Response: ", typeText(schemaOf(op, "response"))),
    h("pre", { tabindex: 0 }, h("code", {}, curl)));
}

function schemaSection(name: string, s: Schema): HTMLElement {
  const rows = Object.entries(s.properties ?? {}).map(([field, f]) => [field, typeText(f), f.description ?? ""]);
  return h("section", { id: anchor(name), class: "schema" },
    h("h3", {}, name), h("p", {}, s.description ?? ""),
    s.enum ? h("p", {}, `Values: ${s.enum.join(", ")}`) : null,
    rows.length ? table(`${name} fields`, ["Field", "Type", "Description"], rows) : null);
}

function render(doc: OpenApi): HTMLElement[] {
  const byTag = new Map<string, HTMLElement[]>();
  for (const [path, methods] of Object.entries(doc.paths).sort()) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op)]);
    }
  }
  const schemas = Object.entries(doc.components.schemas).sort(([a], [b]) => a.localeCompare(b));
  return [
    h("p", {}, `${doc.info.title} ${doc.info.version}. ${doc.info.description ?? ""}`),
    h("nav", { "aria-label": "Services" }, h("ul", {}, [...byTag.keys()].map((tag) =>
      h("li", {}, h("a", { href: `#tag-${tag}` }, tag))), h("li", {}, h("a", { href: "#schemas" }, "Schemas")))),
    ...[...byTag.entries()].map(([tag, ops]) =>
      h("section", { "aria-labelledby": `tag-${tag}` }, h("h2", { id: `tag-${tag}` }, tag), ops)),
    h("h2", { id: "schemas" }, "Schemas"),
    ...schemas.map(([name, s]) => schemaSection(name, s)),
  ];
}

async function main(): Promise<void> {
  const status = document.getElementById("api-status")!;
  try {
    const response = await fetch("/openapi.json");
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document.getElementById("api")!.replaceChildren(...render((await response.json()) as OpenApi));
    status.textContent = "";
  } catch (error) {
    status.textContent = `Could not load /openapi.json: ${String(error)}`;
  }
}

void main();
