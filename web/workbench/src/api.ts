// Calls to the gateway's HTTP/JSON API (same origin). Errors arrive as AIP-193 bodies
// ({"error": {code, message, status, details}}); ApiError keeps the message and the
// google.rpc.BadRequest field violations so pages can list them by row and column.

export interface FieldViolation {
  field: string;
  description: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly status: string,
    readonly violations: FieldViolation[],
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { message?: string; status?: string; details?: Array<Record<string, unknown>> };
}

function violationsOf(body: ErrorBody): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const detail of body.error?.details ?? []) {
    if (detail["@type"] !== "type.googleapis.com/google.rpc.BadRequest") continue;
    const list = (detail["fieldViolations"] ?? []) as Array<Partial<FieldViolation>>;
    for (const v of list) out.push({ field: v.field ?? "", description: v.description ?? "" });
  }
  return out;
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    return new ApiError(text || response.statusText, response.status, "", []);
  }
  return new ApiError(body.error?.message ?? response.statusText, response.status,
                      body.error?.status ?? "", violationsOf(body));
}

// The bearer token the workspace needs (kept for this browser tab only).
let bearerToken = sessionStorage.getItem("govmetrics.token") ?? "";

export function setToken(token: string): void {
  bearerToken = token.trim();
  sessionStorage.setItem("govmetrics.token", bearerToken);
}

export function token(): string {
  return bearerToken;
}

function headers(json: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (json) out["Content-Type"] = "application/json";
  if (bearerToken) out["Authorization"] = `Bearer ${bearerToken}`;
  return out;
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

// Sends a file as the raw request body (the gateway streams it to the workspace).
export async function upload<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const response = await fetch(path, {
    method: "POST",
    headers: { ...headers(false), "Content-Type": contentType },
    body: file,
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

// One server-sent event: its `event:` name and its JSON `data:`.
export interface ServerEvent {
  event: string;
  data: unknown;
}

function parseEvent(block: string): ServerEvent | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  return data.length ? { event, data: JSON.parse(data.join("\n")) } : null;
}

// POST (or GET) returning text/event-stream; `onEvent` sees each event as it arrives.
// EventSource cannot POST a body, so the stream is read from fetch.
export async function stream(method: string, path: string, body: unknown,
                             onEvent: (e: ServerEvent) => void): Promise<void> {
  const response = await fetch(path, {
    method,
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const parsed = parseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (parsed) onEvent(parsed);
    }
  }
}
